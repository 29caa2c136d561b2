import { useLayoutEffect, useState, type MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';

import { fieldId, type FieldErrorMap } from '../fieldErrors';
import { elementFor } from './fieldMap';

/** The visible name of the control or item a field key is shown at (its label or legend). */
function labelOf(key: string): string {
  const el = elementFor(key);
  if (!el) return key;
  const text = (n: Element | null | undefined) => n?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
  if (el instanceof HTMLFieldSetElement) return text(el.querySelector(':scope > legend'));
  if (el.tagName === 'SECTION') return text(el.querySelector('h2'));
  const own = text(el.ownerDocument.querySelector(`label[for="${el.id}"]`));
  const item = text(el.closest('fieldset.work-item')?.querySelector(':scope > legend'));
  return item && own ? `${item} — ${own}` : own || key;
}

/**
 * "Not saved — N problems": every value the server refused, by field, each a link that takes the
 * person to the field. What the server accepted is saved; these stay on this device until corrected.
 */
export function ProblemsBanner({ fields, partlySaved }: { fields: FieldErrorMap; partlySaved: boolean }) {
  const { t } = useTranslation('drafts');
  const keys = Object.keys(fields);
  const [labels, setLabels] = useState<Record<string, string>>({});
  useLayoutEffect(() => {
    setLabels(Object.fromEntries(Object.keys(fields).map((k) => [k, labelOf(k)])));
  }, [fields]);
  if (keys.length === 0) return null;
  const jump = (e: MouseEvent, key: string) => {
    e.preventDefault();
    const el = elementFor(key);
    if (!el) return;
    el.scrollIntoView({ block: 'center' });
    el.focus({ preventScroll: true });
  };
  return (
    <section className="panel panel--warning drafts-problems" role="alert" aria-labelledby="problems-h" data-testid="problems-banner">
      <h2 id="problems-h">{t('problems.title', { count: keys.length })}</h2>
      <p>{partlySaved ? t('problems.partly') : t('problems.nothing')}</p>
      <ul>
        {keys.map((k) => (
          <li key={k}>
            <a href={`#${fieldId(k)}`} onClick={(e) => jump(e, k)}>
              {labels[k] ?? k}
            </a>
            {': '}
            <bdi>{(fields[k] ?? []).join(' ')}</bdi>
          </li>
        ))}
      </ul>
    </section>
  );
}
