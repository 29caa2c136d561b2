import type { TFunction } from 'i18next';

import type { NotificationOut } from '../client/types.gen';

const KINDS = [
  'submitted',
  'assigned',
  'comment',
  'changes_requested',
  'approved',
  'rejected',
  'package_built',
  'submission_status',
  'follow_up_due',
  'designation',
] as const;
type Kind = (typeof KINDS)[number];
const JURISDICTIONS = ['us', 'uk', 'ca', 'eu'] as const;
const STATUSES = ['prepared', 'sent', 'acknowledged', 'under_consideration', 'designated', 'declined', 'no_response'] as const;

function isOneOf<T extends string>(values: readonly T[], v: string | undefined): v is T {
  return v !== undefined && (values as readonly string[]).includes(v);
}

/**
 * A notification's title and body in the interface's language, from the values the server keeps with
 * it (`detail`). Without them (notifications made before the portal kept them) or for a kind this
 * version does not know, the server's English text as it is. Free text (a reason, a list's notice) is
 * shown as typed.
 */
export function notificationWords(
  n: NotificationOut,
  t: TFunction<'drafts'>,
  tw: TFunction<'work'>,
): { title: string; body: string } {
  const d = n.detail;
  if (!d || !isOneOf<Kind>(KINDS, n.kind)) return { title: n.title, body: n.body };
  const title = d.case_title ?? '';
  if (n.kind === 'designation') return { title: d.notice ? `${d.notice}: ${title}` : t(`bell.kind.${n.kind}`, { title }), body: d.notice ?? '' };
  const heading = t(`bell.kind.${n.kind}`, { title });
  if (n.kind === 'submission_status' && isOneOf(STATUSES, d.status) && isOneOf(JURISDICTIONS, d.jurisdiction)) {
    return {
      title: heading,
      body: t('bell.status', { jurisdiction: t(`bell.jurisdictions.${d.jurisdiction}`), status: tw(`enum.submission.${d.status}`) }),
    };
  }
  if ((n.kind === 'changes_requested' || n.kind === 'rejected') && d.reason) return { title: heading, body: t('bell.reason', { reason: d.reason }) };
  return { title: heading, body: n.kind === 'submission_status' || n.kind === 'comment' ? '' : n.body };
}
