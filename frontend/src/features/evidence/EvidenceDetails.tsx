import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';

import { afterWrite, fromAnswer } from '../../api/cache';
import {
  deleteEvidenceMutation,
  evidenceCustodyOptions,
  getCaseOptions,
  listCaseEvidenceQueryKey,
  updateEvidenceMutation,
} from '../../client/@tanstack/react-query.gen';
import type { ListCaseEvidenceResponse, SendingOut } from '../../client/types.gen';
import { ConfirmButton } from '../../components/ConfirmButton';
import { DateTime, formatPartialDate } from '../../components/DateTime';
import { ProblemAlert } from '../../components/ProblemAlert';
import type { EvidenceOut } from '../api';
import type { CaseContent } from '../content';
import { formatSize } from './size';
import './evidence.css';

interface Choice {
  id: string;
  label: string;
}

/** The case's perpetrators and incidents by name, to link evidence to (the editor's cached case). */
function useLinkChoices(caseId: string): { perpetrators: Choice[]; incidents: Choice[] } {
  const { t, i18n } = useTranslation('evidence');
  const lang = i18n.resolvedLanguage ?? i18n.language;
  const c = useQuery(getCaseOptions({ path: { case_id: caseId } }));
  // The API types content loosely (a JSON document); the editor's model names its parts.
  const content = c.data?.content as CaseContent | undefined;
  const perpetrators = (content?.perpetrators ?? []).map((p, i) => ({ id: p.id ?? '', label: p.name || t('perpetratorN', { n: i + 1 }) }));
  const incidents = (content?.abuses ?? []).flatMap((a, ai) =>
    (a.incidents ?? []).map((inc, ii) => ({
      id: inc.id ?? '',
      label: [t('incidentN', { abuse: ai + 1, n: ii + 1 }), inc.date ? formatPartialDate(inc.date, lang) : null, inc.locality].filter(Boolean).join(' · '),
    })),
  );
  return { perpetrators: perpetrators.filter((p) => p.id), incidents: incidents.filter((x) => x.id) };
}

