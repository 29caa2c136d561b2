import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

import { asApiError } from '../api/errors';
import { ProblemAlert } from './ProblemAlert';

/**
 * For a page whose object is out of reach. The API answers 404 for another tenant's objects (it never
 * confirms they exist) and 403 when the role lacks a permission; both read the same here.
 */
export function Unavailable({ error }: { error: unknown }) {
  const { t } = useTranslation();
  const e = asApiError(error);
  if (e.status === 404 || e.status === 403) {
    return (
      <div className="notice" role="alert">
        <p className="notice__label">{t('unavailable.title')}</p>
        <p>{t('unavailable.text')}</p>
        <p>
          <Link to="/">{t('notFound.home')}</Link>
        </p>
      </div>
    );
  }
  return <ProblemAlert error={error} />;
}
