import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';

import { afterWrite, fromAnswer } from '../../api/cache';
import { can, useMe } from '../../auth/session';
import { ConfirmButton } from '../../components/ConfirmButton';
import { PageHeader } from '../../components/PageHeader';
import { ProblemAlert } from '../../components/ProblemAlert';
import { Spinner } from '../../components/Spinner';
import { getCaseOptions, getCaseQueryKey, caseReadinessOptions } from '../../client/@tanstack/react-query.gen';
import { call, caseReads, sdk, useCase, type CaseOut } from '../../features/api';
import { CommentsForSection, useComments } from '../../features/Comments';
import { draftOf, SECTIONS, type Draft } from '../../features/content';
import { CaseFields, sameDraft } from '../../features/drafts/CaseFields';
import { ChangesRequested } from '../../features/drafts/ChangesRequested';
import { mapToControls, onPage } from '../../features/drafts/fieldMap';
import { LeaveGuard } from '../../features/drafts/LeaveGuard';
import { ProblemsBanner } from '../../features/drafts/ProblemsBanner';
import { RestoredNotice } from '../../features/drafts/RestoredNotice';
import { afterSave, claimForEditing, saveDraft } from '../../features/drafts/save';
import { draftStore, draftUser, type LocalDraft } from '../../features/drafts/store';
import { EvidencePanel } from '../../features/EvidencePanel';
import { type FieldErrorMap } from '../../features/fieldErrors';
import { differingSections, resolveConflict, type ConflictChoice, type ServerCase } from '../../features/merge';
import { differences } from '../../features/offline/compare';
import { setPending, useOnline } from '../../features/offline/status';
import { ReadinessPanel } from '../../features/ReadinessPanel';
import { StatusBadge } from '../../features/StatusBadge';
import { DownloadAsWord } from '../../features/word/DownloadAsWord';

const AUTOSAVE_MS = 1200;
/** saved: the server has every edit; dirty: edits not sent yet; problems: the server refused some values. */
type SaveState = 'saved' | 'dirty' | 'saving' | 'problems';

export default function CaseEditorPage() {
  const { caseId = '' } = useParams();
  const { t } = useTranslation('work');
  const me = useMe();
  const user = draftUser(me);
  const loaded = useCase(caseId);
  // Edits kept on this device for this case (read before the editor opens, so they are never typed over).
  const [local, setLocal] = useState<{ caseId: string; record: LocalDraft | undefined } | null>(null);
  useEffect(() => {
    let live = true;
    // The background sync (features/offline/sync.ts) leaves this case to the editor while it is open.
    const claim = claimForEditing(user, caseId);
    claim.settled
      .then(() => draftStore().get(user, caseId))
      .then(
        (record) => live && setLocal({ caseId, record }),
        () => live && setLocal({ caseId, record: undefined }),
      );
    return () => {
      live = false;
      claim.release();
    };
  }, [user, caseId]);
  if (loaded.isPending || local?.caseId !== caseId) return <Spinner label={t('editor.saving')} />;
  if (loaded.isError) return <div className="page"><ProblemAlert error={loaded.error} /></div>;
  return <Editor key={caseId} initial={loaded.data} local={local.record} user={user} />;
}

