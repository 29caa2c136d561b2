import { useTranslation } from 'react-i18next';

import { useConnection } from '../features/offline/status';
import './offline.css';

/** Online / offline / syncing, in the top bar; the details (what waits to be sent) in its title and for screen readers. */
export function ConnectionIndicator() {
  const { t } = useTranslation('offline');
  const { state, waiting } = useConnection();
  const detail = state === 'offline' ? t('indicator.offlineDetail') : waiting > 0 ? t('indicator.waiting', { count: waiting }) : '';
  return (
    <p className="conn" data-state={state} data-testid="connection" role="status" title={detail || undefined}>
      <span className="conn__dot" aria-hidden="true" />
      <span className="conn__label">{t(`indicator.${state}`)}</span>
      {detail ? <span className="visually-hidden"> — {detail}</span> : null}
      {waiting > 0 ? <span className="conn__count" aria-hidden="true">{waiting}</span> : null}
    </p>
  );
}