/** Everything about one evidence item beyond its sharing: metadata, where it will (not) be sent, downloads, custody, delete. */
export function EvidenceDetails({ ev, canWrite }: { ev: EvidenceOut; canWrite: boolean }) {
  const { t, i18n } = useTranslation('evidence');
  const { t: tw } = useTranslation('work');
  const [editing, setEditing] = useState(false);
  const [showCustody, setShowCustody] = useState(false);
  const qc = useQueryClient();
  const listKey = listCaseEvidenceQueryKey({ path: { case_id: ev.case_id } });
  const remove = useMutation({
    ...deleteEvidenceMutation(),
    onSuccess: () => void qc.invalidateQueries({ queryKey: listKey }),
  });
  const notSent = ev.sending.filter((s) => !s.sent && ev.share_with.includes(s.jurisdiction));
  const sentTo = ev.sending.filter((s) => s.sent);
  const neverLeaves = ev.sensitivity !== 'public';
  // Why not, in the reader's language (the API gives each: `texts`); the English `reason` otherwise.
  const lang = (i18n.resolvedLanguage ?? i18n.language) as keyof SendingOut['texts'];
  const why = (s: SendingOut | undefined) => s?.texts?.[lang] ?? s?.reason ?? '';

  return (
    <div className="evidence-details">
      {ev.description ? (
        <p dir="auto" className="evidence-details__description">
          {ev.description}
        </p>
      ) : null}
      <dl className="summary summary--compact">
        <dt>{t('size')}</dt>
        <dd>{formatSize(ev.size, i18n.resolvedLanguage ?? i18n.language)}</dd>
        {ev.captured_date || ev.captured_place ? (
          <>
            <dt>{t('captured')}</dt>
            <dd dir="auto">{[ev.captured_date ? formatPartialDate(ev.captured_date, i18n.resolvedLanguage ?? i18n.language) : null, ev.captured_place].filter(Boolean).join(' · ')}</dd>
          </>
        ) : null}
        <dt>{t('scan')}</dt>
        <dd>{ev.scan_note}</dd>
        <dt>{t('sanitise')}</dt>
        <dd>{ev.sanitise_note}</dd>
      </dl>

      <div className="evidence-details__sending" aria-label={t('sendingTitle')} role="group">
        {neverLeaves ? (
          <p className="evidence-details__warn">{t('neverLeaves', { reason: why(ev.sending[0]) })}</p>
        ) : (
          <>
            {sentTo.length ? <p>{t('willBeSent', { to: sentTo.map((s) => tw(`jur.${s.jurisdiction}` as 'jur.us')).join(', ') })}</p> : null}
            {notSent.map((s) => (
              <p key={s.jurisdiction} className="evidence-details__warn" data-testid="not-sent">
                {t('willNotBeSent', { to: tw(`jur.${s.jurisdiction}` as 'jur.us'), reason: why(s) })}
              </p>
            ))}
            {ev.share_with.length === 0 ? <p className="muted">{t('clearedNowhere')}</p> : null}
          </>
        )}
      </div>

      <div className="form__actions">
        {ev.default_variant ? (
          <a className="btn btn--small" href={`/api/v1/evidence/${encodeURIComponent(ev.id)}/content`} download>
            {t(ev.default_variant === 'original' ? 'downloadOriginal' : 'downloadSanitised')}
          </a>
        ) : null}
        {ev.default_variant === 'original' && ev.downloadable.includes('sanitised') ? (
          <a className="btn btn--small" href={`/api/v1/evidence/${encodeURIComponent(ev.id)}/content?variant=sanitised`} download>
            {t('downloadSanitised')}
          </a>
        ) : null}
        {canWrite ? (
          <button type="button" className="btn btn--small" aria-expanded={editing} onClick={() => setEditing((e) => !e)}>
            {editing ? t('closeEdit') : t('edit', { label: ev.label })}
          </button>
        ) : null}
        <button type="button" className="btn btn--small" aria-expanded={showCustody} onClick={() => setShowCustody((s) => !s)}>
          {showCustody ? t('hideCustody') : t('showCustody')}
        </button>
        {canWrite ? (
          <ConfirmButton
            danger
            disabled={remove.isPending}
            ariaLabel={t('deleteNamed', { label: ev.label })}
            question={t('deleteConfirm', { label: ev.label, title: ev.title })}
            confirmLabel={t('delete')}
            onConfirm={() => remove.mutate({ path: { evidence_id: ev.id } })}
          >
            {t('delete')}
          </ConfirmButton>
        ) : null}
      </div>
      <ProblemAlert error={remove.error} />
      {editing ? (
        <MetadataForm
          ev={ev}
          onSaved={(updated) => {
            afterWrite(qc, {
              update: [fromAnswer<ListCaseEvidenceResponse>(listKey, (page) => ({ ...page, items: page.items.map((x) => (x.id === updated.id ? updated : x)) }))],
              invalidate: [listKey],
            });
            setEditing(false);
          }}
        />
      ) : null}
      {showCustody ? <Custody evidenceId={ev.id} /> : null}
    </div>
  );
}

