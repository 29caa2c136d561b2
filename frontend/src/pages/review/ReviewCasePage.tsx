import '../../features/review/review.css';

import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';

import { can, useMe } from '../../auth/session';
import { caseReadinessOptions, reviewStateOptions } from '../../client/@tanstack/react-query.gen';
import { DateTime } from '../../components/DateTime';
import { PageHeader } from '../../components/PageHeader';
import { ProblemAlert } from '../../components/ProblemAlert';
import { Spinner } from '../../components/Spinner';
import { useCase } from '../../features/api';
import { openThreads, useComments } from '../../features/Comments';
import { type CaseContent } from '../../features/content';
import { ReadinessPanel } from '../../features/ReadinessPanel';
import { CaseDocument, DOC_SECTIONS } from '../../features/review/CaseDocument';
import { DecisionPanel } from '../../features/review/DecisionPanel';
import { DiffView } from '../../features/review/DiffView';
import { EvidenceList } from '../../features/review/EvidenceList';
import { sectionOfPath } from '../../features/review/paths';
import { StatusBadge } from '../../features/StatusBadge';

/** The review screen: the case as a document to read, comments in place, what changed, and the decision. */
export default function ReviewCasePage() {
  const { caseId = '' } = useParams();
  const { t } = useTranslation('review');
  const { t: tw } = useTranslation('work');
  const me = useMe();
  const c = useCase(caseId);
  const path = { case_id: caseId };
  const state = useQuery(reviewStateOptions({ path }));
  const readiness = useQuery(caseReadinessOptions({ path }));
  const comments = useComments(caseId);
  if (c.isPending) return <Spinner label={tw('review.title')} />;
  if (c.isError) return <div className="page"><ProblemAlert error={c.error} /></div>;
  const kase = c.data;
  const content = kase.content as CaseContent;
  const list = comments.data ?? [];
  const open = openThreads(list);
  const isReviewer = can(me, 'review');
  const orgName = state.data?.org_name ?? t('doc.theOrganisation');
  const toc = [...DOC_SECTIONS, 'evidence'] as const;
  return (
    <div className="page work-review rv-page">
      <p><Link to="/review">{tw('review.back')}</Link></p>
      <PageHeader title={tw('review.screenTitle', { title: kase.title })}>
        <p className="work-meta">
          <StatusBadge status={kase.status} /> {tw('editor.revision', { n: kase.revision_number })}
          {state.data ? <> · {tw('review.approvals', { n: state.data.approvals, needed: state.data.approvals_needed })}</> : null}
        </p>
      </PageHeader>
      <div className="work-layout rv-layout">
        <div className="work-main">
          <section className="panel rv-facts" aria-labelledby="facts-h">
            <h2 id="facts-h" className="visually-hidden">{t('doc.facts')}</h2>
            <dl className="rv-dl">
              <div className="rv-row"><dt>{t('doc.organisation')}</dt><dd dir="auto" data-testid="review-org">{orgName}</dd></div>
              <div className="rv-row">
                <dt>{t('doc.targets')}</dt>
                <dd data-testid="review-targets">
                  {kase.target_jurisdictions.length ? (
                    <ul className="rv-inline">{kase.target_jurisdictions.map((j) => <li key={j} className="badge">{tw(`jur.${j}` as 'jur.us', { defaultValue: j })}</li>)}</ul>
                  ) : t('doc.noTargets')}
                </dd>
              </div>
              {kase.first_submitted_at ? <div className="rv-row"><dt>{t('doc.firstSubmitted')}</dt><dd><DateTime value={kase.first_submitted_at} /></dd></div> : null}
              <div className="rv-row"><dt>{t('doc.lastChange')}</dt><dd><DateTime value={kase.updated_at} /></dd></div>
              <div className="rv-row"><dt>{t('doc.openComments')}</dt><dd>{t('comments.openCount', { count: open.length })}</dd></div>
            </dl>
            <nav aria-label={tw('editor.sectionsNav')} className="rv-toc">
              <ul>
                <li><a href="#section-diff">{t('diff.title')}</a></li>
                {toc.map((s) => {
                  const n = open.filter((x) => sectionOfPath(x.path) === s).length;
                  return (
                    <li key={s}>
                      <a href={`#section-${s}`}>{s === 'evidence' ? tw('evidence.title') : tw(`sections.${s}` as 'sections.title')}</a>
                      {n ? <> <span className="badge rv-badge--open">{t('comments.openCount', { count: n })}</span></> : null}
                    </li>
                  );
                })}
              </ul>
            </nav>
          </section>
          <DiffView caseId={caseId} revision={kase.revision_number} content={content} decisions={state.data?.decisions ?? []} isReviewer={isReviewer} />
          <ProblemAlert error={comments.error} />
          <CaseDocument caseId={caseId} caseOrgId={kase.org_id} content={content} targets={kase.target_jurisdictions} comments={list} canComment={isReviewer} />
          <EvidenceList caseId={caseId} content={content} caseOrgId={kase.org_id} comments={list} canComment={isReviewer} />
        </div>
        {/* Stays in view and scrolls on its own when taller than the window: reachable by keyboard too. */}
        <aside className="work-side rv-side" aria-label={t('doc.side')} tabIndex={0}>
          {isReviewer ? <DecisionPanel kase={kase} state={state.data} comments={list} orgName={orgName} /> : null}
          <ReadinessPanel readiness={readiness.data} />
        </aside>
      </div>
    </div>
  );
}
