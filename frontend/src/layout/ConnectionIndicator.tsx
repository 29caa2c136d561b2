import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';

import { useMe } from '../auth/session';
import { draftUser } from '../features/drafts/store';
import { useConnection } from '../features/offline/status';
import { dismissSynced, refreshReview, useDraftSync } from '../features/offline/sync';
import './offline.css';

/** How long "2 drafts synchronised" stays in the top bar. */
const SYNCED_NOTE_MS = 10_000;

/**
 * Online / offline / syncing, in the top bar; the details (what waits to be sent) in its title and for
 * screen readers. Next to it, what the background sync of drafts kept on this device came to
 * (features/offline/sync.ts): "2 drafts synchronised" for a while, and the drafts that need the
 * person (a conflict, refused values) with a link to each.
 */
export function ConnectionIndicator() {
  const { t } = useTranslation('offline');
  const { t: ts } = useTranslation('offlineSync');
  const { state, waiting } = useConnection();
  const sync = useDraftSync();
  const user = draftUser(useMe());
  const { pathname } = useLocation();
  // Which drafts still wait for the person: read again after each page (the editor may have resolved one).
  useEffect(() => void refreshReview(user), [user, pathname]);
  useEffect(() => {
    if (!sync.synced) return;
    const h = window.setTimeout(dismissSynced, Math.max(0, sync.syncedAt + SYNCED_NOTE_MS - Date.now()));
    return () => window.clearTimeout(h);
  }, [sync.synced, sync.syncedAt]);
  const detail = state === 'offline' ? t('indicator.offlineDetail') : waiting > 0 ? t('indicator.waiting', { count: waiting }) : '';
  const review = sync.review;
  const titleOf = (r: (typeof review)[number]) => r.title.trim() || ts('untitled');
  return (
    <div className="conn-wrap">
      <p className="conn" data-state={state} data-testid="connection" role="status" title={detail || undefined}>
        <span className="conn__dot" aria-hidden="true" />
        <span className="conn__label">{t(`indicator.${state}`)}</span>
        {detail ? <span className="visually-hidden"> — {detail}</span> : null}
        {waiting > 0 ? <span className="conn__count" aria-hidden="true">{waiting}</span> : null}
      </p>
      <p className="conn__note" role="status" data-testid="sync-synced" hidden={!sync.synced}>
        {sync.synced ? ts('synced', { count: sync.synced }) : null}
      </p>
      {review.length === 1 && review[0] ? (
        <Link
          className="conn__review"
          data-testid="sync-review"
          to={`/cases/${review[0].caseId}`}
          title={`${titleOf(review[0])}: ${ts(`reason.${review[0].reason}`)}`}
        >
          {ts('review', { count: 1 })}
        </Link>
      ) : review.length > 1 ? (
        <details className="conn__review conn__review--many" data-testid="sync-review">
          <summary>{ts('review', { count: review.length })}</summary>
          <ul className="conn__review-list">
            {review.map((r) => (
              <li key={r.caseId}>
                <Link to={`/cases/${r.caseId}`} dir="auto">{titleOf(r)}</Link> <span className="conn__reason">({ts(`reason.${r.reason}`)})</span>
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </div>
  );
}
