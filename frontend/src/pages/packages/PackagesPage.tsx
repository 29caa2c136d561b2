import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

import { PageHeader } from '../../components/PageHeader';
import { ProblemAlert } from '../../components/ProblemAlert';
import { Spinner } from '../../components/Spinner';
import { listCasesOptions } from '../../client/@tanstack/react-query.gen';
import { StatusBadge } from '../../features/StatusBadge';

export default function PackagesPage() {
  const { t } = useTranslation('work');
  const list = useQuery(listCasesOptions({ query: { status: ['approved', 'packaged', 'submitted_to_government'], limit: 200 } }));
  return (
    <div className="page">
      <PageHeader title={t('packages.title')}>
        <p>{t('packages.intro')}</p>
      </PageHeader>
      {list.isPending ? <Spinner label={t('packages.title')} /> : null}
      <ProblemAlert error={list.error} />
      {list.data && list.data.items.length === 0 ? <p>{t('packages.empty')}</p> : null}
      <ul className="work-list cards">
        {list.data?.items.map((c) => (
          <li key={c.id} className="card">
            <h2 className="card__title"><Link to={`/packages/${c.id}`}>{c.title}</Link></h2>
            <p className="card__text"><StatusBadge status={c.status} /> {c.target_jurisdictions.map((j) => t(`jur.${j}` as 'jur.us', { defaultValue: j })).join(', ')}</p>
          </li>
        ))}
      </ul>
    </div>
  );
}
