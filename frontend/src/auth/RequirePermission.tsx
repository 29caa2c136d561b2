import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

import { PageHeader } from '../components/PageHeader';
import { can, useMe } from './session';

/** Hides a screen the role cannot use (the API refuses its calls anyway). */
export function RequirePermission({ permission, children }: { permission: string; children: ReactNode }) {
  const { t } = useTranslation();
  const me = useMe();
  if (can(me, permission)) return <>{children}</>;
  return (
    <div className="page">
      <PageHeader title={t('unavailable.title')} />
      <div className="notice" role="alert">
        <p>{t('unavailable.text')}</p>
        <p>
          <Link to="/">{t('notFound.home')}</Link>
        </p>
      </div>
    </div>
  );
}
