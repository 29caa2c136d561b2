import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';

import { afterWrite } from '../../api/cache';
import { can, useMe } from '../../auth/session';
import { createCaseMutation, listCasesOptions, listCasesQueryKey } from '../../client/@tanstack/react-query.gen';
import { PageHeader } from '../../components/PageHeader';
import { ProblemAlert } from '../../components/ProblemAlert';
import { Spinner } from '../../components/Spinner';
import { StatusBadge } from '../../features/StatusBadge';
import { ImportFromWord } from '../../features/word/ImportFromWord';
import { templateLang, templateUrl } from '../../features/word/word';

const STATES = ['draft', 'submitted', 'in_review', 'changes_requested', 'approved', 'rejected', 'withdrawn', 'packaged', 'submitted_to_government'] as const;
type State = (typeof STATES)[number];

/** Researcher dashboard: the organisation's case files by state. */
export default function CasesPage() {
  const { t, i18n } = useTranslation('work');
  const me = useMe();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [params, setParams] = useSearchParams();
  const status = (params.get('status') ?? '') as State | '';
  const [title, setTitle] = useState('');
  const list = useQuery(listCasesOptions({ query: { status: status ? [status] : undefined, limit: 200 } }));
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
        <p>{t('cases.intro')}</p>
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
        <ul className="chips">
          <li>
            <button type="button" className="chip" aria-pressed={status === ''} onClick={() => setParams({})}>
              {t('cases.all')}
            </button>
          </li>
          {STATES.map((s) => (
            <li key={s}>
              <button type="button" className="chip" aria-pressed={status === s} onClick={() => setParams({ status: s })}>
                {t(`status.${s}`)} <span className="work-count">{list.data?.counts[s] ?? 0}</span>
              </button>
            </li>
          ))}
        </ul>
      </nav>
      {list.isPending ? <Spinner label={t('cases.title')} /> : null}
      <ProblemAlert error={list.error} />
      {list.data && list.data.items.length === 0 ? <p>{t('cases.empty')}</p> : null}
      {list.data && list.data.items.length > 0 ? (
        <div className="work-scroll">
          <table className="table">
            <caption className="visually-hidden">{t('cases.title')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('cases.colTitle')}</th>
                <th scope="col">{t('cases.colStatus')}</th>
                <th scope="col">{t('cases.colJurisdictions')}</th>
                <th scope="col">{t('cases.colUpdated')}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((c) => (
                <tr key={c.id}>
                  <td>
                    <Link to={`/cases/${c.id}`}>{c.title}</Link>
                  </td>
                  <td>
                    <StatusBadge status={c.status} />
                  </td>
                  <td>{c.target_jurisdictions.map((j) => t(`jur.${j}` as 'jur.us', { defaultValue: j })).join(', ')}</td>
                  <td>{new Date(c.updated_at).toLocaleString()}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </div>
  );
}
