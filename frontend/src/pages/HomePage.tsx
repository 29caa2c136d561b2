import '../features/lists/lists.css';

import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

import { can, useMe } from '../auth/session';
import { listCasesOptions, listNotificationsOptions, reviewQueueOptions } from '../client/@tanstack/react-query.gen';
import type { CaseSummaryOut, MeOut } from '../client/types.gen';
import { DateTime } from '../components/DateTime';
import { PageHeader } from '../components/PageHeader';
import { ProblemAlert } from '../components/ProblemAlert';
import { Spinner } from '../components/Spinner';
import { StatusBadge } from '../features/StatusBadge';
import { navFor } from '../navigation';

const SHOWN = 5;

/** One panel of work: a heading, the items (or a sentence when there are none), a link to the full list. */
function WorkPanel({ id, title, all, query, empty, children }: { id: string; title: string; all?: string; query: { isPending: boolean; error: unknown }; empty: string; children: ReactNode[] | null }) {
  const { t } = useTranslation('lists');
  return (
    <section className="panel" aria-labelledby={`home-${id}-h`} data-testid={`home-${id}`}>
      <h2 id={`home-${id}-h`}>{title}</h2>
      {query.isPending ? <Spinner label={title} /> : null}
      <ProblemAlert error={query.error} />
      {children && children.length > 0 ? <ul>{children}</ul> : null}
      {children && children.length === 0 ? <p className="hint">{empty}</p> : null}
      {all && children && children.length > 0 ? (
        <p>
          <Link to={all}>
            {t('home.seeAll')} <span className="visually-hidden">{title}</span>
          </Link>
        </p>
      ) : null}
    </section>
  );
}

function CaseLine({ c, to, extra }: { c: CaseSummaryOut; to: string; extra?: ReactNode }) {
  return (
    <li>
      <Link to={to} dir="auto">
        {c.title}
      </Link>
      <StatusBadge status={c.status} />
      {extra ? <span className="hint">{extra}</span> : null}
    </li>
  );
}

/** A researcher's work: drafts, case files with changes requested, what was decided lately. */
function ResearcherWork() {
  const { t } = useTranslation('lists');
  const drafts = useQuery(listCasesOptions({ query: { status: ['draft'], sort: '-updated_at', limit: SHOWN } }));
  const changes = useQuery(listCasesOptions({ query: { status: ['changes_requested'], sort: 'status_changed_at', limit: SHOWN } }));
  const outcomes = useQuery(
    listCasesOptions({ query: { status: ['approved', 'rejected', 'packaged', 'submitted_to_government'], sort: '-status_changed_at', limit: SHOWN } }),
  );
  const line = (c: CaseSummaryOut, when: string) => (
    <CaseLine key={c.id} c={c} to={`/cases/${c.id}`} extra={<DateTime value={when} />} />
  );
  return (
    <div className="lists-home">
      <WorkPanel id="changes" title={t('home.researcher.changes')} all="/cases?status=changes_requested" query={changes} empty={t('home.researcher.emptyChanges')}>
        {changes.data ? changes.data.items.map((c) => line(c, c.status_changed_at)) : null}
      </WorkPanel>
      <WorkPanel id="drafts" title={t('home.researcher.drafts')} all="/cases?status=draft" query={drafts} empty={t('home.researcher.emptyDrafts')}>
        {drafts.data ? drafts.data.items.map((c) => line(c, c.updated_at)) : null}
      </WorkPanel>
      <WorkPanel id="outcomes" title={t('home.researcher.outcomes')} query={outcomes} empty={t('home.researcher.emptyOutcomes')}>
        {outcomes.data ? outcomes.data.items.map((c) => line(c, c.status_changed_at)) : null}
      </WorkPanel>
    </div>
  );
}

/** A coordinator's work: what has waited longest, what is assigned to them, follow-ups that are due. */
function CoordinatorWork({ me }: { me: MeOut }) {
  const { t } = useTranslation('lists');
  // The queue's default order is the oldest state change first: what has waited longest.
  const waiting = useQuery(reviewQueueOptions({ query: { state: ['submitted', 'in_review'], limit: SHOWN } }));
  const mine = useQuery(reviewQueueOptions({ query: { assignee: 'me', state: ['in_review', 'submitted'], limit: SHOWN } }));
  const notes = useQuery({ ...listNotificationsOptions({ query: { limit: 200 } }), enabled: can(me, 'notifications') });
  const followUps = (notes.data?.items ?? []).filter((n) => n.kind === 'follow_up_due').slice(0, SHOWN);
  const days = (n: number) => t('home.waiting', { count: Math.floor(n) });
  return (
    <div className="lists-home">
      <WorkPanel id="waiting" title={t('home.coordinator.waiting')} all="/review?state=submitted" query={waiting} empty={t('home.coordinator.emptyWaiting')}>
        {waiting.data ? waiting.data.items.map((c) => <CaseLine key={c.id} c={c} to={`/review/${c.id}`} extra={days(c.waiting_days)} />) : null}
      </WorkPanel>
      <WorkPanel id="mine" title={t('home.coordinator.mine')} all="/review?mine=1" query={mine} empty={t('home.coordinator.emptyMine')}>
        {mine.data ? mine.data.items.map((c) => <CaseLine key={c.id} c={c} to={`/review/${c.id}`} extra={days(c.waiting_days)} />) : null}
      </WorkPanel>
      <WorkPanel id="followups" title={t('home.coordinator.followUps')} query={notes} empty={t('home.coordinator.emptyFollowUps')}>
        {notes.data
          ? followUps.map((n) => (
              <li key={n.id}>
                {n.case_id ? (
                  <Link to={`/packages/${n.case_id}`} dir="auto">
                    {n.title}
                  </Link>
                ) : (
                  <span dir="auto">{n.title}</span>
                )}
                <span className="hint">
                  <DateTime value={n.created_at} />
                </span>
              </li>
            ))
          : null}
      </WorkPanel>
    </div>
  );
}

export function HomePage() {
  const { t } = useTranslation();
  const { t: tl } = useTranslation('lists');
  const me = useMe();
  const coordinator = can(me, 'review');
  const researcher = can(me, 'cases:write');
  const sections = navFor(me).filter((n) => n.id !== 'home');
  const Title = coordinator || researcher ? 'h3' : 'h2'; // under "Everything else" when there is work above
  const describe = (id: string) =>
    // A coordinator's Cases are every organisation's, not "your organisation's".
    coordinator && id === 'cases' ? tl('home.casesCoordinator') : t(`home.sections.${id}` as 'home.sections.cases', { defaultValue: '' });
  return (
    <div className="page">
      <PageHeader title={t('home.title', { name: me.display_name ?? me.email ?? '' })}>
        <p>{t('home.intro', { organisation: me.organization.name, role: t(`roles.${me.role}`) })}</p>
      </PageHeader>
      {coordinator ? <CoordinatorWork me={me} /> : null}
      {researcher ? <ResearcherWork /> : null}
      {coordinator || researcher ? <h2>{tl('home.more')}</h2> : null}
      <ul className="cards">
        {sections.map((n) => (
          <li key={n.id} className="card">
            <Title className="card__title">
              <Link to={n.to(me)}>{t(`nav.${n.id}`)}</Link>
            </Title>
            <p className="card__text">{describe(n.id)}</p>
          </li>
        ))}
      </ul>
    </div>
  );
}
