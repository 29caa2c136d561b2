import '../../features/lists/lists.css';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';

import { afterWrite } from '../../api/cache';
import { can, useMe } from '../../auth/session';
import { createCaseMutation, listCasesOptions, listCasesQueryKey } from '../../client/@tanstack/react-query.gen';
import type { AbuseCategory, VictimGroup } from '../../client/types.gen';
import { DateTime } from '../../components/DateTime';
import { PageHeader } from '../../components/PageHeader';
import { ProblemAlert } from '../../components/ProblemAlert';
import { Spinner } from '../../components/Spinner';
import { StackTable } from '../../components/ListTable';
import { FilterSelect, useFilterOptions, useUrlFilters } from '../../features/lists/filters';
import { StatusBadge } from '../../features/StatusBadge';
import { ImportFromWord } from '../../features/word/ImportFromWord';
import { templateLang, templateUrl } from '../../features/word/word';

const STATES = ['draft', 'submitted', 'in_review', 'changes_requested', 'approved', 'rejected', 'withdrawn', 'packaged', 'submitted_to_government'] as const;
type State = (typeof STATES)[number];
const KEYS = ['status', 'q', 'jurisdiction', 'category', 'group', 'country'] as const;

/** Case files by state, searchable and filtered as the API allows (filters kept in the URL). */
export default function CasesPage() {
  const { t, i18n } = useTranslation('work');
  const { t: tl } = useTranslation('lists');
  const me = useMe();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const { values: f, set } = useUrlFilters(KEYS);
  const status = f.status as State | '';
  const [search, setSearch] = useState(f.q);
  useEffect(() => setSearch(f.q), [f.q]);
  const options = useFilterOptions();
  const [title, setTitle] = useState('');
  const list = useQuery(
    listCasesOptions({
      query: {
        status: status ? [status] : undefined,
        q: f.q || undefined,
        jurisdiction: f.jurisdiction || undefined,
        category: (f.category || undefined) as AbuseCategory | undefined,
        victim_group: (f.group || undefined) as VictimGroup | undefined,
        country: f.country || undefined,
        limit: 200,
      },
    }),
  );
  const create = useMutation({
    ...createCaseMutation(),
    onSuccess: (c) => {
      afterWrite(qc, { invalidate: [listCasesQueryKey()] });
      void navigate(`/cases/${c.id}`);
    },
  });
  const onCreate = (e: FormEvent) => {
    e.preventDefault();
    if (title.trim()) create.mutate({ body: { title: title.trim(), target_jurisdictions: [], content: {} } });
  };
  return (
    <div className="page">
      <PageHeader title={t('cases.title')}>
        {/* A coordinator reads the case files of every organisation, not of their own. */}
        <p>{can(me, 'review') ? tl('cases.coordinatorIntro') : t('cases.intro')}</p>
      </PageHeader>
      {can(me, 'cases:write') ? (
        <form className="inline-form work-create" onSubmit={onCreate}>
          <label htmlFor="new-case-title">{t('cases.createTitle')}</label>
          <input id="new-case-title" value={title} onChange={(e) => setTitle(e.target.value)} required maxLength={300} />
          <button type="submit" className="btn btn--primary" disabled={create.isPending}>
            {t('cases.new')}
          </button>
        </form>
      ) : null}
      <ProblemAlert error={create.error} />
      {can(me, 'cases:write') ? (
        <ImportFromWord />
      ) : (
        <p>
          <a href={templateUrl(templateLang(i18n.language))} download>{t('word.template')}</a>
        </p>
      )}
      <nav aria-label={t('cases.byState')} className="work-counts">
        <ul className="chips lists-chips">
          <li>
            <button type="button" className="chip" aria-pressed={status === ''} onClick={() => set({ status: '' })}>
              {t('cases.all')}
            </button>
          </li>
          {STATES.map((s) => (
            <li key={s}>
              <button type="button" className="chip" aria-pressed={status === s} onClick={() => set({ status: status === s ? '' : s })}>
                {t(`status.${s}`)} <span className="work-count">{list.data?.counts[s] ?? 0}</span>
              </button>
            </li>
          ))}
        </ul>
      </nav>
      <form
        className="lists-filters"
        aria-label={tl('cases.filters')}
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          set({ q: search.trim() });
        }}
      >
        <div className="work-field lists-filter">
          <label htmlFor="cases-q">{tl('cases.search')}</label>
          <input id="cases-q" type="search" dir="auto" value={search} maxLength={200} onChange={(e) => setSearch(e.target.value)} />
        </div>
        <FilterSelect id="cases-jurisdiction" label={tl('queue.jurisdiction')} any={tl('queue.anyJurisdiction')} value={f.jurisdiction} options={options.jurisdictions} onChange={(v) => set({ jurisdiction: v })} />
        <FilterSelect id="cases-category" label={tl('queue.category')} any={tl('queue.anyCategory')} value={f.category} options={options.categories} onChange={(v) => set({ category: v })} />
        <FilterSelect id="cases-group" label={tl('queue.victimGroup')} any={tl('queue.anyGroup')} value={f.group} options={options.groups} onChange={(v) => set({ group: v })} />
        <FilterSelect id="cases-country" label={tl('queue.country')} any={tl('queue.anyCountry')} value={f.country} options={options.countries} onChange={(v) => set({ country: v })} />
        <div className="lists-actions">
          <button type="submit" className="btn">{tl('cases.apply')}</button>
          {KEYS.some((k) => k !== 'status' && f[k]) ? (
            <button type="button" className="btn btn--ghost" onClick={() => set({ q: '', jurisdiction: '', category: '', group: '', country: '' })}>
              {tl('queue.clear')}
            </button>
          ) : null}
        </div>
      </form>
      {list.isPending ? <Spinner label={t('cases.title')} /> : null}
      <ProblemAlert error={list.error} />
      {list.data && list.data.items.length === 0 ? <p>{t('cases.empty')}</p> : null}
      {list.data && list.data.items.length > 0 ? (
        <div className="lists-table">
          <StackTable caption={t('cases.title')} columns={[t('cases.colTitle'), t('cases.colStatus'), t('cases.colJurisdictions'), t('cases.colUpdated')]}>
            {list.data.items.map((c) => (
              <tr key={c.id} data-testid="case-row">
                <td data-label={t('cases.colTitle')}>
                  <Link to={`/cases/${c.id}`} dir="auto">{c.title}</Link>
                </td>
                <td data-label={t('cases.colStatus')}>
                  <StatusBadge status={c.status} />
                </td>
                <td data-label={t('cases.colJurisdictions')}>{c.target_jurisdictions.map((j) => t(`jur.${j}` as 'jur.us', { defaultValue: j })).join(', ')}</td>
                <td data-label={t('cases.colUpdated')}><DateTime value={c.updated_at} /></td>
              </tr>
            ))}
          </StackTable>
        </div>
      ) : null}
    </div>
  );
}
