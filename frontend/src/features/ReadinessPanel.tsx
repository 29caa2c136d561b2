import { useEffect, useState, type MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';

import type { JurisdictionReadiness } from '../client/types.gen';
import { elementFor, onPage, resolveFieldKey } from './drafts/fieldMap';
import { fieldId } from './fieldErrors';

/** The on-page control of each field key (null: not on this page), recomputed when the keys change. */
function useControls(keys: readonly string[]): Record<string, string | null> {
  const [found, setFound] = useState<Record<string, string | null>>({});
  const joined = keys.join('\n');
  useEffect(() => {
    // After the render that brought the keys: the editor's form is in the DOM by then.
    const exists = onPage();
    const next: Record<string, string | null> = {};
    for (const k of joined ? joined.split('\n') : []) next[k] = resolveFieldKey(k, exists);
    setFound((prev) => (JSON.stringify(prev) === JSON.stringify(next) ? prev : next));
  }, [joined]);
  return found;
}

function focusField(e: MouseEvent<HTMLAnchorElement>, key: string) {
  const el = elementFor(key);
  if (!el) return; // let the browser follow the hash
  e.preventDefault();
  if (typeof el.scrollIntoView === 'function') el.scrollIntoView({ block: 'center' }); // (jsdom has none)
  el.focus({ preventScroll: true });
  window.history.replaceState(null, '', `#${fieldId(key)}`);
}

/** A labelled piece of content: a link that focuses its field when the editor shows it, else the words. */
/**
 * A warning's text often opens with its subject ("Perpetrator 4 (…) is not linked to any abuse"), which
 * the link before it already names: said once, the link standing for it. Otherwise "link: text".
 */
export function withoutSubject(label: string, text: string): { sep: string; rest: string } {
  const head = label.split(' › ')[0];
  if (head && text.startsWith(head)) {
    const after = text.slice(head.length);
    const colon = /^\s*:\s*/.exec(after); // "X: …", and French "X : …"
    if (colon) return { sep: ': ', rest: after.slice(colon[0].length) };
    if (label === head) return { sep: '', rest: after };
  }
  return { sep: ': ', rest: text };
}

function FieldLink({ label, control }: { label: string; control: string | null | undefined }) {
  const { t } = useTranslation('lists');
  const text = <bdi>{label}</bdi>;
  if (!control) return text;
  return (
    <a href={`#${fieldId(control)}`} onClick={(e) => focusField(e, control)} title={t('readiness.goTo', { label })} data-field={control}>
      {text}
    </a>
  );
}

/** Per-jurisdiction readiness as the API computed and labelled it; the UI decides nothing. */
export function ReadinessPanel({ readiness }: { readiness: Record<string, JurisdictionReadiness> | undefined }) {
  const { t } = useTranslation('work');
  const { t: tl } = useTranslation('lists');
  const entries = Object.entries(readiness ?? {});
  const keys = entries.flatMap(([, r]) => [
    ...(r.missing_items ?? []).map((m) => m.field),
    ...r.warnings.map((w) => w.field ?? w.loc.join('.')),
  ]);
  const controls = useControls(keys);
  return (
    <section className="panel work-readiness" aria-labelledby="readiness-h">
      <h2 id="readiness-h">{t('readiness.title')}</h2>
      {entries.length === 0 ? <p>{t('readiness.none')}</p> : null}
      <ul className="work-list">
        {entries.map(([code, r]) => {
          const state = r.ready ? 'ready' : r.eligible ? 'notReady' : 'notEligible';
          const missing = r.missing_items?.length ? r.missing_items : r.missing.map((p) => ({ path: p, field: p, label: p, text: null as string | null | undefined }));
          const reasons = r.reason_texts?.length ? r.reason_texts : r.reasons;
          return (
            <li key={code} className="work-readiness__item" data-testid={`readiness-${code}`}>
              <h3 className="work-readiness__name">
                {r.label ?? t(`jur.${code}` as 'jur.us', { defaultValue: r.name })}{' '}
                <span className={`badge work-badge--${state}`}>{t(`readiness.${state}`)}</span>
              </h3>
              {r.eligible_regimes.length > 0 ? (
                <>
                  <p className="work-label">{t('readiness.regimes')}</p>
                  <ul className="work-readiness__regimes">
                    {r.eligible_regimes.map((g) => (
                      <li key={g.code} data-testid={`regime-${g.code}`}>
                        <bdi>{g.label ?? g.name}</bdi>
                        {g.perpetrators?.length ? (
                          <span className="hint">
                            {' '}
                            — {tl('readiness.forPerpetrators')}: {g.perpetrators.map((x) => x.label).join('; ')}
                          </span>
                        ) : null}
                      </li>
                    ))}
                  </ul>
                </>
              ) : null}
              {reasons.length > 0 ? (
                <>
                  <p className="work-label">{t('readiness.reasons')}</p>
                  <ul>
                    {reasons.map((x, i) => (
                      <li key={i} dir="auto">
                        {x}
                      </li>
                    ))}
                  </ul>
                </>
              ) : null}
              {missing.length > 0 ? (
                <>
                  <p className="work-label">{t('readiness.missing')}</p>
                  <ul data-testid={`missing-${code}`}>
                    {missing.map((m) => (
                      <li key={m.path} data-path={m.path}>
                        <FieldLink label={m.label} control={controls[m.field]} />
                        {m.text ? <span className="muted"> — {m.text}</span> : null}
                      </li>
                    ))}
                  </ul>
                </>
              ) : null}
              {r.warnings.length > 0 ? (
                <>
                  <p className="work-label">{t('readiness.warnings')}</p>
                  <ul data-testid={`warnings-${code}`}>
                    {r.warnings.map((w, i) => {
                      const field = w.field ?? w.loc.join('.');
                      const label = w.label ?? field;
                      const { sep, rest } = withoutSubject(label, w.text ?? w.msg);
                      return (
                        <li key={i}>
                          <FieldLink label={label} control={controls[field]} />
                          {sep}
                          {/* In the reader's language, but it may name people in another script: isolated. */}
                          <bdi>{rest}</bdi>
                        </li>
                      );
                    })}
                  </ul>
                </>
              ) : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
