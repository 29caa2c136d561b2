import { useTranslation } from 'react-i18next';

import { applyUpdate, useUpdateWaiting } from '../features/offline/register';

/** A new version is installed and waits: it is used only when the person chooses to reload. */
export function UpdatePrompt() {
  const { t } = useTranslation('offline');
  if (!useUpdateWaiting()) return null;
  return (
    <div className="update-prompt" role="status">
      <p>{t('update.ready')}</p>
      <button type="button" className="btn btn--small" onClick={applyUpdate}>
        {t('update.reload')}
      </button>
    </div>
  );
}
