import { useTranslation } from 'react-i18next';

import type { JurisdictionReadiness } from '../client/types.gen';

/** Per-jurisdiction readiness as the API computed it; the UI decides nothing. */
export function ReadinessPanel({ readiness }: { readiness: Record<string, JurisdictionReadiness> | undefined }) {
  const { t } = useTranslation('work');
  const entries = Object.entries(readiness ?? {});
  return (
    <section className="panel work-readiness" aria-labelledby="readiness-h">
      <h2 id="readiness-h">{t('readiness.title')}</h2>
      {entries.length === 0 ? <p>{t('readiness.none')}</p> : null}
      <ul className="work-list">
        {entries.map(([code, r]) => {
          const state = r.ready ? 'ready' : r.eligible ? 'notReady' : 'notEligible';
          return (
            <li key={code} className="work-readiness__item" data-testid={`readiness-${code}`}>
              <h3 className="work-readiness__name">
                {t(`jur.${code}` as 'jur.us', { defaultValue: r.name })}{' '}
                <span className={`badge work-badge--${state}`}>{t(`readiness.${state}`)}</span>
              </h3>
              {r.eligible_regimes.length > 0 ? (
                <p>
                  {t('readiness.regimes')}: {r.eligible_regimes.map((g) => g.name).join('; ')}
                </p>
              ) : null}
              {r.reasons.length > 0 ? (
                <>
                  <p className="work-label">{t('readiness.reasons')}</p>
                  <ul>{r.reasons.map((x, i) => <li key={i}>{x}</li>)}</ul>
                </>
              ) : null}
              {r.missing.length > 0 ? (
                <>
                  <p className="work-label">{t('readiness.missing')}</p>
                  <ul>{r.missing.map((x) => <li key={x}><code>{x}</code></li>)}</ul>
                </>
              ) : null}
              {r.warnings.length > 0 ? (
                <>
                  <p className="work-label">{t('readiness.warnings')}</p>
                  <ul>{r.warnings.map((w, i) => <li key={i}><code>{w.loc.join('.')}</code>: {w.msg}</li>)}</ul>
                </>
              ) : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
