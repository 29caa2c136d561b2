import { createContext, useContext, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import { fieldId, type FieldErrorMap } from './fieldErrors';

export const FieldErrorsContext = createContext<FieldErrorMap>({});
export const ReadOnlyContext = createContext(false);

/** The API's messages about the field (or item) with this key. */
export function useFieldErrors(k: string): string[] {
  return useContext(FieldErrorsContext)[k] ?? [];
}

/** The messages under a control, pointed at by its `aria-describedby` (`${id}-err`). */
export function ErrorText({ id, errors }: { id: string; errors: string[] }) {
  const { t } = useTranslation('work');
  if (errors.length === 0) return null;
  return (
    <p className="work-field-error" id={`${id}-err`}>
      {/* The server's message is English: isolated (FSI…PDI) so it reads right inside Arabic text. */}
      {errors.map((m) => t('editor.fieldError', { msg: `\u2068${m}\u2069` })).join(' ')}
    </p>
  );
}

interface TextProps {
  k: string;
  label: string;
  value: string | null | undefined;
  onChange: (v: string | null) => void;
  multiline?: boolean;
  type?: string;
}

/** A labelled input whose API field errors (by loc) show right under it. */
export function TextField({ k, label, value, onChange, multiline, type = 'text' }: TextProps) {
  const errors = useFieldErrors(k);
  const readOnly = useContext(ReadOnlyContext);
  const id = fieldId(k);
  const common = {
    id,
    value: value ?? '',
    readOnly,
    // Free text may be Latin inside Arabic (or the reverse): the browser picks each field's direction.
    dir: multiline || type === 'text' ? 'auto' : undefined,
    'aria-invalid': errors.length > 0 ? true : undefined,
    'aria-describedby': errors.length > 0 ? `${id}-err` : undefined,
    onChange: (e: { target: { value: string } }) => onChange(e.target.value === '' ? null : e.target.value),
  };
  return (
    <div className={`work-field${errors.length ? ' work-field--error' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {multiline ? <textarea rows={3} {...common} /> : <input type={type} {...common} />}
      <ErrorText id={id} errors={errors} />
    </div>
  );
}

export function SelectField({
  k,
  label,
  value,
  options,
  onChange,
  placeholder,
}: {
  k: string;
  label: string;
  value: string | null | undefined;
  options: readonly { value: string; label: string }[];
  onChange: (v: string | null) => void;
  placeholder?: string;
}) {
  const errors = useFieldErrors(k);
  const readOnly = useContext(ReadOnlyContext);
  const id = fieldId(k);
  return (
    <div className={`work-field${errors.length ? ' work-field--error' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={value ?? ''}
        disabled={readOnly}
        aria-invalid={errors.length > 0 ? true : undefined}
        aria-describedby={errors.length > 0 ? `${id}-err` : undefined}
        onChange={(e) => onChange(e.target.value === '' ? null : e.target.value)}
      >
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <ErrorText id={id} errors={errors} />
    </div>
  );
}

export function CheckboxGroup({
  k,
  legend,
  values,
  options,
  onChange,
}: {
  k: string;
  legend: string;
  values: readonly string[];
  options: readonly { value: string; label: string }[];
  onChange: (v: string[]) => void;
}) {
  const errors = useFieldErrors(k);
  const readOnly = useContext(ReadOnlyContext);
  const id = fieldId(k);
  return (
    <fieldset className="work-checks" id={id} aria-describedby={errors.length > 0 ? `${id}-err` : undefined}>
      <legend>{legend}</legend>
      {options.map((o) => (
        <label key={o.value} className="work-check">
          <input
            type="checkbox"
            checked={values.includes(o.value)}
            disabled={readOnly}
            onChange={(e) => onChange(e.target.checked ? [...values, o.value] : values.filter((v) => v !== o.value))}
          />{' '}
          {o.label}
        </label>
      ))}
      <ErrorText id={id} errors={errors} />
    </fieldset>
  );
}

export function Section({ id, title, children, aside }: { id: string; title: string; children: ReactNode; aside?: ReactNode }) {
  return (
    <section className="panel work-section" id={`section-${id}`} aria-labelledby={`section-${id}-h`}>
      <h2 id={`section-${id}-h`}>{title}</h2>
      {children}
      {aside}
    </section>
  );
}
