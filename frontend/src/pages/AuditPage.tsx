import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';

import { listAuditEvents } from '../client/sdk.gen';
import { verifyAuditChainOptions } from '../client/@tanstack/react-query.gen';
import type { AuditEventOut, ListAuditEventsData } from '../client/types.gen';
import { DateTime } from '../components/DateTime';
import { StackTable } from '../components/ListTable';
import { PageHeader } from '../components/PageHeader';
import { ProblemAlert } from '../components/ProblemAlert';
import { Spinner } from '../components/Spinner';

const PAGE = 50;
// The filters the API takes, kept in the URL so a filtered view can be bookmarked or shared.
const FILTERS = ['action', 'actor', 'target_id', 'since', 'until'] as const;
type Filter = (typeof FILTERS)[number];
const FAMILIES = [
  'auth', 'mfa', 'case', 'evidence', 'review', 'package', 'submission', 'share', 'recipient', 'designation',
  'list', 'token', 'webhook', 'invitation', 'member', 'org', 'user', 'analytics', 'audit',
] as const;

type Query = NonNullable<ListAuditEventsData['query']>;

/** `<input type="date">` gives a day; the API takes an instant: the day's start, or its end for "until". */
function instant(day: string, end: boolean): string {
  return end ? `${day}T23:59:59.999Z` : `${day}T00:00:00Z`;
}

function apiQuery(params: URLSearchParams): Query {
  const q: Query = { limit: PAGE };
  const action = params.get('action');
  const actor = params.get('actor');
  const target = params.get('target_id');
  const since = params.get('since');
  const until = params.get('until');
  if (action) q.action = action;
  if (actor) q.actor = actor;
  if (target) q.target_id = target;
  if (since) q.since = instant(since, false);
  if (until) q.until = instant(until, true);
  return q;
}

/** The `before_seq` of the next page, from `Link: <…?before_seq=N>; rel="next"`. */
function nextCursor(response: Response | undefined): number | undefined {
  const link = response?.headers.get('link');
  const m = link?.match(/before_seq=(\d+)[^>]*>;\s*rel="next"/);
  return m ? Number(m[1]) : undefined;
}

export function AuditPage() {
  const { t } = useTranslation();
  const { t: ta } = useTranslation('admin');
  const [params, setParams] = useSearchParams();
  const query = apiQuery(params);
  // Verification re-hashes the whole chain: run it when asked, not on every visit.
  const verify = useQuery({ ...verifyAuditChainOptions(), enabled: false, gcTime: 0 });
  const events = useInfiniteQuery({
    queryKey: ['audit-events', query],
    initialPageParam: undefined as number | undefined,
    queryFn: async ({ pageParam, signal }) => {
      const { data, response } = await listAuditEvents({
        query: pageParam === undefined ? query : { ...query, before_seq: pageParam },
        signal,
        throwOnError: true,
      });
      return { items: data, next: nextCursor(response) };
    },
    getNextPageParam: (last) => last.next,
  });
  const rows = events.data?.pages.flatMap((p) => p.items) ?? [];
  const exportUrl = `/api/v1/audit/export?${new URLSearchParams(
    Object.entries(query).filter(([k]) => k !== 'limit').map(([k, v]) => [k, String(v)]),
  ).toString()}`;

  return (
    <div className="page">
      <PageHeader title={t('audit.title')}>
        <p>{t('audit.intro')}</p>
      </PageHeader>
      <section aria-labelledby="verify-heading" className="section panel">
        <h2 id="verify-heading">{t('audit.verifyTitle')}</h2>
        <p>{t('audit.verifyIntro')}</p>
        <div className="form__actions">
          <button type="button" className="btn btn--primary" onClick={() => void verify.refetch()} disabled={verify.isFetching}>
            {verify.isFetching ? t('audit.verifying') : t('audit.verify')}
          </button>
        </div>
        <div aria-live="polite" className="result">
          {verify.isError ? <ProblemAlert error={verify.error} /> : null}
          {verify.data && !verify.isFetching ? (
            verify.data.ok ? (
              <div className="alert alert--success" role="status">
                <p className="alert__title">{t('audit.ok', { events: verify.data.events })}</p>
                <dl className="summary summary--compact">
                  <div>
                    <dt>{t('audit.headHash')}</dt>
                    <dd>
                      <code className="hash">{verify.data.head_hash ?? '—'}</code>
                    </dd>
                  </div>
                  <div>
                    <dt>{t('audit.checkedAt')}</dt>
                    <dd>
                      <DateTime value={verify.data.checked_at} />
                    </dd>
                  </div>
                </dl>
              </div>
            ) : (
              <div className="alert alert--error" role="alert">
                <p className="alert__title">{t('audit.broken', { seq: verify.data.first_broken_seq ?? '?' })}</p>
                {verify.data.reason ? <p>{verify.data.reason}</p> : null}
              </div>
            )
          ) : null}
        </div>
      </section>

      <AuditFilters params={params} onApply={setParams} />

      <section aria-labelledby="events-heading" className="section">
        <h2 id="events-heading">{ta('audit.eventsTitle')}</h2>
        <div className="form__actions">
          <a className="btn" href={exportUrl} download aria-describedby="audit-export-hint">
            {ta('audit.export')}
          </a>
          <span className="hint" id="audit-export-hint">
            {ta('audit.exportHint')}
          </span>
        </div>
        {events.isPending ? <Spinner label={t('common.loading')} /> : null}
        {events.isError ? <ProblemAlert error={events.error} /> : null}
        {events.isSuccess && rows.length === 0 ? <p className="muted">{t('audit.empty')}</p> : null}
        {rows.length > 0 ? (
          <>
            <p className="muted" aria-live="polite">
              {ta('audit.shown', { count: rows.length })}
            </p>
            <StackTable
              caption={ta('audit.eventsTitle')}
              columns={[t('audit.seq'), t('audit.at'), t('audit.action'), t('audit.actor'), ta('audit.organisation'), t('audit.target')]}
            >
              {rows.map((ev) => (
                <EventRow key={ev.seq} ev={ev} />
              ))}
            </StackTable>
          </>
        ) : null}
        {events.hasNextPage ? (
          <div className="form__actions">
            <button type="button" className="btn" onClick={() => void events.fetchNextPage()} disabled={events.isFetchingNextPage}>
              {events.isFetchingNextPage ? ta('audit.loadingOlder') : ta('audit.older')}
            </button>
          </div>
        ) : null}
      </section>
    </div>
  );
}

