import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';

import { afterWrite, fromAnswer } from '../../api/cache';
import { asApiError } from '../../api/errors';
import { can, useMe } from '../../auth/session';
import { PageHeader } from '../../components/PageHeader';
import { ProblemAlert } from '../../components/ProblemAlert';
import { Spinner } from '../../components/Spinner';
import {
  getCaseApiV1CasesCaseIdGetOptions,
  getCaseApiV1CasesCaseIdGetQueryKey,
  listCasesApiV1CasesGetQueryKey,
  readinessApiV1CasesCaseIdReadinessGetOptions,
  readinessApiV1CasesCaseIdReadinessGetQueryKey,
} from '../../client/@tanstack/react-query.gen';
import { call, caseReads, sdk, useCase, type CaseOut } from '../../features/api';
import { CommentsForSection, useComments } from '../../features/Comments';
import { draftOf, JURISDICTIONS, SECTIONS, type CaseContent, type Draft } from '../../features/content';
import { ContentForm } from '../../features/ContentForm';
import { EvidencePanel } from '../../features/EvidencePanel';
import { mapFieldErrors, type FieldErrorMap } from '../../features/fieldErrors';
import { CheckboxGroup, FieldErrorsContext, ReadOnlyContext, TextField } from '../../features/fields';
import { differingSections, resolveConflict, type ConflictChoice, type ServerCase } from '../../features/merge';
import { ReadinessPanel } from '../../features/ReadinessPanel';
import { StatusBadge } from '../../features/StatusBadge';
import { DownloadAsWord } from '../../features/word/DownloadAsWord';
import { UnmappedContent } from '../../features/word/UnmappedContent';

const AUTOSAVE_MS = 1200;
type SaveState = 'saved' | 'dirty' | 'saving';

export default function CaseEditorPage() {
  const { caseId = '' } = useParams();
  const { t } = useTranslation('work');
  const loaded = useCase(caseId);
  if (loaded.isPending) return <Spinner label={t('editor.saving')} />;
  if (loaded.isError) return <div className="page"><ProblemAlert error={loaded.error} /></div>;
  return <Editor key={caseId} initial={loaded.data} />;
}

