import { useTranslation } from 'react-i18next';

import { formatDateTime } from '../../components/DateTime';

/** "Restored unsaved changes from …": the editor opened with edits kept on this device. */
export function RestoredNotice({ at, onDismiss }: { at: string; onDismiss: () => void }) {
  const { t, i18n } = useTranslation('drafts');
  return (
    <div className="alert alert--info drafts-restored" role="status" data-testid="restored-notice">
      <p>
        {t('restored.text', { when: formatDateTime(at, i18n.resolvedLanguage ?? i18n.language) })}{' '}
        <button type="button" className="btn btn--small btn--ghost" onClick={onDismiss}>
          {t('restored.dismiss')}
        </button>
      </p>
    </div>
  );
}
