import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

import { PageHeader } from '../components/PageHeader';

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <div className="page">
      <PageHeader title={t('notFound.title')}>
        <p>{t('notFound.text')}</p>
      </PageHeader>
      <p>
        <Link to="/">{t('notFound.home')}</Link>
      </p>
    </div>
  );
}
