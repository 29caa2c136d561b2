import { useTranslation } from 'react-i18next';

import { formatSize, uploadProgress } from '../evidence/size';
import { removeQueued, useQueuedUploads } from './uploads';

/** Evidence files chosen offline for this case: kept on this device until the server has them. */
export function QueuedUploads({ caseId }: { caseId: string }) {
  const { t } = useTranslation('offline');
  const { t: td } = useTranslation('drafts');
  const { t: tp, i18n } = useTranslation('polish');
  const lang = i18n.resolvedLanguage ?? i18n.language;
  const queued = useQueuedUploads(caseId);
  if (queued.length === 0) return null;
  return (
    <section aria-labelledby="queued-h" className="work-queued">
      <h3 id="queued-h">{t('queue.title')}</h3>
      <ul className="work-list work-uploads">
        {queued.map((q) => {
          // The bar and the figures follow what the server confirmed (tus offset), never what was only handed over.
          const p = uploadProgress(q.sent, q.size, lang);
          return (
            <li key={q.id} className="work-upload" data-testid="queued-upload" data-state={q.state}>
              <span className="work-upload__name" dir="auto">{q.name}</span>
              <span className="work-upload__size">{formatSize(q.size, lang)}</span>
              {q.state === 'sending' ? <progress max={q.size || 1} value={Math.min(q.sent, q.size)} aria-label={q.name} aria-valuetext={tp('upload.progress', p)} /> : null}
              {q.state === 'refused' && q.refused ? (
                <span role="alert" className="work-upload__state work-upload__state--refused">
                  {td(q.refused.key, { detail: q.refused.detail || String(q.refused.status) })}
                </span>
              ) : q.state === 'notKept' ? (
                <span role="alert" className="work-upload__state work-upload__state--refused">{t('queue.notKept')}</span>
              ) : (
                <span role="status" className="work-upload__state">
                  {q.state === 'sending' ? `${t('queue.sending', { percent: p.percent })} · ${tp('upload.of', p)}` : t('queue.queued')}
                </span>
              )}
              <button type="button" className="btn btn--small btn--ghost" onClick={() => void removeQueued(q.id)}>
                {t('queue.remove')} <span className="visually-hidden">{q.name}</span>
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
