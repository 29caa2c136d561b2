import { useQuery } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';

import { useMe } from '../../auth/session';
import { listCaseEvidenceOptions } from '../../client/@tanstack/react-query.gen';
import { DateTime } from '../../components/DateTime';
import { ProblemAlert } from '../../components/ProblemAlert';
import type { CommentOut, EvidenceOut } from '../api';
import { CommentThreads } from '../Comments';
import type { CaseContent } from '../content';
import { formatPartialDate, formatSize } from './format';
import { sectionOfPath } from './paths';

const contentUrl = (id: string, variant: 'original' | 'sanitised', reason?: string) =>
  `/api/v1/evidence/${encodeURIComponent(id)}/content?${new URLSearchParams({ variant, ...(reason ? { reason } : {}) }).toString()}`;

/** The original for someone outside the authoring organisation: the API wants a reason, kept in the custody record. */
function OriginalWithReason({ ev }: { ev: EvidenceOut }) {
  const { t } = useTranslation('review');
  const [reason, setReason] = useState('');
  const id = useId();
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (!reason.trim()) return;
    // A real navigation: the API answers with an attachment, so the page stays where it is.
    window.location.assign(contentUrl(ev.id, 'original', reason.trim()));
  };
  return (
    <details className="rv-original">
      <summary>{t('evidence.originalAsk')}</summary>
      <form onSubmit={onSubmit} className="rv-original__form">
        <label htmlFor={id}>{t('evidence.originalReason')}</label>
        <input id={id} dir="auto" required minLength={3} value={reason} onChange={(e) => setReason(e.target.value)} />
        <button type="submit" className="btn btn--small">{t('evidence.downloadOriginal', { label: ev.label })}</button>
      </form>
    </details>
  );
}

function EvidenceItem({ ev, content, caseOrgId }: { ev: EvidenceOut; content: CaseContent; caseOrgId: string }) {
  const { t, i18n } = useTranslation('review');
  const { t: tw } = useTranslation('work');
  const me = useMe();
  const lang = i18n.resolvedLanguage ?? i18n.language;
  const own = me.organization.id === caseOrgId;
  const perps = (content.perpetrators ?? []).filter((p) => ev.perpetrator_ids.includes(p.id));
  const incidents = (content.abuses ?? []).flatMap((a, ai) =>
    (a.incidents ?? []).map((inc, ii) => ({ inc, label: t('evidence.incidentOf', { n: ii + 1, abuse: ai + 1 }) })).filter((x) => ev.incident_ids.includes(x.inc.id)),
  );
  const scanBad = ev.scan_status === 'infected' || ev.scan_status === 'error';
  const sanitiseBad = ev.sanitise_status === 'failed' || ev.sanitise_status === 'not_applicable';
  return (
    <li className="rv-evidence" data-testid="review-evidence" data-number={ev.number}>
      <h3 className="rv-evidence__h">
        <span className="rv-evidence__label">{ev.label}</span> <span dir="auto">{ev.title}</span>
      </h3>
      {ev.description ? <p dir="auto">{ev.description}</p> : null}
      <dl className="rv-dl">
        {ev.original_filename ? (
          <div className="rv-row"><dt>{t('evidence.file')}</dt><dd dir="auto">{ev.original_filename}</dd></div>
        ) : (
          <div className="rv-row"><dt>{t('evidence.file')}</dt><dd className="muted">{t('evidence.nameWithheld')}</dd></div>
        )}
        <div className="rv-row"><dt>{t('evidence.kind')}</dt><dd><span dir="ltr">{ev.media_type}</span>, {formatSize(ev.size, lang)}</dd></div>
        <div className="rv-row"><dt>{tw('evidence.sensitivity')}</dt><dd>{tw(`enum.sensitivity.${ev.sensitivity}`)}</dd></div>
        <div className="rv-row">
          <dt>{tw('evidence.shareWith')}</dt>
          <dd>{ev.share_with.length ? ev.share_with.map((j) => tw(`jur.${j}` as 'jur.us', { defaultValue: j })).join(', ') : t('evidence.sharedWithNone')}</dd>
        </div>
        {ev.captured_date || ev.captured_place ? (
          <div className="rv-row">
            <dt>{t('evidence.captured')}</dt>
            <dd dir="auto">{[ev.captured_date ? formatPartialDate(ev.captured_date, lang) : null, ev.captured_place].filter(Boolean).join(', ')}</dd>
          </div>
        ) : null}
        {perps.length || incidents.length ? (
          <div className="rv-row">
            <dt>{t('evidence.about')}</dt>
            <dd>
              <ul className="rv-inline">
                {perps.map((p) => <li key={p.id} dir="auto">{p.name}</li>)}
                {incidents.map((x) => <li key={x.inc.id}>{x.label}</li>)}
              </ul>
            </dd>
          </div>
        ) : null}
        <div className="rv-row">
          <dt>{tw('evidence.scan')}</dt>
          <dd className={scanBad ? 'rv-bad' : undefined}>
            <strong>{tw(`enum.scan.${ev.scan_status}`)}</strong>
            {ev.scanned_at ? <> · <DateTime value={ev.scanned_at} /></> : null}
            <span className="rv-note">{ev.scan_note}</span>
          </dd>
        </div>
        <div className="rv-row">
          <dt>{tw('evidence.sanitise')}</dt>
          <dd className={sanitiseBad ? 'rv-bad' : undefined}>
            <strong>{tw(`enum.sanitise.${ev.sanitise_status}`)}</strong>
            <span className="rv-note">{ev.sanitise_note}</span>
          </dd>
        </div>
        <div className="rv-row"><dt>{t('evidence.timestamp')}</dt><dd><span className="rv-note">{ev.timestamp.note}</span></dd></div>
        <div className="rv-row"><dt>{tw('evidence.sha256')}</dt><dd><code className="hash" dir="ltr">{ev.sha256}</code></dd></div>
        <div className="rv-row"><dt>{t('evidence.uploaded')}</dt><dd><DateTime value={ev.created_at} /></dd></div>
      </dl>
      <div className="rv-downloads">
        {ev.quarantined ? <p className="alert alert--error">{t('evidence.quarantined')}</p> : null}
        {ev.downloadable.includes('sanitised') ? (
          <a className="btn btn--small" href={contentUrl(ev.id, 'sanitised')} download>{t('evidence.downloadSanitised', { label: ev.label })}</a>
        ) : null}
        {ev.downloadable.includes('original') ? (
          own ? <a className="btn btn--small" href={contentUrl(ev.id, 'original')} download>{t('evidence.downloadOriginal', { label: ev.label })}</a> : <OriginalWithReason ev={ev} />
        ) : null}
        {ev.downloadable.length === 0 && !ev.quarantined ? <p className="muted">{t('evidence.noDownload')}</p> : null}
      </div>
    </li>
  );
}

