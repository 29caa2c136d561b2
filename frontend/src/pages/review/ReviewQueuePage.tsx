import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

import { afterWrite } from '../../api/cache';
import { useMe } from '../../auth/session';
import { assignReviewerMutation, reviewQueueOptions } from '../../client/@tanstack/react-query.gen';
import { PageHeader } from '../../components/PageHeader';
import { ProblemAlert } from '../../components/ProblemAlert';
import { Spinner } from '../../components/Spinner';
import { caseReads } from '../../features/api';
import { StatusBadge } from '../../features/StatusBadge';

const STATES = ['submitted', 'in_review', 'changes_requested', 'approved', 'rejected'] as const;
type State = (typeof STATES)[number];

export default function ReviewQueuePage() {
  const { t } = useTranslation('work');
  const me = useMe();
  const qc = useQueryClient();
  const [form, setForm] = useState({ state: '' as State | '', q: '', unassigned: false });
  const [filters, setFilters] = useState(form);
  const queue = useQuery(
    reviewQueueOptions({ query: { state: filters.state ? [filters.state] : undefined, q: filters.q || undefined, unassigned: filters.unassigned, limit: 200 } }),
  );
  const assign = useMutation({
    ...assignReviewerMutation(),
    onSuccess: (_out, vars) => afterWrite(qc, { invalidate: caseReads(vars.path.case_id) }),
  });
  const apply = (e: FormEvent) => {
    e.preventDefault();
    setFilters(form);
  };
  return (
    <div className="page">
      <PageHeader title={t('review.title')}>
        <p>{t('review.intro')}</p>
      </PageHeader>
      <form className="inline-form work-filters" onSubmit={apply} aria-label={t('review.filters')}>
        <div className="work-field">
          <label htmlFor="q-state">{t('review.filterState')}</label>
          <select id="q-state" value={form.state} onChange={(e) => setForm({ ...form, state: e.target.value as State | '' })}>
            <option value="">{t('review.allStates')}</option>
            {STATES.map((s) => <option key={s} value={s}>{t(`status.${s}`)}</option>)}
          </select>
        </div>
        <div className="work-field">
          <label htmlFor="q-text">{t('review.search')}</label>
          <input id="q-text" type="search" value={form.q} onChange={(e) => setForm({ ...form, q: e.target.value })} />
        </div>
        <label className="work-check">
          <input type="checkbox" checked={form.unassigned} onChange={(e) => setForm({ ...form, unassigned: e.target.checked })} /> {t('review.unassigned')}
        </label>
        <button type="submit" className="btn">{t('review.apply')}</button>
      </form>
      {queue.data ? (
        <section aria-labelledby="counts-h">
          <h2 id="counts-h" className="visually-hidden">{t('review.counts')}</h2>
          <ul className="chips">
            {Object.entries(queue.data.counts).map(([s, n]) => (
              <li key={s} className="chip">{t(`status.${s}` as 'status.draft', { defaultValue: s })}: <strong>{n}</strong></li>
            ))}
          </ul>
        </section>
      ) : null}
      <ProblemAlert error={queue.error ?? assign.error} />
      {assign.isSuccess ? <p role="status" className="alert alert--success">{t('review.assigned')}</p> : null}
      {queue.isPending ? <Spinner label={t('review.title')} /> : null}
      {queue.data && queue.data.items.length === 0 ? <p>{t('review.empty')}</p> : null}
      {queue.data && queue.data.items.length > 0 ? (
        <div className="work-scroll">
          <table className="table">
            <caption className="visually-hidden">{t('review.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('review.colTitle')}</th>
                <th scope="col">{t('review.colState')}</th>
                <th scope="col">{t('review.colWaiting')}</th>
                <th scope="col">{t('review.colAssignee')}</th>
                <th scope="col">{t('review.colApprovals')}</th>
                <th scope="col"><span className="visually-hidden">{t('review.assignMe')}</span></th>
              </tr>
            </thead>
            <tbody>
              {queue.data.items.map((c) => (
                <tr key={c.id} data-testid="queue-row">
                  <td><Link to={`/review/${c.id}`}>{c.title}</Link></td>
                  <td><StatusBadge status={c.status} /></td>
                  <td>{t('review.days', { count: Math.floor(c.waiting_days) })}</td>
                  <td>{c.assignee_id ? (c.assignee_id === me.id ? t('review.me') : t('review.someone')) : t('review.nobody')}</td>
                  <td>{c.approvals}</td>
                  <td>
                    {(c.status === 'submitted' && (!c.assignee_id || c.assignee_id === me.id)) || (c.status === 'in_review' && !c.assignee_id) ? (
                      <button type="button" className="btn btn--small" onClick={() => assign.mutate({ path: { case_id: c.id }, body: {} })} disabled={assign.isPending}>
                        {t('review.assignMe')} <span className="visually-hidden">{c.title}</span>
                      </button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </div>
  );
}
