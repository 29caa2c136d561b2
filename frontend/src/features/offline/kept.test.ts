import 'fake-indexeddb/auto';

import { describe, expect, it } from 'vitest';

import type { NotificationListOut } from '../../client/types.gen';
import { keepNotifications, keptNotifications } from './kept';
import { ensureSessionKey, request, SESSION, tx, wipeDevice } from './keyring';

const LIST = {
  unread: 1,
  items: [{ id: 'n1', kind: 'changes_requested', case_id: 'c1', title: 'Changes requested on Osprey case', body: 'EU impact argument too thin', created_at: '2026-12-01T09:00:00Z', read_at: null }],
} as unknown as NotificationListOut;

describe('the notifications list kept for the bell offline', () => {
  it('is kept encrypted for this person only, and gone at sign-out', async () => {
    await ensureSessionKey('u1');
    await keepNotifications('u1', LIST, new Date('2026-12-01T10:00:00Z'));
    expect(await keptNotifications('u1')).toEqual({ list: LIST, at: '2026-12-01T10:00:00.000Z' });
    // Ciphertext only: the title is nowhere in clear.
    const raw = (await request((await tx(SESSION, 'readonly')).objectStore(SESSION).get('notifications'))) as { user: string; sealed: { data: ArrayBuffer } };
    expect(raw.user).toBe('u1');
    expect(raw.sealed.data.byteLength).toBeGreaterThan(100);
    expect(new TextDecoder('latin1').decode(raw.sealed.data)).not.toContain('Osprey');
    // Not someone else's.
    expect(await keptNotifications('u2')).toBeNull();
    await wipeDevice();
    expect(await keptNotifications('u1')).toBeNull();
    expect(await request((await tx(SESSION, 'readonly')).objectStore(SESSION).get('notifications'))).toBeUndefined();
  });

  it('another person signing in on this device does not find the list', async () => {
    await ensureSessionKey('u1');
    await keepNotifications('u1', LIST);
    await ensureSessionKey('u2');
    expect(await keptNotifications('u2')).toBeNull();
    expect(await keptNotifications('u1')).toBeNull();
  });
});