function Editor({ initial, local, user }: { initial: CaseOut; local: LocalDraft | undefined; user: string }) {
  const { t } = useTranslation('work');
  const { t: td } = useTranslation('drafts');
  const { t: to } = useTranslation('offline');
  const { t: tp } = useTranslation('polish');
  const me = useMe();
  const qc = useQueryClient();
  const online = useOnline();
  const caseId = initial.id;
  const [caseMeta, setCaseMeta] = useState(initial);
  const editable = can(me, 'cases:write') && (caseMeta.status === 'draft' || caseMeta.status === 'changes_requested');
  const restored = editable && local && !sameDraft(local.draft, draftOf(initial)) ? local : undefined;
  const [draft, setDraft] = useState<Draft>(() => (restored ? restored.draft : draftOf(initial)));
  const [restoredAt, setRestoredAt] = useState<string | null>(restored?.updatedAt ?? null);
  /** What the server holds: a refused value goes back to it when the rest is sent. */
  const saved = useRef<Draft>(draftOf(initial));
  const version = useRef(initial.version);
  const [saveState, setSaveState] = useState<SaveState>(restored ? 'dirty' : 'saved');
  const [fieldErrors, setFieldErrors] = useState<FieldErrorMap>({});
  const [partlySaved, setPartlySaved] = useState(false);
  const [otherError, setOtherError] = useState<unknown>(null);
  // Edits kept here were made on an older version than the server's: both are shown to choose from.
  const [conflict, setConflict] = useState<ServerCase | null>(() => (restored && restored.baseVersion !== initial.version ? initial : null));
  /** While a conflict waits, the version the edits kept here were made on (what they are kept against). */
  const conflictBase = useRef(restored ? restored.baseVersion : initial.version);
  const draftRef = useRef(draft);
  draftRef.current = draft;
  const inFlight = useRef(false);

  const readiness = useQuery(caseReadinessOptions({ path: { case_id: caseId } }));

  // Unchanged edits kept here are dropped at once.
  useEffect(() => {
    if (local && !restored) void draftStore().delete(user, caseId);
    // Once, on opening: `local` and `restored` do not change for this editor.
  }, []);

  // Every change is kept on this device until the server has all of it.
  useEffect(() => {
    if (!editable) return;
    const store = draftStore();
    if (saveState === 'saved' && !conflict) void store.delete(user, caseId);
    else
      void store.put({
        user,
        caseId,
        draft,
        baseVersion: conflict ? conflictBase.current : version.current,
        updatedAt: new Date().toISOString(),
        // Marked for the background sync: it sends none of these without the person.
        review: conflict ? 'conflict' : saveState === 'problems' ? 'refused' : undefined,
      });
  }, [draft, saveState, conflict, editable, user, caseId]);

  const save = useCallback(
    async (autosave: boolean) => {
      if (inFlight.current) return;
      inFlight.current = true;
      const sent = draftRef.current;
      setSaveState('saving');
      const landed = (out: CaseOut, body: Draft) => {
        version.current = out.version;
        saved.current = body;
        setCaseMeta(out);
        afterSave(qc, out);
      };
      // The same save as the background sync of drafts kept on this device (features/drafts/save.ts).
      try {
        const r = await saveDraft({ caseId, draft: sent, version: version.current, saved: saved.current, autosave });
        if (r.status === 'saved') {
          landed(r.out, sent);
          setFieldErrors({});
          setPartlySaved(false);
          setOtherError(null);
          setSaveState(draftRef.current === sent ? 'saved' : 'dirty');
        } else if (r.status === 'conflict') {
          conflictBase.current = version.current;
          // Read afresh (never the cached copy): the newer version is what the person chooses against.
          const server = await qc.fetchQuery({ ...getCaseOptions({ path: { case_id: caseId } }), staleTime: 0 });
          setConflict(server);
          setSaveState('dirty');
        } else if (r.status === 'refused') {
          // Every refused value is marked at its field; what is valid was saved, the refused values
          // stay in the editor and on this device until they are corrected.
          if (r.landed) landed(r.landed.out, r.landed.body);
          const exists = onPage();
          const first = mapToControls(r.refusals[0] ?? [], exists);
          const fields: FieldErrorMap = { ...first.fields };
          for (const errors of r.refusals.slice(1))
            for (const [k, msgs] of Object.entries(mapToControls(errors, exists).fields)) fields[k] = [...new Set([...(fields[k] ?? []), ...msgs])];
          setFieldErrors(fields);
          setPartlySaved(!!r.landed);
          setOtherError(first.other.length > 0 || Object.keys(fields).length === 0 ? r.error : null);
          setSaveState(draftRef.current === sent ? 'problems' : 'dirty');
        } else {
          // Offline (or the connection dropped): the edits stay on this device and are sent when it is back.
          setOtherError(navigator.onLine ? r.error : null);
          setSaveState('dirty');
        }
      } finally {
        inFlight.current = false;
      }
    },
    [caseId, qc],
  );

  // Debounced autosave while there are unsent edits and no conflict waiting for the person; offline,
  // nothing is tried: the edits are kept on this device and sent (If-Match) once the browser is online.
  useEffect(() => {
    if (saveState !== 'dirty' || conflict || !editable || !online) return;
    const h = window.setTimeout(() => void save(true), AUTOSAVE_MS);
    return () => window.clearTimeout(h);
  }, [draft, saveState, conflict, editable, save, online]);

  // The connection indicator shows "syncing" while this draft has edits the server does not have yet.
  const unsent = editable && !conflict && (saveState === 'dirty' || saveState === 'saving');
  useEffect(() => {
    setPending(`draft:${caseId}`, unsent ? 1 : 0);
    return () => setPending(`draft:${caseId}`, 0);
  }, [unsent, caseId]);

  const edit = (fn: (d: Draft) => Draft) => {
    setDraft((d) => fn(d));
    setSaveState('dirty');
  };

  const choose = (choice: ConflictChoice) => {
    if (!conflict) return;
    const r = resolveConflict(choice, draftRef.current, conflict);
    version.current = r.version;
    saved.current = draftOf(conflict);
    setDraft(r.draft);
    draftRef.current = r.draft;
    setConflict(null);
    if (r.resave) void save(false);
    else {
      setFieldErrors({});
      setSaveState('saved');
    }
  };

  const submit = useMutation({
    mutationFn: async () => {
      if (saveState !== 'saved') await save(false);
      return call(sdk.submitCase({ path: { case_id: caseId }, headers: { 'if-match': `"${version.current}"` } }));
    },
    onSuccess: (out) => {
      setCaseMeta(out);
      version.current = out.version;
      afterWrite(qc, { update: [fromAnswer<CaseOut>(getCaseQueryKey({ path: { case_id: caseId } }), out)], invalidate: caseReads(caseId) });
    },
  });

  const comments = useComments(caseId);
  const aside = (section: string) => <CommentsForSection caseId={caseId} section={section} comments={comments.data ?? []} />;
  const problems = Object.keys(fieldErrors).length;
  const stateText = !editable
    ? t('editor.readOnly')
    : saveState === 'saved'
      ? t('editor.saved')
      : saveState === 'saving'
        ? t('editor.saving')
        : saveState === 'problems'
          ? td('problems.title', { count: problems })
          : !online
            ? to('editor.offline')
            : td('state.unsent');

  return (
    <div className="page work-editor">
      <LeaveGuard when={editable && (saveState !== 'saved' || !!conflict)} />
      <p>
        <Link to="/cases">{t('editor.back')}</Link>
      </p>
      <PageHeader title={draft.title || caseMeta.title}>
        <p className="work-meta">
          <StatusBadge status={caseMeta.status} /> {t('editor.revision', { n: caseMeta.revision_number })}{' '}
          <span role="status" className="work-save" data-state={saveState} data-testid="save-state">
            {stateText}
          </span>
        </p>
      </PageHeader>
      <ChangesRequested caseId={caseId} status={caseMeta.status} />
      {restoredAt ? <RestoredNotice at={restoredAt} onDismiss={() => setRestoredAt(null)} /> : null}
      {editable && !online && saveState === 'dirty' ? (
        <p className="alert alert--info" data-testid="offline-notice">{to('editor.willSync')}</p>
      ) : null}
      {conflict ? <ConflictDialog mine={draft} server={conflict} onChoose={choose} /> : null}
      {editable && saveState !== 'saved' ? <ProblemsBanner fields={fieldErrors} partlySaved={partlySaved} /> : null}
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
          <CaseFields draft={draft} edit={edit} errors={fieldErrors} readOnly={!editable} sectionAside={aside} />
          {editable ? (
            <div className="work-actions">
              <button type="button" className="btn" disabled={saveState === 'saving'} onClick={() => void save(false)}>{t('editor.save')}</button>
            </div>
          ) : null}
        </div>
        <aside className="work-side work-side--sticky" data-testid="editor-side">
          {/* Scrolls on its own when taller than the screen (focusable, so the keyboard can scroll it too). */}
          <div className="work-side__scroll" tabIndex={0} data-testid="readiness-scroll">
            <ReadinessPanel readiness={readiness.data} />
          </div>
          {(caseMeta.allowed_transitions ?? []).includes('submit') && can(me, 'cases:write') ? (
            <div className="panel">
              <ConfirmButton
                className="btn btn--primary"
                question={tp('submit.question', { title: draft.title || caseMeta.title })}
                confirmLabel={tp('submit.confirm')}
                onConfirm={() => submit.mutate()}
                disabled={submit.isPending || !!conflict || saveState === 'problems'}
              >
                {t('editor.submit')}
              </ConfirmButton>
              {saveState === 'problems' ? <p className="hint">{td('problems.beforeSubmit')}</p> : null}
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

/** 412: the server has a newer version; both are shown and the person chooses. */
export function ConflictDialog({ mine, server, onChoose }: { mine: Draft; server: ServerCase; onChoose: (c: ConflictChoice) => void }) {
  const { t } = useTranslation('work');
  const { t: to } = useTranslation('offline');
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), []);
  const diff = differingSections(mine, server);
  const sectionName = (s: string) => t(`sections.${s}` as 'sections.title', { defaultValue: s });
  const pick = (d: { title: string; target_jurisdictions: string[]; content: unknown }) => ({ title: d.title, target_jurisdictions: d.target_jurisdictions, content: d.content });
  const rows = differences(pick(mine), pick(server));
  // "Perpetrators › 1 › name": the section by name, list items counted from 1.
  const where = (path: (string | number)[]) => {
    const [head, ...rest] = path[0] === 'content' ? path.slice(1) : path;
    return [sectionName(String(head)), ...rest.map((p) => (typeof p === 'number' ? String(p + 1) : p.replaceAll('_', ' ')))].join(' › ');
  };
  return (
    <div className="panel panel--warning work-conflict" role="alertdialog" aria-labelledby="conflict-h" aria-describedby="conflict-p" tabIndex={-1} ref={ref}>
      <h2 id="conflict-h">{t('conflict.title')}</h2>
      <p id="conflict-p">{t('conflict.intro', { server: server.version })}</p>
      <p>{diff.map((s) => sectionName(s)).join(', ')}</p>
      <p className="hint">{to('conflict.onlyDiffering')}</p>
      <div className="work-conflict__scroll">
        <table className="work-conflict__table" data-testid="conflict-table">
          <thead>
            <tr>
              <th scope="col">{to('conflict.field')}</th>
              <th scope="col">{t('conflict.mine')}</th>
              <th scope="col">{t('conflict.theirs')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={JSON.stringify(r.path)}>
                <th scope="row">{where(r.path)}</th>
                <td dir="auto" data-testid="conflict-mine">{r.mine ?? <span className="hint">{to('conflict.empty')}</span>}</td>
                <td dir="auto" data-testid="conflict-theirs">{r.theirs ?? <span className="hint">{to('conflict.empty')}</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="dialog__actions">
        <button type="button" className="btn btn--primary" onClick={() => onChoose('mine')}>{t('conflict.keepMine')}</button>
        <button type="button" className="btn" onClick={() => onChoose('theirs')}>{t('conflict.takeTheirs')}</button>
      </div>
    </div>
  );
}

