import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';

import { afterWrite } from '../../api/cache';
import { can, useMe } from '../../auth/session';
import {
  assignReviewerMutation,
  decideCaseMutation,
  caseReadinessOptions,
  reviewStateOptions,
  sinceReviewedOptions,
} from '../../client/@tanstack/react-query.gen';
import { PageHeader } from '../../components/PageHeader';
import { ProblemAlert } from '../../components/ProblemAlert';
import { Spinner } from '../../components/Spinner';
import { caseReads, useCase } from '../../features/api';
import { CommentsForSection, useComments } from '../../features/Comments';
import { type CaseContent } from '../../features/content';
import { ContentForm } from '../../features/ContentForm';
import { ReadinessPanel } from '../../features/ReadinessPanel';
import { StatusBadge } from '../../features/StatusBadge';

type Decision = 'approve' | 'request_changes' | 'reject';

export default function ReviewCasePage() {
  const { caseId = '' } = useParams();
  const { t } = useTranslation('work');
  const me = useMe();
  const qc = useQueryClient();
  const [reason, setReason] = useState('');
  const c = useCase(caseId);
  const path = { case_id: caseId };
  const state = useQuery(reviewStateOptions({ path }));
  const since = useQuery(sinceReviewedOptions({ path }));
  const readiness = useQuery(caseReadinessOptions({ path }));
  const comments = useComments(caseId);
  const refresh = () => afterWrite(qc, { invalidate: caseReads(caseId) });
  const assign = useMutation({ ...assignReviewerMutation(), onSuccess: refresh });
  const decide = useMutation({
    ...decideCaseMutation(),
    onSuccess: () => {
      setReason('');
      refresh();
    },
  });
  const decideOn = (decision: Decision) => decide.mutate({ path, body: { decision, revision: c.data!.revision_number, reason: reason || null } });
  if (c.isPending) return <Spinner label={t('review.title')} />;
  if (c.isError) return <div className="page"><ProblemAlert error={c.error} /></div>;
  const kase = c.data;
  const allowed = kase.allowed_transitions ?? [];
  const aside = (section: string) => <CommentsForSection caseId={caseId} section={section} comments={comments.data ?? []} allowNew={can(me, 'review')} />;
  return (
    <div className="page work-review">
      <p><Link to="/review">{t('review.back')}</Link></p>
      <PageHeader title={t('review.screenTitle', { title: kase.title })}>
        <p className="work-meta">
          <StatusBadge status={kase.status} /> {t('editor.revision', { n: kase.revision_number })}
          {state.data ? <> · {t('review.approvals', { n: state.data.approvals, needed: state.data.approvals_needed })}</> : null}
        </p>
      </PageHeader>
      <div className="work-layout">
        <div className="work-main">
          <section className="panel" aria-labelledby="diff-h">
            <h2 id="diff-h">{t('review.diff')}</h2>
            <ProblemAlert error={since.error} />
            {since.data && since.data.from_revision == null ? <p>{t('review.noDiff')}</p> : null}
            {since.data && since.data.from_revision != null && since.data.changes.length === 0 ? <p>{t('review.noChanges')}</p> : null}
            {since.data && since.data.from_revision != null && since.data.changes.length > 0 ? (
              <ul className="work-list work-diff" data-testid="diff">
                {since.data.changes.map((ch, i) => (
                  <li key={i} className={`work-diff__item work-diff__item--${ch.op}`}>
                    <code>{ch.path}</code> ({ch.op})
                    {ch.old !== undefined && ch.old !== null ? <del className="work-diff__old">{JSON.stringify(ch.old)}</del> : null}
                    {ch.new !== undefined && ch.new !== null ? <ins className="work-diff__new">{JSON.stringify(ch.new)}</ins> : null}
                  </li>
                ))}
              </ul>
            ) : null}
          </section>
          <ContentForm content={kase.content as CaseContent} update={() => undefined} targets={kase.target_jurisdictions} readOnly sectionAside={aside} />
        </div>
        <aside className="work-side">
          {can(me, 'review') ? (
            <section className="panel" aria-labelledby="decision-h">
              <h2 id="decision-h">{t('review.decision')}</h2>
              {state.data && (!state.data.assignee_id || state.data.assignee_id === me.id) && allowed.includes('start_review') ? (
                <button type="button" className="btn" onClick={() => assign.mutate({ path, body: {} })} disabled={assign.isPending}>{t('review.assignMe')}</button>
              ) : null}
              <ProblemAlert error={assign.error} />
              {allowed.some((a) => a === 'approve' || a === 'request_changes' || a === 'reject') ? (
                <>
                  <label htmlFor="decision-reason">{t('review.reason')}</label>
                  <textarea id="decision-reason" rows={3} value={reason} onChange={(e) => setReason(e.target.value)} />
                  <div className="dialog__actions work-decisions">
                    {allowed.includes('approve') ? <button type="button" className="btn btn--primary" disabled={decide.isPending} onClick={() => decideOn('approve')}>{t('review.approve')}</button> : null}
                    {allowed.includes('request_changes') ? <button type="button" className="btn" disabled={decide.isPending} onClick={() => decideOn('request_changes')}>{t('review.requestChanges')}</button> : null}
                    {allowed.includes('reject') ? <button type="button" className="btn btn--danger" disabled={decide.isPending} onClick={() => decideOn('reject')}>{t('review.reject')}</button> : null}
                  </div>
                </>
              ) : null}
              <ProblemAlert error={decide.error} />
              {decide.isSuccess ? <p role="status" className="alert alert--success">{t('review.decided')}</p> : null}
              {allowed.includes('package') && can(me, 'packages') ? <p><Link to={`/packages/${caseId}`}>{t('review.packages')}</Link></p> : null}
            </section>
          ) : null}
          <ReadinessPanel readiness={readiness.data} />
        </aside>
      </div>
    </div>
  );
}
