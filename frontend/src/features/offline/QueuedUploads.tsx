import { useTranslation } from 'react-i18next';

import { removeQueued, useQueuedUploads } from './uploads';

/** Evidence files chosen offline for this case: kept on this device until the server has them. */
export function QueuedUploads({ caseId }: { caseId: string }) {
  const { t } = useTranslation('offline');
  const { t: td } = useTranslation('drafts');
  const queued = useQueuedUploads(caseId);
  if (queued.length === 0) return null;
  return (
    <section aria-labelledby="queued-h" className="work-queued">
      <h3 id="queued-h">{t('queue.title')}</h3>
      <ul className="work-list work-uploads">
        {queued.map((q) => (
          <li key={q.id} className="work-upload" data-testid="queued-upload" data-state={q.state}>
            <span className="work-upload__name" dir="auto">{q.name}</span>
            {q.state === 'sending' ? <progress max={q.size || 1} value={q.sent} aria-label={q.name} /> : null}
            {q.state === 'refused' && q.refused ? (
              <span role="alert" className="work-upload__state work-upload__state--refused">
                {td(q.refused.key, { detail: q.refused.detail || String(q.refused.status) })}
              </span>
            ) : q.state === 'notKept' ? (
              <span role="alert" className="work-upload__state work-upload__state--refused">{t('queue.notKept')}</span>
            ) : (
              <span role="status" className="work-upload__state">
                {q.state === 'sending' ? t('queue.sending', { percent: Math.floor((q.sent / (q.size || 1)) * 100) }) : t('queue.queued')}
              </span>
            )}
            <button type="button" className="btn btn--small btn--ghost" onClick={() => void removeQueued(q.id)}>
              {t('queue.remove')} <span className="visually-hidden">{q.name}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
