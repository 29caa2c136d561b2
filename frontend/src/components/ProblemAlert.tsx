import { useTranslation } from 'react-i18next';

import { asApiError } from '../api/errors';

/** Shows an API failure: a translated heading and the API's own problem detail and field errors. */
export function ProblemAlert({ error, title }: { error: unknown; title?: string }) {
  const { t } = useTranslation();
  if (!error) return null;
  const e = asApiError(error);
  const heading =
    title ??
    (e.status === 0
      ? t('errors.network')
      : e.status === 401
        ? t('errors.unauthorized')
        : e.status === 403
          ? t('errors.forbidden')
          : e.status === 404
            ? t('errors.notFound')
            : e.status === 409
              ? t('errors.conflict')
              : e.status === 422
                ? t('errors.invalid')
                : e.status === 429
                  ? t('errors.tooMany')
                  : e.status >= 500
                    ? t('errors.server')
                    : t('errors.generic'));
  return (
    <div className="alert alert--error" role="alert">
      <p className="alert__title">{heading}</p>
      {e.problem.detail ? <p className="alert__detail">{e.problem.detail}</p> : null}
      {e.fieldErrors.length > 0 ? (
        <ul className="alert__list">
          {e.fieldErrors.map((f, i) => (
            <li key={i}>
              <code>{f.loc.filter((x) => x !== 'body').join('.')}</code>: {f.msg}
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}
