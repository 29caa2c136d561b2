import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

import { afterWrite } from '../../api/cache';
import { can, useMe } from '../../auth/session';
import { assignReviewerMutation, decideCaseMutation } from '../../client/@tanstack/react-query.gen';
import type { CaseOut, DecisionResultOut, ReviewStateOut } from '../../client/types.gen';
import { DateTime } from '../../components/DateTime';
import { ProblemAlert } from '../../components/ProblemAlert';
import { caseReads, type CommentOut } from '../api';
import { openThreads } from '../Comments';
import type { CaseContent } from '../content';
import { describePath } from './paths';

export type Decision = 'approve' | 'request_changes' | 'reject';
const DECISIONS: Decision[] = ['approve', 'request_changes', 'reject'];

/** A modal <dialog> (Esc cancels, focus starts on Cancel and returns to the opener). */
function Dialog({ open, onClose, title, children, actions }: { open: boolean; onClose: () => void; title: string; children: ReactNode; actions: ReactNode }) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const bodyId = useId();
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) {
      if (typeof d.showModal === 'function') d.showModal();
      else d.setAttribute('open', '');
    } else if (!open && d.open) {
      if (typeof d.close === 'function') d.close();
      else d.removeAttribute('open');
    }
  }, [open]);
  return (
    <dialog ref={ref} className="dialog rv-dialog" aria-labelledby={titleId} aria-describedby={bodyId} onClose={onClose}>
      <h2 id={titleId} className="dialog__question">{title}</h2>
      <div id={bodyId} className="rv-dialog__body">{open ? children : null}</div>
      <div className="dialog__actions">{open ? actions : null}</div>
    </dialog>
  );
}

function OpenCommentList({ open, content }: { open: CommentOut[]; content: CaseContent }) {
  const { t } = useTranslation('review');
  const { t: tw } = useTranslation('work');
  return (
    <ul className="rv-open-list">
      {open.map((c) => (
        <li key={c.id}>
          <a href={`#comment-${c.id}`}>{describePath(c.path, { t, tw }, content)}</a>
          {' — '}
          <span dir="auto">{c.author_name ?? t('comments.unknownAuthor')}</span>, <DateTime value={c.created_at} />
          <p className="rv-open-list__body" dir="auto">{c.body.length > 160 ? `${c.body.slice(0, 160)}…` : c.body}</p>
        </li>
      ))}
    </ul>
  );
}

