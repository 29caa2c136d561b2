import './bell.css';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';

import { afterWrite } from '../api/cache';
import {
  listNotificationsOptions,
  listNotificationsQueryKey,
  markReadMutation,
} from '../client/@tanstack/react-query.gen';
import type { NotificationOut } from '../client/types.gen';
import { DateTime } from '../components/DateTime';
import { ProblemAlert } from '../components/ProblemAlert';

/** Where a notification leads: the case file (the editor; it shows what was asked), else nowhere. */
function target(n: NotificationOut): string | null {
  return n.case_id ? `/cases/${n.case_id}` : null;
}

/**
 * The bell: how many notifications are unread, and the latest ones in a list. Opening one marks it
 * read. The count follows the server's notifications (new ones appear within a minute and on focus).
 */
export function NotificationsBell() {
  const { t } = useTranslation('drafts');
  const qc = useQueryClient();
  const location = useLocation();
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const box = useRef<HTMLDivElement>(null);
  const list = useQuery({ ...listNotificationsOptions({ query: { limit: 20 } }), refetchInterval: 60_000, refetchOnWindowFocus: true });
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
            {unreadIds.length > 0 ? (
              <button type="button" className="btn btn--small" disabled={markRead.isPending} onClick={() => markRead.mutate({ body: { ids: unreadIds } })}>
                {t('bell.markAll')}
              </button>
            ) : null}
          </div>
          <ProblemAlert error={list.error ?? markRead.error} />
          {items.length === 0 && list.isSuccess ? <p>{t('bell.none')}</p> : null}
          <ul className="bell__list">
            {items.map((n) => {
              const to = target(n);
              const body = (
                <>
                  <span className="bell__title">{n.title}</span>
                  {n.body ? <span className="bell__body" dir="auto">{n.body}</span> : null}
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
