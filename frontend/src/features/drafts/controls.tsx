import { useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import { fieldId } from '../fieldErrors';
import { ErrorText, ReadOnlyContext, useFieldErrors } from '../fields';
import { countryName, countryOptions, resolveCountry } from './countries';

/** An item of a list (a perpetrator, an incident…): the place an error about the item as a whole is shown. */
export function Item({ k, legend, nested, children, onRemove, removeLabel }: { k: string; legend: string; nested?: boolean; children: ReactNode; onRemove?: () => void; removeLabel?: string }) {
  const errors = useFieldErrors(k);
  const readOnly = useContext(ReadOnlyContext);
  const id = fieldId(k);
  return (
    <fieldset id={id} tabIndex={-1} className={`work-item${nested ? ' work-item--nested' : ''}${errors.length ? ' work-item--error' : ''}`} aria-describedby={errors.length ? `${id}-err` : undefined}>
      <legend>{legend}</legend>
      <ErrorText id={id} errors={errors} />
      {children}
      {onRemove && !readOnly ? (
        <button type="button" className="btn btn--small btn--ghost work-remove" onClick={onRemove}>
          {removeLabel ?? legend}
        </button>
      ) : null}
    </fieldset>
  );
}

/** A list of rows (ties, sanctions, positions…) with its add button; errors about the list show at its head. */
export function Rows({ k, legend, children, onAdd, addLabel }: { k: string; legend: string; children: ReactNode; onAdd: () => void; addLabel: string }) {
  const errors = useFieldErrors(k);
  const readOnly = useContext(ReadOnlyContext);
  const id = fieldId(k);
  return (
    <fieldset id={id} tabIndex={-1} className="work-rows" aria-describedby={errors.length ? `${id}-err` : undefined}>
      <legend>{legend}</legend>
      <ErrorText id={id} errors={errors} />
      {children}
      {!readOnly ? (
        <button type="button" className="btn btn--small work-add" onClick={onAdd}>
          {addLabel}
        </button>
      ) : null}
    </fieldset>
  );
}

/** One yes/no value as a checkbox, with an optional hint (e.g. which regime needs it). */
export function CheckField({ k, label, hint, checked, onChange }: { k: string; label: string; hint?: string; checked: boolean; onChange: (v: boolean) => void }) {
  const errors = useFieldErrors(k);
  const readOnly = useContext(ReadOnlyContext);
  const id = fieldId(k);
  const described = [hint ? `${id}-hint` : '', errors.length ? `${id}-err` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`work-field work-field--check${errors.length ? ' work-field--error' : ''}`}>
      <label className="work-check" htmlFor={id}>
        <input id={id} type="checkbox" checked={checked} disabled={readOnly} aria-invalid={errors.length > 0 ? true : undefined} aria-describedby={described} onChange={(e) => onChange(e.target.checked)} /> {label}
      </label>
      {hint ? <p className="hint" id={`${id}-hint`}>{hint}</p> : null}
      <ErrorText id={id} errors={errors} />
    </div>
  );
}

/**
 * Several names, one a line. The text is kept as typed while the field has focus (so a new line can
 * be started); the list of non-empty lines is what the draft holds.
 */