function MetadataForm({ ev, onSaved }: { ev: EvidenceOut; onSaved: (updated: EvidenceOut) => void }) {
  const { t } = useTranslation('evidence');
  const { perpetrators, incidents } = useLinkChoices(ev.case_id);
  const [title, setTitle] = useState(ev.title);
  const [description, setDescription] = useState(ev.description ?? '');
  const [capturedDate, setCapturedDate] = useState(ev.captured_date ?? '');
  const [capturedPlace, setCapturedPlace] = useState(ev.captured_place ?? '');
  const [perps, setPerps] = useState<string[]>(ev.perpetrator_ids);
  const [incs, setIncs] = useState<string[]>(ev.incident_ids);
  const save = useMutation({ ...updateEvidenceMutation(), onSuccess: onSaved });
  const toggle = (list: string[], set: (v: string[]) => void, id: string) => set(list.includes(id) ? list.filter((x) => x !== id) : [...list, id]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({
      path: { evidence_id: ev.id },
      body: {
        title: title.trim(),
        description: description.trim() || null,
        captured_date: capturedDate.trim() || null,
        captured_place: capturedPlace.trim() || null,
        perpetrator_ids: perps,
        incident_ids: incs,
      },
    });
  };
  const id = (f: string) => `ev-${ev.id}-${f}`;
  return (
    <form className="form evidence-details__form" onSubmit={submit} aria-label={t('editTitle', { label: ev.label })}>
      <div className="form__grid">
        <div className="field">
          <label htmlFor={id('title')}>{t('title')}</label>
          <input id={id('title')} value={title} onChange={(e) => setTitle(e.target.value)} required maxLength={300} dir="auto" />
        </div>
        <div className="field">
          <label htmlFor={id('date')}>{t('capturedDate')}</label>
          <input id={id('date')} value={capturedDate} onChange={(e) => setCapturedDate(e.target.value)} placeholder="2024-03-14" aria-describedby={id('date-hint')} dir="ltr" />
          <p className="hint" id={id('date-hint')}>
            {t('dateHint')}
          </p>
        </div>
        <div className="field">
          <label htmlFor={id('place')}>{t('capturedPlace')}</label>
          <input id={id('place')} value={capturedPlace} onChange={(e) => setCapturedPlace(e.target.value)} maxLength={300} dir="auto" />
        </div>
      </div>
      <div className="field">
        <label htmlFor={id('description')}>{t('description')}</label>
        <textarea id={id('description')} value={description} onChange={(e) => setDescription(e.target.value)} rows={3} dir="auto" />
      </div>
      {perpetrators.length ? (
        <fieldset className="fieldset">
          <legend>{t('linksPerpetrators')}</legend>
          {perpetrators.map((p) => (
            <label key={p.id} className="check">
              <input type="checkbox" checked={perps.includes(p.id)} onChange={() => toggle(perps, setPerps, p.id)} /> <bdi>{p.label}</bdi>
            </label>
          ))}
        </fieldset>
      ) : null}
      {incidents.length ? (
        <fieldset className="fieldset">
          <legend>{t('linksIncidents')}</legend>
          {incidents.map((x) => (
            <label key={x.id} className="check">
              <input type="checkbox" checked={incs.includes(x.id)} onChange={() => toggle(incs, setIncs, x.id)} /> <bdi>{x.label}</bdi>
            </label>
          ))}
        </fieldset>
      ) : null}
      <ProblemAlert error={save.error} />
      <div className="form__actions">
        <button type="submit" className="btn btn--primary" disabled={save.isPending}>
          {save.isPending ? t('saving') : t('save')}
        </button>
      </div>
    </form>
  );
}

function Custody({ evidenceId }: { evidenceId: string }) {
  const { t } = useTranslation('evidence');
  const custody = useQuery(evidenceCustodyOptions({ path: { evidence_id: evidenceId } }));
  if (custody.isPending) return <p className="muted">…</p>;
  if (custody.isError) return <ProblemAlert error={custody.error} />;
  const actions: Record<string, string> = t('custodyActions', { returnObjects: true });
  return (
    <ol className="evidence-custody" aria-label={t('custodyTitle')}>
      {custody.data.map((c) => (
        <li key={c.id}>
          <DateTime value={c.at} /> — {actions[c.action] ?? c.action}
          {c.sha256 ? (
            <>
              {' '}
              <code className="hash" title={c.sha256}>
                {c.sha256.slice(0, 12)}…
              </code>
            </>
          ) : null}
        </li>
      ))}
    </ol>
  );
}
