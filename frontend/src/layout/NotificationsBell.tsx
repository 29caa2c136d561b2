import './bell.css';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';

import { afterWrite } from '../api/cache';
import { asApiError } from '../api/errors';
import { useMe } from '../auth/session';
import { listNotificationsQueryKey, markReadMutation } from '../client/@tanstack/react-query.gen';
import { listNotifications } from '../client/sdk.gen';
import type { NotificationListOut, NotificationOut } from '../client/types.gen';
import { DateTime, formatDateTime } from '../components/DateTime';
import { ProblemAlert } from '../components/ProblemAlert';
import { draftUser } from '../features/drafts/store';
import { keepNotifications, keptNotifications } from '../features/offline/kept';
import { useOnline } from '../features/offline/status';
import { notificationWords } from './notificationWords';

const QUERY = { query: { limit: 20 } };

/** The list, and when it is the copy kept on this device (offline), when that copy was read. */
type BellList = NotificationListOut & { keptAt?: string };

/** No answer and no copy kept here: the bell says it is offline rather than showing an error. */
class OfflineWithoutCopy extends Error {}

/**
 * Online: the server's list, a copy of it kept on this device (encrypted, per person, gone at
 * sign-out: features/offline/kept.ts). Offline, or when the server does not answer: that copy.
 */
async function readList(user: string, signal: AbortSignal): Promise<BellList> {
  const fallback = async (e: unknown): Promise<BellList> => {
    const kept = await keptNotifications(user);
    if (kept) return { ...kept.list, keptAt: kept.at };
    throw e;
  };
  if (!navigator.onLine) return fallback(new OfflineWithoutCopy('offline'));
  try {
    const { data } = await listNotifications({ ...QUERY, signal, throwOnError: true });
    void keepNotifications(user, data).catch(() => undefined);
    return data;
  } catch (err) {
    // No answer at all (status 0): the connection dropped; an answer from the server is shown as is.
    if (asApiError(err).status === 0) return fallback(navigator.onLine ? err : new OfflineWithoutCopy('offline'));
    throw err;
  }
}

/** Where a notification leads: the case file (the editor; it shows what was asked), else nowhere. */
function target(n: NotificationOut): string | null {
  return n.case_id ? `/cases/${n.case_id}` : null;
}

/**
 * The bell: how many notifications are unread, and the latest ones in a list. Opening one marks it
 * read. The count follows the server's notifications (new ones appear within a minute and on focus).
 * Offline it shows the last list read on this device, and says as of when.
 */
export function NotificationsBell() {
  const { t } = useTranslation('drafts');
  const { t: tw } = useTranslation('work');
  const { t: tk, i18n } = useTranslation('offlineSync');
  const qc = useQueryClient();
  const location = useLocation();
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const box = useRef<HTMLDivElement>(null);
  const user = draftUser(useMe());
  const online = useOnline();
  // Offline the copy kept here is read once (networkMode 'always': react-query would otherwise pause
  // the query and show nothing); nothing is retried or polled until the connection is back, when
  // the list is read again at once (refetchOnReconnect).
  const list = useQuery<BellList>({
    queryKey: [...listNotificationsQueryKey(QUERY), user],
    queryFn: ({ signal }) => readList(user, signal),
    networkMode: 'always',
    refetchInterval: online ? 60_000 : false,
    refetchOnWindowFocus: online,
    refetchOnReconnect: 'always', // even when the copy was read a moment ago
    retry: (n, e) => online && !(e instanceof OfflineWithoutCopy) && asApiError(e).status >= 500 && n < 2,
  });
  // Back online after the page opened offline: react-query's own online state began as "online" and
  // saw no change, so the list is read again here.
  const { refetch } = list;
  const showingCopy = !!list.data?.keptAt || list.error instanceof OfflineWithoutCopy;
  useEffect(() => {
    if (online && showingCopy) void refetch();
  }, [online, showingCopy, refetch]);
  const markRead = useMutation({
    ...markReadMutation(),
    onSuccess: () => afterWrite(qc, { invalidate: [listNotificationsQueryKey()] }),
  });
  useEffect(() => setOpen(false), [location.pathname]);
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && setOpen(false);
    const onClick = (e: MouseEvent) => box.current && !box.current.contains(e.target as Node) && setOpen(false);
    document.addEventListener('keydown', onKey);
    document.addEventListener('mousedown', onClick);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('mousedown', onClick);
    };
  }, [open]);
  // Offline: the kept copy's time, or when the list in memory was read (it is not read again until online).
  const keptAt = list.data?.keptAt ?? (!online && list.data ? new Date(list.dataUpdatedAt).toISOString() : undefined);
  const unread = list.data?.unread ?? 0;
  const items = list.data?.items ?? [];
  const unreadIds = items.filter((n) => !n.read_at).map((n) => n.id);
  return (
    <div className="bell" ref={box}>
      <button
        type="button"
        className="btn btn--ghost bell__button"
        aria-expanded={open}
        aria-controls={panelId}
        aria-label={t('bell.label', { count: unread })}
        data-testid="bell"
        onClick={() => setOpen((o) => !o)}
      >
        <svg className="bell__icon" aria-hidden="true" viewBox="0 0 24 24" width="22" height="22" focusable="false">
          <path fill="currentColor" d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z" />
        </svg>
        {unread > 0 ? (
          <span className="bell__count" data-testid="bell-count" aria-hidden="true">
            {unread > 99 ? '99+' : unread}
          </span>
        ) : null}
      </button>
      {open ? (
        <div id={panelId} className="bell__panel panel" role="region" aria-label={t('bell.title')}>
          <div className="bell__head">
            <h2>{t('bell.title')}</h2>
            {unreadIds.length > 0 && online ? (
              <button type="button" className="btn btn--small" disabled={markRead.isPending} onClick={() => markRead.mutate({ body: { ids: unreadIds } })}>
                {t('bell.markAll')}
              </button>
            ) : null}
          </div>
          {keptAt ? (
            <p className="bell__kept hint" data-testid="bell-kept">
              {tk('bell.asOf', { time: formatDateTime(keptAt, i18n.resolvedLanguage ?? i18n.language) })}
            </p>
          ) : null}
          {list.error instanceof OfflineWithoutCopy ? (
            <p className="bell__kept hint" data-testid="bell-kept">{tk('bell.offlineNone')}</p>
          ) : (
            <ProblemAlert error={list.error ?? markRead.error} />
          )}
          {items.length === 0 && list.isSuccess ? <p>{t('bell.none')}</p> : null}
          <ul className="bell__list">
            {items.map((n) => {
              const to = target(n);
              const words = notificationWords(n, t, tw);
              const body = (
                <>
                  <span className="bell__title" dir="auto">{words.title}</span>
                  {words.body ? <span className="bell__body" dir="auto">{words.body}</span> : null}
                  <span className="bell__time"><DateTime value={n.created_at} /></span>
                </>
              );
              return (
                <li key={n.id} className={n.read_at ? 'bell__item' : 'bell__item bell__item--unread'} data-testid="notification">
                  {!n.read_at ? <span className="visually-hidden">{t('bell.unread')}</span> : null}
                  {to ? (
                    <Link to={to} onClick={() => !n.read_at && markRead.mutate({ body: { ids: [n.id] } })}>
                      {body}
                    </Link>
                  ) : (
                    <span>{body}</span>
                  )}
                </li>
              );
            })}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