export function LinesField({ k, label, values, onChange }: { k: string; label: string; values: readonly string[] | undefined; onChange: (v: string[]) => void }) {
  const errors = useFieldErrors(k);
  const readOnly = useContext(ReadOnlyContext);
  const id = fieldId(k);
  const joined = (values ?? []).join('\n');
  const [text, setText] = useState(joined);
  const lines = (s: string) => s.split('\n').map((x) => x.trim()).filter(Boolean);
  useEffect(() => {
    // A change from elsewhere (restored draft, the other version chosen): show it.
    setText((cur) => (lines(cur).join('\n') === joined ? cur : joined));
  }, [joined]);
  return (
    <div className={`work-field${errors.length ? ' work-field--error' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <textarea
        id={id}
        rows={2}
        dir="auto"
        value={text}
        readOnly={readOnly}
        aria-invalid={errors.length > 0 ? true : undefined}
        aria-describedby={errors.length > 0 ? `${id}-err` : undefined}
        onChange={(e) => {
          setText(e.target.value);
          onChange(lines(e.target.value));
        }}
      />
      <ErrorText id={id} errors={errors} />
    </div>
  );
}

/**
 * A country by its name in the current language (a list to pick from, or typed); the ISO code is
 * what the draft holds. Text that names no country is kept as typed, and the server says why it
 * refuses it.
 */
export function CountryField({ k, label, value, onChange }: { k: string; label: string; value: string | null | undefined; onChange: (v: string | null) => void }) {
  const { i18n } = useTranslation();
  const lang = i18n.language;
  const errors = useFieldErrors(k);
  const readOnly = useContext(ReadOnlyContext);
  const id = fieldId(k);
  const listId = useCountryList();
  const shown = (v: string | null | undefined) => (v ? (resolveCountry(v, lang) === v && /^[a-z]{2}$/.test(v) ? countryName(v, lang) : v) : '');
  const [text, setText] = useState(() => shown(value));
  const focused = useRef(false);
  useEffect(() => {
    if (focused.current) return;
    setText(shown(value));
    // Follows the stored value (restore, the other version chosen), not every keystroke's `shown`.
  }, [value, lang]);
  return (
    <div className={`work-field${errors.length ? ' work-field--error' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="text"
        dir="auto"
        list={listId}
        autoComplete="off"
        value={text}
        readOnly={readOnly}
        aria-invalid={errors.length > 0 ? true : undefined}
        aria-describedby={errors.length > 0 ? `${id}-err` : undefined}
        onFocus={() => (focused.current = true)}
        onBlur={() => {
          focused.current = false;
          setText(shown(value));
        }}
        onChange={(e) => {
          setText(e.target.value);
          onChange(e.target.value.trim() === '' ? null : resolveCountry(e.target.value, lang));
        }}
      />
      <ErrorText id={id} errors={errors} />
    </div>
  );
}

/** Several countries (nationalities): one picker a row, add and remove. A new row joins the list once typed in. */
export function CountriesField({ k, legend, values, onChange }: { k: string; legend: string; values: readonly string[] | undefined; onChange: (v: string[]) => void }) {
  const { t } = useTranslation('drafts');
  const readOnly = useContext(ReadOnlyContext);
  const list = values ?? [];
  const [pending, setPending] = useState(false);
  const rows = pending ? [...list, ''] : list;
  return (
    <Rows k={k} legend={legend} addLabel={t('add.nationality')} onAdd={() => setPending(true)}>
      {rows.map((c, n) => (
        <div className="work-row" key={n}>
          <CountryField
            k={`${k}.${n}`}
            label={t('field.nationalityN', { n: n + 1 })}
            value={c}
            onChange={(v) => {
              if (n >= list.length) {
                if (v === null) return;
                setPending(false);
                onChange([...list, v]);
              } else onChange(list.map((x, j) => (j === n ? (v ?? '') : x)));
            }}
          />
          {!readOnly ? (
            <button
              type="button"
              className="btn btn--small btn--ghost"
              onClick={() => (n >= list.length ? setPending(false) : onChange(list.filter((_, j) => j !== n)))}
            >
              {t('remove.nationality', { n: n + 1 })}
            </button>
          ) : null}
        </div>
      ))}
    </Rows>
  );
}

/** One <datalist> of countries per page and language, shared by every country field. */
function useCountryList(): string {
  const { i18n } = useTranslation();
  const id = `countries-${i18n.language}`;
  useEffect(() => {
    if (document.getElementById(id)) return;
    const dl = document.createElement('datalist');
    dl.id = id;
    for (const o of countryOptions(i18n.language)) {
      const opt = document.createElement('option');
      opt.value = o.label;
      dl.appendChild(opt);
    }
    document.body.appendChild(dl);
  }, [id, i18n.language]);
  return id;
}
