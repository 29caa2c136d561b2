import { useTranslation } from 'react-i18next';

import { asApiError } from '../api/errors';

/** The heading by HTTP status; 0 means the API could not be reached. */
const HEADINGS: Partial<Record<number, `errors.${'network' | 'unauthorized' | 'forbidden' | 'notFound' | 'conflict' | 'invalid' | 'tooMany'}`>> = {
  0: 'errors.network',
  401: 'errors.unauthorized',
  403: 'errors.forbidden',
  404: 'errors.notFound',
  409: 'errors.conflict',
  422: 'errors.invalid',
  429: 'errors.tooMany',
};

/** Shows an API failure: a translated heading and the API's own problem detail and field errors. */
export function ProblemAlert({ error, title }: { error: unknown; title?: string }) {
  const { t } = useTranslation();
  if (!error) return null;
  const e = asApiError(error);
  const heading = title ?? t(HEADINGS[e.status] ?? (e.status >= 500 ? 'errors.server' : 'errors.generic'));
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
