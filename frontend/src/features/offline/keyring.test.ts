import 'fake-indexeddb/auto';

import { describe, expect, it } from 'vitest';

import { draftStore, indexedDbDraftStore, type LocalDraft } from '../drafts/store';
import { currentSession, ensureSessionKey, open, openDb, request, seal, tx, UPLOADS } from './keyring';
import { enqueueUpload } from './uploads';

const SECRET = 'Witness W-17 lives at 12 Hidden Lane';

const record = (user: string): LocalDraft => ({
  user,
  caseId: 'c1',
  draft: { title: 'Case', target_jurisdictions: ['uk'], content: { summary: SECRET } } as unknown as LocalDraft['draft'],
  baseVersion: 3,
  updatedAt: '2026-12-01T10:00:00Z',
});

function rawRows(db: string, store: string): Promise<unknown[]> {
  return new Promise((resolve, reject) => {
    const r = indexedDB.open(db);
    r.onsuccess = () => {
      const q = r.result.transaction(store, 'readonly').objectStore(store).getAll();
      q.onsuccess = () => {
        resolve(q.result);
        r.result.close();
      };
      q.onerror = () => reject(q.error);
    };
    r.onerror = () => reject(r.error);
  });
}

/** Every string and byte sequence in a stored row, decoded, to look for plaintext. */
function visible(v: unknown): string {
  if (v instanceof ArrayBuffer) return new TextDecoder('latin1').decode(new Uint8Array(v));
  if (ArrayBuffer.isView(v)) return new TextDecoder('latin1').decode(new Uint8Array(v.buffer));
  if (typeof v === 'string') return v;
  if (v && typeof v === 'object') return Object.values(v).map(visible).join('\n');
  return String(v);
}

describe('what this device keeps is encrypted with the session key', () => {
  it('makes a non-extractable AES-GCM key per person, replaced (with the data) when someone else signs in', async () => {
    const key = await ensureSessionKey('alice');
    expect(key.extractable).toBe(false);
    expect(key.algorithm).toMatchObject({ name: 'AES-GCM', length: 256 });
    await expect(crypto.subtle.exportKey('raw', key)).rejects.toThrow();
    const sealed = await seal(key, 'x', 'kept');
    expect(await open(await ensureSessionKey('alice'), 'x', sealed)).toBe('kept'); // the same key, not a new one
    await ensureSessionKey('bob');
    expect((await currentSession())?.user).toBe('bob');
  });

  it('stores drafts as ciphertext; they read back with the key and not after sign-out', async () => {
    await ensureSessionKey('carol');
    const store = draftStore();
    await store.put(record('carol'));
    const rows = await rawRows('portal-drafts', 'drafts');
    expect(rows).toHaveLength(1);
    expect(visible(rows[0])).not.toContain('Hidden Lane');
    expect((await store.get('carol', 'c1'))?.draft.content).toEqual({ summary: SECRET });

    // A ciphertext moved to another case does not open (bound to where it is kept).
    const moved = { ...(rows[0] as object), caseId: 'c2' };
    const t = (await new Promise<IDBDatabase>((res) => { const r = indexedDB.open('portal-drafts'); r.onsuccess = () => res(r.result); })).transaction('drafts', 'readwrite');
    t.objectStore('drafts').put(moved);
    await new Promise((res) => (t.oncomplete = res));
    expect(await store.get('carol', 'c2')).toBeUndefined();

    // Sign-out: drafts and the key go; a leftover ciphertext is unreadable under the next key.
    await store.clearUser('carol');
    expect(await currentSession()).toBeNull();
    await store.put({ ...record('carol'), caseId: 'c3' }).catch(() => undefined); // no key: not kept
    expect(await store.get('carol', 'c3')).toBeUndefined();
    await ensureSessionKey('carol');
    expect(await store.get('carol', 'c2')).toBeUndefined();
  });

  it('refuses to keep a draft when there is no key', async () => {
    const store = indexedDbDraftStore(indexedDB, { keyOf: async () => null });
    await expect(store.put(record('dave'))).rejects.toThrow(/No session key/);
  });

  it('keeps a queued evidence file encrypted, with no file name in clear', async () => {
    await ensureSessionKey('erin');
    // What enqueueUpload reads of a File (jsdom's File hands WebCrypto an ArrayBuffer of another realm).
    const bytes = new TextEncoder().encode(SECRET);
    const file = { name: 'witness-statement.txt', type: 'text/plain', size: bytes.length, arrayBuffer: async () => bytes.buffer } as unknown as File;
    expect(await enqueueUpload('c1', file, { filename: file.name, sensitivity: 'confidential', share_with: '' })).toBe(true);
    await openDb();
    const t = await tx(UPLOADS, 'readonly');
    const rows = (await request(t.objectStore(UPLOADS).getAll())) as unknown[];
    expect(rows).toHaveLength(1);
    const seen = visible(rows[0]);
    expect(seen).not.toContain('Hidden Lane');
    expect(seen).not.toContain('witness-statement');
  });
});