/** The coordinator's side: assignment, open comments, the decision with a confirmation that names its consequence, and the history. */
export function DecisionPanel({ kase, state, comments, orgName }: { kase: CaseOut; state: ReviewStateOut | undefined; comments: readonly CommentOut[]; orgName: string }) {
  const { t } = useTranslation('review');
  const { t: tw } = useTranslation('work');
  const me = useMe();
  const qc = useQueryClient();
  const caseId = kase.id;
  const path = { case_id: caseId };
  const content = kase.content as CaseContent;
  const [reason, setReason] = useState('');
  const [asking, setAsking] = useState<Decision | null>(null);
  const [result, setResult] = useState<DecisionResultOut | null>(null);
  const opener = useRef<HTMLButtonElement | null>(null);
  const refresh = () => afterWrite(qc, { invalidate: caseReads(caseId) });
  const assign = useMutation({ ...assignReviewerMutation(), onSuccess: refresh });
  const decide = useMutation({
    ...decideCaseMutation(),
    onSuccess: (r) => {
      setReason('');
      setResult(r);
      refresh();
    },
  });
  const allowed = kase.allowed_transitions ?? [];
  const open = openThreads(comments);
  const available = DECISIONS.filter((d) => allowed.includes(d));
  const approvals = state?.approvals ?? 0;
  const needed = state?.approvals_needed ?? 2;
  const close = () => {
    setAsking(null);
    opener.current?.focus();
  };
  const confirm = (d: Decision) => {
    setAsking(null);
    setResult(null);
    decide.mutate({ path, body: { decision: d, revision: kase.revision_number, reason: reason.trim() || null } });
  };
  const blocked = (d: Decision): string | null => {
    if (d === 'request_changes' && open.length === 0) return t('decide.needsComment');
    if (d === 'reject' && !reason.trim()) return t('decide.needsReason');
    return null;
  };
  const consequence = (d: Decision): string => {
    if (d === 'approve')
      return approvals + 1 >= needed
        ? t('decide.approveLast', { n: approvals + 1, needed, rev: kase.revision_number })
        : t('decide.approveFirst', { n: approvals + 1, needed, rev: kase.revision_number });
    if (d === 'request_changes') return t('decide.requestConsequence', { org: orgName, count: open.length });
    return t('decide.rejectConsequence', { org: orgName });
  };
  const confirmLabel = (d: Decision) =>
    d === 'approve' && open.length > 0 ? t('decide.yesApproveOpen', { count: open.length }) : t(`decide.yes.${d}`);
  const assignee = state?.assignee_id ? (state.assignee_id === me.id ? tw('review.me') : (state.assignee_name ?? tw('review.someone'))) : tw('review.nobody');

  return (
    <section className="panel rv-decision" aria-labelledby="decision-h">
      <h2 id="decision-h">{tw('review.decision')}</h2>
      <dl className="rv-dl rv-dl--compact">
        <div className="rv-row"><dt>{tw('review.colAssignee')}</dt><dd dir="auto">{assignee}</dd></div>
        <div className="rv-row"><dt>{tw('review.colApprovals')}</dt><dd>{t('decide.approvalsOf', { n: approvals, needed, rev: kase.revision_number })}</dd></div>
      </dl>
      {state && (!state.assignee_id || state.assignee_id === me.id) && allowed.includes('start_review') ? (
        <button type="button" className="btn" onClick={() => assign.mutate({ path, body: {} })} disabled={assign.isPending}>{tw('review.assignMe')}</button>
      ) : null}
      <ProblemAlert error={assign.error} />

      <div className="rv-open" aria-labelledby="open-h" role="region">
        <h3 id="open-h">{open.length ? t('decide.openTitle', { count: open.length }) : t('decide.noOpen')}</h3>
        {open.length ? <OpenCommentList open={open} content={content} /> : null}
      </div>

      {available.length > 0 && can(me, 'review') ? (
        <>
          <label htmlFor="decision-reason">{tw('review.reason')}</label>
          <textarea id="decision-reason" rows={3} dir="auto" value={reason} onChange={(e) => setReason(e.target.value)} />
          <div className="dialog__actions work-decisions">
            {available.map((d) => (
              <button
                key={d}
                type="button"
                className={d === 'approve' ? 'btn btn--primary' : d === 'reject' ? 'btn btn--danger' : 'btn'}
                disabled={decide.isPending}
                aria-haspopup="dialog"
                onClick={(e) => {
                  opener.current = e.currentTarget;
                  setAsking(d);
                }}
              >
                {tw(d === 'approve' ? 'review.approve' : d === 'reject' ? 'review.reject' : 'review.requestChanges')}
              </button>
            ))}
          </div>
        </>
      ) : null}
      <ProblemAlert error={decide.error} />
      {decide.isSuccess && result ? (
        <div role="status" className="alert alert--success">
          <p className="alert__title">{tw('review.decided')}</p>
          <p>{t(`decide.after.${result.case_status}` as 'decide.after.in_review', { n: result.approvals, needed: result.approvals_needed, defaultValue: tw(`status.${result.case_status}` as 'status.draft') })}</p>
        </div>
      ) : null}
      {allowed.includes('package') && can(me, 'packages') ? <p><Link to={`/packages/${caseId}`}>{tw('review.packages')}</Link></p> : null}

      {state && state.decisions.length > 0 ? (
        <div className="rv-history" role="region" aria-labelledby="history-h">
          <h3 id="history-h">{t('decide.history')}</h3>
          <ol className="rv-plain">
            {[...state.decisions].reverse().map((d) => (
              <li key={d.id} data-testid="decision">
                <strong>{t(`decide.did.${d.decision}` as 'decide.did.approve', { defaultValue: d.decision })}</strong>
                {' · '}
                <span dir="auto">{d.coordinator_name ?? t('comments.unknownAuthor')}</span> · {t('decide.onRevision', { n: d.revision_number })} · <DateTime value={d.created_at} />
                {d.reason ? <p className="rv-history__reason" dir="auto">{d.reason}</p> : null}
              </li>
            ))}
          </ol>
        </div>
      ) : null}

      <Dialog
        open={asking !== null}
        onClose={close}
        title={asking ? t(`decide.ask.${asking}`, { title: kase.title }) : ''}
        actions={
          asking ? (
            <>
              <button type="button" className="btn" onClick={close} autoFocus>{t('decide.cancel')}</button>
              <button
                type="button"
                className={asking === 'reject' ? 'btn btn--danger' : 'btn btn--primary'}
                disabled={blocked(asking) !== null}
                onClick={() => confirm(asking)}
              >
                {confirmLabel(asking)}
              </button>
            </>
          ) : null
        }
      >
        {asking ? (
          <>
            <p>{consequence(asking)}</p>
            {asking === 'approve' && open.length > 0 ? (
              <div className="alert alert--warning" role="alert">
                <p className="alert__title">{t('decide.openWarning', { count: open.length })}</p>
                <OpenCommentList open={open} content={content} />
              </div>
            ) : null}
            {reason.trim() ? (
              <p>
                {t('decide.yourReason')} <q dir="auto">{reason.trim()}</q>
              </p>
            ) : asking !== 'approve' ? (
              <p className="muted">{t('decide.noReason')}</p>
            ) : null}
            {blocked(asking) ? <p className="alert alert--error">{blocked(asking)}</p> : null}
          </>
        ) : null}
      </Dialog>
    </section>
  );
}
