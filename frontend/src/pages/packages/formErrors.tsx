import { useTranslation } from 'react-i18next';

import { asApiError } from '../../api/errors';

/** A form's fields by the API's key (its `loc` without "body": "sent_on", "designation.program"): label and control id. */
export type FormFields = Record<string, { label: string; id: string }>;

const keyOf = (loc: readonly (string | number)[]) => loc.filter((x, i) => !(i === 0 && x === 'body')).map(String).join('.');

/** The field a `loc` points at: the longest key of `fields` that is the loc or a prefix of it. */
function fieldFor(loc: readonly (string | number)[], fields: FormFields): string | null {
  const parts = keyOf(loc).split('.');
  for (let n = parts.length; n > 0; n--) {
    const k = parts.slice(0, n).join('.');
    if (fields[k]) return k;
  }
  return null;
}

/** The API's messages for each field of the form, by field key. */
export function errorsByField(error: unknown, fields: FormFields): Record<string, string[]> {
  if (!error) return {};
  const out: Record<string, string[]> = {};
  for (const f of asApiError(error).fieldErrors) {
    const k = fieldFor(f.loc, fields);
    if (k) (out[k] ??= []).push(f.msg);
  }
  return out;
}

/** Props for a control that may carry the API's message: aria-invalid and the message under it. */
export function invalidProps(id: string, msgs: string[] | undefined) {
  return msgs?.length ? { 'aria-invalid': true as const, 'aria-describedby': `${id}-err` } : {};
}

export function FieldMessage({ id, msgs }: { id: string; msgs: string[] | undefined }) {
  const { t } = useTranslation('work');
  if (!msgs?.length) return null;
  return (
    <p className="work-field-error" id={`${id}-err`}>
      {/* The server's message is English: isolated (FSI…PDI) so it reads right inside Arabic text. */}
      {msgs.map((m) => t('editor.fieldError', { msg: `\u2068${m}\u2069` })).join(' ')}
    </p>
  );
}

/**
 * A failed form submission: the heading by status, the API's detail, and every field error named by
 * the field's label (a link to the field), never by its path.
 */
export function FormProblem({ error, fields }: { error: unknown; fields: FormFields }) {
  const { t } = useTranslation();
  const { t: tr } = useTranslation('review');
  if (!error) return null;
  const e = asApiError(error);
  const heading =
    e.status === 0 ? t('errors.network') : e.status === 409 ? t('errors.conflict') : e.status === 422 ? t('errors.invalid') : e.status === 403 ? t('errors.forbidden') : e.status >= 500 ? t('errors.server') : t('errors.generic');
  return (
    <div className="alert alert--error" role="alert">
      <p className="alert__title">{heading}</p>
      {e.problem.detail ? <p className="alert__detail"><bdi>{e.problem.detail}</bdi></p> : null}
      {e.fieldErrors.length > 0 ? (
        <ul className="alert__list">
          {e.fieldErrors.map((f, i) => {
            const k = fieldFor(f.loc, fields);
            const field = k ? fields[k]! : null;
            return (
              <li key={i}>
                {field ? <a href={`#${field.id}`}>{field.label}</a> : <span>{tr('track.otherField', { name: keyOf(f.loc) || '—' })}</span>}: <bdi>{f.msg}</bdi>
              </li>
            );
          })}
        </ul>
      ) : null}
    </div>
  );
}