/** The case's evidence as the reviewer sees it: what each item is, its scan and clean-up in words, downloads allowed. */
export function EvidenceList({ caseId, content, caseOrgId, comments, canComment }: { caseId: string; content: CaseContent; caseOrgId: string; comments: readonly CommentOut[]; canComment: boolean }) {
  const { t } = useTranslation('review');
  const { t: tw } = useTranslation('work');
  const list = useQuery({
    ...listCaseEvidenceOptions({ path: { case_id: caseId } }),
    // Follows the background scan and sanitise jobs while one is pending (not a wait for a write).
    refetchInterval: (q) => (q.state.data?.items.some((e) => e.scan_status === 'pending' || e.sanitise_status === 'pending') ? 2000 : false),
  });
  const title = tw('evidence.title');
  return (
    <section className="panel rv-section" id="section-evidence" aria-labelledby="section-evidence-h">
      <h2 id="section-evidence-h">{title}</h2>
      <ProblemAlert error={list.error} />
      {list.data && list.data.items.length === 0 ? <p className="muted">{tw('evidence.none')}</p> : null}
      {list.data && list.data.items.length > 0 ? (
        <>
          <p>{t('evidence.summary', { count: list.data.items.length })}</p>
          <ul className="work-list">
            {list.data.items.map((ev) => <EvidenceItem key={ev.id} ev={ev} content={content} caseOrgId={caseOrgId} />)}
          </ul>
        </>
      ) : null}
      <CommentThreads
        caseId={caseId}
        comments={comments}
        anchor="evidence"
        matches={(c) => sectionOfPath(c.path) === 'evidence'}
        caseOrgId={caseOrgId}
        content={content}
        newLabel={canComment ? tw('comments.add', { section: title }) : undefined}
        title={tw('comments.onSection', { section: title })}
      />
    </section>
  );
}
