/**
 * The key that encrypts what this device keeps for the signed-in person (drafts, queued evidence
 * files, offline copies of cases), shared by the page and the service worker (src/sw.ts).
 *
 * Threat model, honestly (also docs/offline.md):
 * - The key is an AES-GCM 256 CryptoKey made with `extractable: false` when a person's session first
 *   opens the app on this device, and kept in IndexedDB (a CryptoKey survives a reload there, which an
 *   offline reload needs). Script cannot read its bytes, only ask the browser to use it.
 * - Sign-out deletes the key together with everything it encrypted; a copy of ciphertext left behind
 *   (an IndexedDB file not yet compacted, a backup of the profile taken later) is then unreadable.
 *   The same happens when another person signs in on this device.
 * - It does NOT protect against someone who can run script in this origin while the person is signed
 *   in (they can use the key), nor against someone who copies the browser profile while the key is
 *   still there: the browser stores the key material in the same profile (Chromium does not wrap it
 *   with the operating system's keychain). Full-disk encryption and a locked screen remain the
 *   defence for a device that is taken while signed in.
 */

const DB = 'portal-offline';
const VERSION = 1;
export const SESSION = 'session';
export const UPLOADS = 'uploads';
export const TUS = 'tus';
/** The service worker's cache of API answers (each body sealed with the key). */
export const API_CACHE = 'portal-api-v1';

export interface Session {
  user: string;
  key: CryptoKey;
  createdAt: string;
}

export interface Sealed {
  iv: Uint8Array<ArrayBuffer>;
  data: ArrayBuffer;
}

export function request<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error ?? new Error('IndexedDB request failed'));
  });
}

export function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
  });
}

let db: Promise<IDBDatabase> | null = null;

export function openDb(): Promise<IDBDatabase> {
  db ??= new Promise<IDBDatabase>((resolve, reject) => {
    const r = indexedDB.open(DB, VERSION);
    r.onupgradeneeded = () => {
      r.result.createObjectStore(SESSION);
      r.result.createObjectStore(UPLOADS, { keyPath: 'id' }).createIndex('user', 'user');
      r.result.createObjectStore(TUS, { keyPath: 'key' }).createIndex('fingerprint', 'fingerprint');
    };
    r.onsuccess = () => {
      // Another tab deleting or upgrading the database: let go, open again next time.
      r.result.onversionchange = () => {
        r.result.close();
        db = null;
      };
      resolve(r.result);
    };
    r.onerror = () => {
      db = null;
      reject(r.error ?? new Error('IndexedDB unavailable'));
    };
  });
  return db;
}

export async function tx(stores: string | string[], mode: IDBTransactionMode): Promise<IDBTransaction> {
  return (await openDb()).transaction(stores, mode);
}

/** The session whose key is on this device, if any. */
export async function currentSession(): Promise<Session | null> {
  if (typeof indexedDB === 'undefined') return null;
  try {
    const t = await tx(SESSION, 'readonly');
    return ((await request(t.objectStore(SESSION).get('current'))) as Session | undefined) ?? null;
  } catch {
    return null;
  }
}

/** The key for this person, made now if this device has none for them (someone else's data goes first). */
export async function ensureSessionKey(user: string): Promise<CryptoKey> {
  const cur = await currentSession();
  if (cur?.user === user) return cur.key;
  if (cur) await wipeDevice();
  const key = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
  const t = await tx(SESSION, 'readwrite');
  t.objectStore(SESSION).put({ user, key, createdAt: new Date().toISOString() } satisfies Session, 'current');
  await done(t);
  for (const w of [...keyWaiters]) w();
  return key;
}

const keyWaiters = new Set<() => void>();

/**
 * The key for this person, waiting (up to `timeoutMs`) for the session to make it when this device
 * has none yet: for what is read before the signed-in shell made the key (the notifications list).
 */
export async function keyWhenReady(user: string, timeoutMs = 30_000): Promise<CryptoKey | null> {
  const now = await keyFor(user);
  if (now) return now;
  await new Promise<void>((resolve) => {
    const wake = () => {
      window.clearTimeout(h);
      keyWaiters.delete(wake);
      resolve();
    };
    const h = window.setTimeout(wake, timeoutMs);
    keyWaiters.add(wake);
  });
  return keyFor(user);
}

/** The key, when it belongs to this person. */
export async function keyFor(user: string): Promise<CryptoKey | null> {
  const cur = await currentSession();
  return cur?.user === user ? cur.key : null;
}

/**
 * Everything the offline mode keeps on this device: the key first (what is left is unreadable from
 * then on; the last notifications list is kept next to it, features/offline/kept.ts), then the queued
 * uploads, the tus addresses and the service worker's copies of answers.
 * Drafts live in their own database and are cleared by the draft store (features/drafts/store.ts).
 */
export async function wipeDevice(): Promise<void> {
  if (typeof indexedDB !== 'undefined') {
    const t = await tx([SESSION, UPLOADS, TUS], 'readwrite');
    t.objectStore(SESSION).clear();
    t.objectStore(UPLOADS).clear();
    t.objectStore(TUS).clear();
    await done(t);
  }
  if (typeof caches !== 'undefined') await caches.delete(API_CACHE);
}

const utf8 = new TextEncoder();

/** Encrypts bytes; `aad` binds the ciphertext to where it is kept (a record moved elsewhere fails). */
export async function sealBytes(key: CryptoKey, aad: string, bytes: BufferSource): Promise<Sealed> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const data = await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: utf8.encode(aad) }, key, bytes);
  return { iv, data };
}

export async function openBytes(key: CryptoKey, aad: string, sealed: Sealed): Promise<ArrayBuffer> {
  return crypto.subtle.decrypt({ name: 'AES-GCM', iv: sealed.iv, additionalData: utf8.encode(aad) }, key, sealed.data);
}

export async function seal(key: CryptoKey, aad: string, value: unknown): Promise<Sealed> {
  return sealBytes(key, aad, utf8.encode(JSON.stringify(value)));
}

export async function open<T>(key: CryptoKey, aad: string, sealed: Sealed): Promise<T> {
  return JSON.parse(new TextDecoder().decode(await openBytes(key, aad, sealed))) as T;
}
