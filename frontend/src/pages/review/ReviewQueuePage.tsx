import '../../features/lists/lists.css';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

import { afterWrite } from '../../api/cache';
import { useMe } from '../../auth/session';
import { assignReviewerMutation, listOrgsOptions, reviewQueueOptions } from '../../client/@tanstack/react-query.gen';
import type { AbuseCategory, CaseStatus, QueueItemOut, VictimGroup } from '../../client/types.gen';
import { PageHeader } from '../../components/PageHeader';
import { ProblemAlert } from '../../components/ProblemAlert';
import { Spinner } from '../../components/Spinner';
import { StackTable } from '../../components/ListTable';
import { caseReads } from '../../features/api';
import { FilterSelect, useFilterOptions, useUrlFilters } from '../../features/lists/filters';
import { StatusBadge } from '../../features/StatusBadge';

/** The NGO's name, when the queue API sends it (`org_name` on QueueItemOut). */
function nameOf(c: QueueItemOut): string | undefined {
  return (c as QueueItemOut & { org_name?: string | null }).org_name ?? undefined;
}

const STATES = ['submitted', 'in_review', 'changes_requested', 'approved', 'rejected'] as const;
type State = (typeof STATES)[number];
const KEYS = ['state', 'q', 'unassigned', 'mine', 'org', 'jurisdiction', 'category', 'group', 'country', 'waiting'] as const;

