import type { NotificationListOut } from '../../client/types.gen';
import { done, keyFor, keyWhenReady, open as unseal, request, seal, SESSION, tx, type Sealed } from './keyring';

/**
 * The last notifications list read online, for the bell offline. Kept encrypted with the person's
 * session key in the `session` store of `portal-offline`, next to the key itself: sign-out (and
 * another person signing in) clears that store, so it goes with the drafts (keyring.ts, wipeDevice).
 */
export interface KeptNotifications {
  list: NotificationListOut;
  /** When it was read from the server (ISO 8601). */
  at: string;
}

const ENTRY = 'notifications';
const aadOf = (user: string) => `notifications:${user}`;

interface StoredNotifications {
  user: string;
  sealed: Sealed;
}

/** Keeps this list for this person (waits a little for their key; none: nothing is kept). */
export async function keepNotifications(user: string, list: NotificationListOut, at: Date = new Date()): Promise<void> {
  if (typeof indexedDB === 'undefined') return;
  const key = await keyWhenReady(user);
  if (!key) return;
  const row: StoredNotifications = { user, sealed: await seal(key, aadOf(user), { list, at: at.toISOString() } satisfies KeptNotifications) };
  const t = await tx(SESSION, 'readwrite');
  t.objectStore(SESSION).put(row, ENTRY);
  await done(t);
}

/** The list kept for this person, if any (null: none, someone else's, or sealed with a key that is gone). */
export async function keptNotifications(user: string): Promise<KeptNotifications | null> {
  if (typeof indexedDB === 'undefined') return null;
  try {
    const key = await keyFor(user);
    if (!key) return null;
    const t = await tx(SESSION, 'readonly');
    const row = (await request(t.objectStore(SESSION).get(ENTRY))) as StoredNotifications | undefined;
    if (!row || row.user !== user) return null;
    return await unseal<KeptNotifications>(key, aadOf(user), row.sealed);
  } catch {
    return null;
  }
}