function AuditFilters({ params, onApply }: { params: URLSearchParams; onApply: (p: URLSearchParams) => void }) {
  const { t: ta } = useTranslation('admin');
  const initial = Object.fromEntries(FILTERS.map((f) => [f, params.get(f) ?? ''])) as Record<Filter, string>;
  const [values, setValues] = useState(initial);
  const set = (f: Filter) => (e: { target: { value: string } }) => setValues((v) => ({ ...v, [f]: e.target.value }));
  const family = values.action.endsWith('.') ? values.action.slice(0, -1) : '';

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const next = new URLSearchParams();
    for (const f of FILTERS) if (values[f].trim()) next.set(f, values[f].trim());
    onApply(next);
  };
  const clear = () => {
    setValues(Object.fromEntries(FILTERS.map((f) => [f, ''])) as Record<Filter, string>);
    onApply(new URLSearchParams());
  };

  return (
    <section aria-labelledby="audit-filters" className="section panel">
      <h2 id="audit-filters">{ta('audit.filtersTitle')}</h2>
      <form className="form form--row" onSubmit={submit}>
        <label className="field">
          <span>{ta('audit.family')}</span>
          <select value={family} onChange={(e) => setValues((v) => ({ ...v, action: e.target.value ? `${e.target.value}.` : '' }))}>
            <option value="">{ta('audit.anyFamily')}</option>
            {FAMILIES.map((f) => (
              <option key={f} value={f}>
                {ta(`audit.families.${f}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{ta('audit.action')}</span>
          <input value={values.action} onChange={set('action')} maxLength={80} dir="ltr" aria-describedby="audit-action-hint" />
          <span className="hint" id="audit-action-hint">
            {ta('audit.actionHint')}
          </span>
        </label>
        <label className="field">
          <span>{ta('audit.actor')}</span>
          <input type="search" value={values.actor} onChange={set('actor')} maxLength={200} dir="auto" aria-describedby="audit-actor-hint" />
          <span className="hint" id="audit-actor-hint">
            {ta('audit.actorHint')}
          </span>
        </label>
        <label className="field">
          <span>{ta('audit.target')}</span>
          <input value={values.target_id} onChange={set('target_id')} maxLength={64} dir="ltr" />
        </label>
        <label className="field">
          <span>{ta('audit.since')}</span>
          <input type="date" value={values.since} onChange={set('since')} />
        </label>
        <label className="field">
          <span>{ta('audit.until')}</span>
          <input type="date" value={values.until} onChange={set('until')} />
        </label>
        <div className="form__actions">
          <button type="submit" className="btn btn--primary">
            {ta('audit.apply')}
          </button>
          <button type="button" className="btn" onClick={clear}>
            {ta('audit.clear')}
          </button>
        </div>
      </form>
    </section>
  );
}

function EventRow({ ev }: { ev: AuditEventOut }) {
  const { t, i18n } = useTranslation();
  const { t: ta } = useTranslation('admin');
  const family = ev.action.split('.')[0];
  const familyLabel = i18n.exists(`audit.families.${family}`, { ns: 'admin' }) ? ta(`audit.families.${family}` as 'audit.families.auth') : family;
  return (
    <tr>
      <td data-label={t('audit.seq')}>{ev.seq}</td>
      <td data-label={t('audit.at')}>
        <DateTime value={ev.at} />
      </td>
      <td data-label={t('audit.action')}>
        {familyLabel}
        <br />
        <code dir="ltr">{ev.action}</code>
      </td>
      <td data-label={t('audit.actor')}>
        <Actor ev={ev} />
      </td>
      <td data-label={ta('audit.organisation')}>
        <bdi>{ev.org_name ?? ta('audit.noOrg')}</bdi>
      </td>
      <td data-label={t('audit.target')}>
        {ev.target_type ? (
          <>
            {ev.target_type} <Short id={ev.target_id} />
          </>
        ) : (
          '—'
        )}
      </td>
    </tr>
  );
}

function Actor({ ev }: { ev: AuditEventOut }) {
  const { t } = useTranslation();
  const { t: ta } = useTranslation('admin');
  if (ev.actor_token_id) {
    return (
      <span title={ev.actor_token_id}>
        {ev.token_name ? ta('audit.byToken', { name: ev.token_name }) : ta('audit.unknownToken')}
        {ev.actor_name ? (
          <>
            {' · '}
            <bdi>{ev.actor_name}</bdi>
          </>
        ) : null}
      </span>
    );
  }
  if (ev.actor_user_id) {
    return <bdi title={ev.actor_user_id}>{ev.actor_name ?? ta('audit.unknownUser')}</bdi>;
  }
  return <span className="muted">{t('audit.system')}</span>;
}

function Short({ id }: { id: string | null | undefined }) {
  const { t } = useTranslation();
  if (!id) return <span className="muted">{t('audit.system')}</span>;
  return (
    <span title={id}>
      <code>{id.slice(0, 8)}</code>
    </span>
  );
}