/** Every case submitted to the coalition, with every filter the API has (all kept in the URL). */
export default function ReviewQueuePage() {
  const { t, i18n } = useTranslation('work');
  const { t: tl } = useTranslation('lists');
  const me = useMe();
  const qc = useQueryClient();
  const { values: f, set } = useUrlFilters(KEYS);
  const [q, setQ] = useState(f.q);
  const [waiting, setWaiting] = useState(f.waiting);
  useEffect(() => setQ(f.q), [f.q]);
  useEffect(() => setWaiting(f.waiting), [f.waiting]);
  const options = useFilterOptions();
  // NGO names: the queue item's `org_name` (see nameOf), else GET /orgs (which lists every
  // organisation only to a coalition admin). The unfiltered queue gives the organisation filter's options.
  const orgs = useQuery(listOrgsOptions());
  const everything = useQuery(reviewQueueOptions({ query: { limit: 200 } }));
  const orgName = new Map((orgs.data ?? []).filter((o) => o.kind !== 'coalition').map((o) => [o.id, o.name]));
  for (const c of everything.data?.items ?? []) {
    const name = nameOf(c);
    if (name) orgName.set(c.org_id, name);
  }
  const collator = new Intl.Collator(i18n.language);
  const orgOptions = [...orgName].map(([value, label]) => ({ value, label })).sort((a, b) => collator.compare(a.label, b.label));
  const waitingDays = /^\d{1,4}$/.test(f.waiting) ? Number(f.waiting) : undefined;
  const queue = useQuery(
    reviewQueueOptions({
      query: {
        state: f.state ? [f.state as CaseStatus] : undefined,
        q: f.q || undefined,
        unassigned: f.unassigned === '1' || undefined,
        assignee: f.mine === '1' ? 'me' : undefined,
        org_id: f.org || undefined,
        jurisdiction: f.jurisdiction || undefined,
        category: (f.category || undefined) as AbuseCategory | undefined,
        victim_group: (f.group || undefined) as VictimGroup | undefined,
        country: f.country || undefined,
        waiting_days: waitingDays,
        limit: 200,
      },
    }),
  );
  const assign = useMutation({
    ...assignReviewerMutation(),
    onSuccess: (_out, vars) => afterWrite(qc, { invalidate: caseReads(vars.path.case_id) }),
  });
  const apply = (e: FormEvent) => {
    e.preventDefault();
    set({ q: q.trim(), waiting: waiting.trim() });
  };
  const anyFilter = KEYS.some((k) => f[k]);
  const cols = [t('review.colTitle'), tl('queue.colOrg'), tl('queue.colJurisdictions'), t('review.colState'), t('review.colWaiting'), t('review.colAssignee'), t('review.colApprovals'), t('review.assignMe')];
  const counts = queue.data?.counts ?? {};
  return (
    <div className="page">
      <PageHeader title={t('review.title')}>
        <p>{t('review.intro')}</p>
      </PageHeader>
      <nav aria-label={tl('queue.stateChips')}>
        <ul className="chips lists-chips">
          <li>
            <button type="button" className="chip" aria-pressed={f.state === ''} onClick={() => set({ state: '' })}>
              {tl('queue.allStates')}
            </button>
          </li>
          {STATES.map((s: State) => (
            <li key={s}>
              <button type="button" className="chip" data-testid={`state-chip-${s}`} aria-pressed={f.state === s} onClick={() => set({ state: f.state === s ? '' : s })}>
                {t(`status.${s}`)}: <strong>{counts[s] ?? 0}</strong>
              </button>
            </li>
          ))}
        </ul>
      </nav>
      <form className="lists-filters" onSubmit={apply} aria-label={t('review.filters')}>
        <div className="work-field lists-filter">
          <label htmlFor="q-text">{t('review.search')}</label>
          <input id="q-text" type="search" dir="auto" value={q} onChange={(e) => setQ(e.target.value)} maxLength={200} />
        </div>
        <FilterSelect id="q-org" label={tl('queue.organisation')} any={tl('queue.anyOrganisation')} value={f.org} options={orgOptions} onChange={(v) => set({ org: v })} />
        <FilterSelect id="q-jurisdiction" label={tl('queue.jurisdiction')} any={tl('queue.anyJurisdiction')} value={f.jurisdiction} options={options.jurisdictions} onChange={(v) => set({ jurisdiction: v })} />
        <FilterSelect id="q-category" label={tl('queue.category')} any={tl('queue.anyCategory')} value={f.category} options={options.categories} onChange={(v) => set({ category: v })} />
        <FilterSelect id="q-group" label={tl('queue.victimGroup')} any={tl('queue.anyGroup')} value={f.group} options={options.groups} onChange={(v) => set({ group: v })} />
        <FilterSelect id="q-country" label={tl('queue.country')} any={tl('queue.anyCountry')} value={f.country} options={options.countries} onChange={(v) => set({ country: v })} />
        <div className="work-field lists-filter">
          <label htmlFor="q-waiting">{tl('queue.waitingDays')}</label>
          <input id="q-waiting" type="number" inputMode="numeric" min={0} max={3650} value={waiting} onChange={(e) => setWaiting(e.target.value)} />
        </div>
        <label className="work-check">
          <input type="checkbox" checked={f.unassigned === '1'} onChange={(e) => set({ unassigned: e.target.checked ? '1' : '', mine: '' })} /> {t('review.unassigned')}
        </label>
        <label className="work-check">
          <input type="checkbox" checked={f.mine === '1'} onChange={(e) => set({ mine: e.target.checked ? '1' : '', unassigned: '' })} /> {tl('queue.assignedToMe')}
        </label>
        <div className="lists-actions">
          <button type="submit" className="btn">{t('review.apply')}</button>
          {anyFilter ? (
            <button type="button" className="btn btn--ghost" onClick={() => set(Object.fromEntries(KEYS.map((k) => [k, ''])))}>
              {tl('queue.clear')}
            </button>
          ) : null}
        </div>
      </form>
      <ProblemAlert error={queue.error ?? assign.error} />
      {assign.isSuccess ? <p role="status" className="alert alert--success">{t('review.assigned')}</p> : null}
      {queue.isPending ? <Spinner label={t('review.title')} /> : null}
      {queue.data && queue.data.items.length === 0 ? <p>{t('review.empty')}</p> : null}
      {queue.data && queue.data.items.length > 0 ? (
        <div className="lists-table">
          <StackTable caption={t('review.title')} columns={cols}>
            {queue.data.items.map((c) => (
              <tr key={c.id} data-testid="queue-row">
                <td data-label={cols[0]}>
                  <Link to={`/review/${c.id}`} dir="auto">{c.title}</Link>
                </td>
                <td data-label={cols[1]} data-testid="queue-org">{nameOf(c) ?? orgName.get(c.org_id) ?? (orgs.isPending ? '…' : tl('queue.unknownOrg'))}</td>
                <td data-label={cols[2]} data-testid="queue-jurisdictions">{c.target_jurisdictions.map((j) => t(`jur.${j}` as 'jur.us', { defaultValue: j })).join(', ')}</td>
                <td data-label={cols[3]}>
                  <StatusBadge status={c.status} />
                </td>
                <td data-label={cols[4]}>{t('review.days', { count: Math.floor(c.waiting_days) })}</td>
                <td data-label={cols[5]}>{c.assignee_id ? (c.assignee_id === me.id ? t('review.me') : t('review.someone')) : t('review.nobody')}</td>
                <td data-label={cols[6]}>{c.approvals.toLocaleString(i18n.language)}</td>
                <td data-label="">
                  {(c.status === 'submitted' && (!c.assignee_id || c.assignee_id === me.id)) || (c.status === 'in_review' && !c.assignee_id) ? (
                    <button type="button" className="btn btn--small" onClick={() => assign.mutate({ path: { case_id: c.id }, body: {} })} disabled={assign.isPending}>
                      {t('review.assignMe')} <span className="visually-hidden">{c.title}</span>
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </StackTable>
        </div>
      ) : null}
    </div>
  );
}