function Editor({ initial }: { initial: CaseOut }) {
  const { t } = useTranslation('work');
  const me = useMe();
  const qc = useQueryClient();
  const caseId = initial.id;
  const [caseMeta, setCaseMeta] = useState(initial);
  const [draft, setDraft] = useState<Draft>(() => draftOf(initial));
  const version = useRef(initial.version);
  const [saveState, setSaveState] = useState<SaveState>('saved');
  const [fieldErrors, setFieldErrors] = useState<FieldErrorMap>({});
  const [otherError, setOtherError] = useState<unknown>(null);
  const [conflict, setConflict] = useState<ServerCase | null>(null);
  const draftRef = useRef(draft);
  draftRef.current = draft;
  const inFlight = useRef(false);
  const editable = can(me, 'cases:write') && (caseMeta.status === 'draft' || caseMeta.status === 'changes_requested');

  const readiness = useQuery(readinessApiV1CasesCaseIdReadinessGetOptions({ path: { case_id: caseId } }));

  const save = useCallback(
    async (autosave: boolean) => {
      if (inFlight.current) return;
      inFlight.current = true;
      const sent = draftRef.current;
      setSaveState('saving');
      try {
        const out = await call(
          sdk.updateCaseApiV1CasesCaseIdPut({
            path: { case_id: caseId },
            query: { autosave },
            headers: { 'if-match': `"${version.current}"` },
            body: { title: sent.title, target_jurisdictions: sent.target_jurisdictions, content: sent.content as Record<string, unknown> },
          }),
        );
        version.current = out.version;
        setCaseMeta(out);
        // The saved case is the answer; what is computed from it (readiness, lists) is read afresh.
        afterWrite(qc, {
          update: [fromAnswer<CaseOut>(getCaseApiV1CasesCaseIdGetQueryKey({ path: { case_id: caseId } }), out)],
          invalidate: [readinessApiV1CasesCaseIdReadinessGetQueryKey({ path: { case_id: caseId } }), listCasesApiV1CasesGetQueryKey()],
        });
        setFieldErrors({});
        setOtherError(null);
        setSaveState(draftRef.current === sent ? 'saved' : 'dirty');
      } catch (err) {
        const e = asApiError(err);
        if (e.status === 412) {
          // Read afresh (never the cached copy): the newer version is what the person chooses against.
          const server = await qc.fetchQuery({ ...getCaseApiV1CasesCaseIdGetOptions({ path: { case_id: caseId } }), staleTime: 0 });
          setConflict(server);
          setSaveState('dirty');
        } else if (e.status === 422) {
          const { fields, other } = mapFieldErrors(e.fieldErrors);
          setFieldErrors(fields);
          setOtherError(other.length > 0 || Object.keys(fields).length === 0 ? e : null);
          setSaveState('dirty');
        } else {
          setOtherError(e);
          setSaveState('dirty');
        }
      } finally {
        inFlight.current = false;
      }
    },
    [caseId, qc],
  );

  // Debounced autosave while there are unsaved edits and no conflict or error waiting for the person.
  useEffect(() => {
    if (saveState !== 'dirty' || conflict || !editable) return;
    const h = window.setTimeout(() => void save(true), AUTOSAVE_MS);
    return () => window.clearTimeout(h);
  }, [draft, saveState, conflict, editable, save]);

  const edit = (fn: (d: Draft) => Draft) => {
    setDraft((d) => fn(d));
    setSaveState('dirty');
  };
  const updateContent = (fn: (c: CaseContent) => CaseContent) => edit((d) => ({ ...d, content: fn(d.content) }));

  const choose = (choice: ConflictChoice) => {
    if (!conflict) return;
    const r = resolveConflict(choice, draftRef.current, conflict);
    version.current = r.version;
    setDraft(r.draft);
    draftRef.current = r.draft;
    setConflict(null);
    if (r.resave) void save(false);
    else setSaveState('saved');
  };

  const submit = useMutation({
    mutationFn: async () => {
      if (saveState !== 'saved') await save(false);
      return call(sdk.submitApiV1CasesCaseIdSubmitPost({ path: { case_id: caseId }, headers: { 'if-match': `"${version.current}"` } }));
    },
    onSuccess: (out) => {
      setCaseMeta(out);
      version.current = out.version;
      afterWrite(qc, { update: [fromAnswer<CaseOut>(getCaseApiV1CasesCaseIdGetQueryKey({ path: { case_id: caseId } }), out)], invalidate: caseReads(caseId) });
    },
  });

  const comments = useComments(caseId);
  const aside = (section: string) => <CommentsForSection caseId={caseId} section={section} comments={comments.data ?? []} />;

  return (
    <div className="page work-editor">
      <p>
        <Link to="/cases">{t('editor.back')}</Link>
      </p>
      <PageHeader title={draft.title || caseMeta.title}>
        <p className="work-meta">
          <StatusBadge status={caseMeta.status} /> {t('editor.revision', { n: caseMeta.revision_number })}{' '}
          <span role="status" className="work-save" data-state={saveState}>
            {editable ? t(saveState === 'saved' ? 'editor.saved' : saveState === 'saving' ? 'editor.saving' : 'editor.unsaved') : t('editor.readOnly')}
          </span>
        </p>
      </PageHeader>
      {conflict ? <ConflictDialog mine={draft} server={conflict} onChoose={choose} /> : null}
      <ProblemAlert error={otherError} />
      <nav aria-label={t('editor.sectionsNav')} className="work-toc">
        <ul>
          {SECTIONS.map((s) => (
            <li key={s}>
              <a href={`#section-${s}`}>{t(`sections.${s}`)}</a>
            </li>
          ))}
          <li><a href="#evidence-h">{t('evidence.title')}</a></li>
        </ul>
      </nav>
      <div className="work-layout">
        <div className="work-main">
          <FieldErrorsContext.Provider value={fieldErrors}>
            <ReadOnlyContext.Provider value={!editable}>
              <div className="panel">
                <TextField k="title" label={t('editor.caseTitle')} value={draft.title} onChange={(v) => edit((d) => ({ ...d, title: v ?? '' }))} />
                <CheckboxGroup
                  k="target_jurisdictions"
                  legend={t('editor.targets')}
                  values={draft.target_jurisdictions}
                  options={JURISDICTIONS.map((j) => ({ value: j, label: t(`jur.${j}`) }))}
                  onChange={(v) => edit((d) => ({ ...d, target_jurisdictions: JURISDICTIONS.filter((j) => v.includes(j)) }))}
                />
              </div>
              <ContentForm content={draft.content} update={updateContent} targets={draft.target_jurisdictions} readOnly={!editable} sectionAside={aside} />
              <UnmappedContent content={draft.content} update={updateContent} readOnly={!editable} />
            </ReadOnlyContext.Provider>
          </FieldErrorsContext.Provider>
          {editable ? (
            <div className="work-actions">
              <button type="button" className="btn" disabled={saveState === 'saving'} onClick={() => void save(false)}>{t('editor.save')}</button>
            </div>
          ) : null}
        </div>
        <aside className="work-side">
          <ReadinessPanel readiness={readiness.data} />
          {(caseMeta.allowed_transitions ?? []).includes('submit') && can(me, 'cases:write') ? (
            <div className="panel">
              <button type="button" className="btn btn--primary" onClick={() => submit.mutate()} disabled={submit.isPending || !!conflict}>
                {t('editor.submit')}
              </button>
              <ProblemAlert error={submit.error} />
            </div>
          ) : null}
          {submit.isSuccess ? <p className="alert alert--success" role="status">{t('editor.submitted')}</p> : null}
          <DownloadAsWord caseId={caseId} orgId={caseMeta.org_id} />
        </aside>
      </div>
      <EvidencePanel caseId={caseId} canWrite={editable} />
    </div>
  );
}

function Summary({ d }: { d: { title: string; target_jurisdictions: string[]; content: Record<string, unknown> } }) {
  return <pre className="work-json">{JSON.stringify({ title: d.title, target_jurisdictions: d.target_jurisdictions, ...d.content }, null, 2)}</pre>;
}

/** 412: the server has a newer version; both are shown and the person chooses. */
export function ConflictDialog({ mine, server, onChoose }: { mine: Draft; server: ServerCase; onChoose: (c: ConflictChoice) => void }) {
  const { t } = useTranslation('work');
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), []);
  const diff = differingSections(mine, server);
  return (
    <div className="panel panel--warning work-conflict" role="alertdialog" aria-labelledby="conflict-h" aria-describedby="conflict-p" tabIndex={-1} ref={ref}>
      <h2 id="conflict-h">{t('conflict.title')}</h2>
      <p id="conflict-p">{t('conflict.intro', { server: server.version })}</p>
      <p>{diff.map((s) => t(`sections.${s}` as 'sections.title', { defaultValue: s })).join(', ')}</p>
      <div className="work-two">
        <section aria-label={t('conflict.mine')}>
          <h3>{t('conflict.mine')}</h3>
          <Summary d={{ ...mine, content: mine.content as Record<string, unknown> }} />
        </section>
        <section aria-label={t('conflict.theirs')}>
          <h3>{t('conflict.theirs')}</h3>
          <Summary d={server} />
        </section>
      </div>
      <div className="dialog__actions">
        <button type="button" className="btn btn--primary" onClick={() => onChoose('mine')}>{t('conflict.keepMine')}</button>
        <button type="button" className="btn" onClick={() => onChoose('theirs')}>{t('conflict.takeTheirs')}</button>
      </div>
    </div>
  );
}

