import type { Draft } from '../content';
import { keyFor, open as unseal, seal, wipeDevice, type Sealed } from '../offline/keyring';

/** One case file's unsaved edits, kept on this device until the server has all of them. */
export interface LocalDraft {
  user: string;
  caseId: string;
  draft: Draft;
  /** The case version the edits were made against (a newer one on the server means a conflict). */
  baseVersion: number;
  /** When the edits were last written here (ISO 8601). */
  updatedAt: string;
  /**
   * Set when these edits cannot be sent without the person (the background sync leaves them alone):
   * `conflict`: the server has a newer version (412), the editor shows both; `refused`: the server
   * refused some values (422), the editor marks them. Cleared when the editor has them again.
   */
  review?: 'conflict' | 'refused';
}

/** Where drafts are kept: IndexedDB in the browser, memory in unit tests. Keyed by user and case. */
export interface DraftStore {
  get(user: string, caseId: string): Promise<LocalDraft | undefined>;
  put(record: LocalDraft): Promise<void>;
  delete(user: string, caseId: string): Promise<void>;
  /** Every draft of this user that can be read here (for the background sync). */
  list(user: string): Promise<LocalDraft[]>;
  /** Everything kept for this user (sign-out). */
  clearUser(user: string): Promise<void>;
}

const DB = 'portal-drafts';
const STORE = 'drafts';

function request<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error ?? new Error('IndexedDB request failed'));
  });
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
    tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
  });
}

/** How a draft is kept in IndexedDB: the key fields in clear (to find it), the rest encrypted. */
interface StoredDraft {
  user: string;
  caseId: string;
  sealed: Sealed;
}

/** Where a record is kept: the ciphertext is bound to it (a record copied under another key fails). */
const aadOf = (user: string, caseId: string) => `draft:${user}:${caseId}`;

export interface IndexedDbDraftOptions {
  /** The session's key for this person (features/offline/keyring.ts); null: nothing is kept. */
  keyOf?: (user: string) => Promise<CryptoKey | null>;
  /** Also forgotten with a person's drafts at sign-out (the key, queued uploads, offline copies). */
  alsoClear?: () => Promise<void>;
}

/**
 * The browser's store. Writes are queued in order by IndexedDB (one object store, readwrite). Each
 * draft is encrypted (AES-GCM) with the session's non-extractable key: see features/offline/keyring.ts
 * for what that protects against and what it does not.
 */
export function indexedDbDraftStore(factory: IDBFactory = indexedDB, options: IndexedDbDraftOptions = {}): DraftStore {
  const keyOf = options.keyOf ?? keyFor;
  let db: Promise<IDBDatabase> | null = null;
  const open = () => {
    db ??= new Promise<IDBDatabase>((resolve, reject) => {
      const r = factory.open(DB, 1);
      r.onupgradeneeded = () => {
        const store = r.result.createObjectStore(STORE, { keyPath: ['user', 'caseId'] });
        store.createIndex('user', 'user');
      };
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => {
        db = null;
        reject(r.error ?? new Error('IndexedDB unavailable'));
      };
    });
    return db;
  };
  const tx = async (mode: IDBTransactionMode) => (await open()).transaction(STORE, mode);
  return {
    async get(user, caseId) {
      const t = await tx('readonly');
      const row = (await request(t.objectStore(STORE).get([user, caseId]))) as StoredDraft | LocalDraft | undefined;
      if (!row) return undefined;
      if (!('sealed' in row)) return row; // kept before drafts were encrypted: sealed on the next write
      const key = await keyOf(user);
      if (!key) return undefined;
      try {
        return { user, caseId, ...(await unseal<Omit<LocalDraft, 'user' | 'caseId'>>(key, aadOf(user, caseId), row.sealed)) };
      } catch {
        return undefined; // sealed with a key that is gone: unreadable by design
      }
    },
    async put(record) {
      const key = await keyOf(record.user);
      if (!key) throw new Error('No session key on this device: the draft is not kept');
      const { user, caseId, ...rest } = record;
      const row: StoredDraft = { user, caseId, sealed: await seal(key, aadOf(user, caseId), rest) };
      const t = await tx('readwrite');
      t.objectStore(STORE).put(row);
      await done(t);
    },
    async delete(user, caseId) {
      const t = await tx('readwrite');
      t.objectStore(STORE).delete([user, caseId]);
      await done(t);
    },
    async list(user) {
      const t = await tx('readonly');
      const rows = (await request(t.objectStore(STORE).index('user').getAll(IDBKeyRange.only(user)))) as (StoredDraft | LocalDraft)[];
      const out: LocalDraft[] = [];
      const key = await keyOf(user);
      for (const row of rows) {
        if (!('sealed' in row)) out.push(row);
        else if (key) {
          try {
            out.push({ user, caseId: row.caseId, ...(await unseal<Omit<LocalDraft, 'user' | 'caseId'>>(key, aadOf(user, row.caseId), row.sealed)) });
          } catch {
            // sealed with a key that is gone: unreadable by design
          }
        }
      }
      return out;
    },
    async clearUser(user) {
      const t = await tx('readwrite');
      const keys = await request(t.objectStore(STORE).index('user').getAllKeys(IDBKeyRange.only(user)));
      for (const k of keys) t.objectStore(STORE).delete(k);
      await done(t);
      await options.alsoClear?.();
    },
  };
}

/** For tests and for browsers without IndexedDB (private modes): lost on reload. */
export function memoryDraftStore(): DraftStore {
  const m = new Map<string, LocalDraft>();
  const key = (user: string, caseId: string) => JSON.stringify([user, caseId]);
  return {
    get: async (user, caseId) => structuredClone(m.get(key(user, caseId))),
    put: async (r) => void m.set(key(r.user, r.caseId), structuredClone(r)),
    delete: async (user, caseId) => void m.delete(key(user, caseId)),
    list: async (user) => [...m.values()].filter((r) => r.user === user).map((r) => structuredClone(r)),
    clearUser: async (user) => {
      for (const [k, r] of m) if (r.user === user) m.delete(k);
    },
  };
}

let current: DraftStore | null = null;

/** The store the app uses (IndexedDB when the browser has it). */
export function draftStore(): DraftStore {
  // Sign-out clears a person's drafts and, with them, what the offline mode keeps (features/offline).
  current ??= typeof indexedDB === 'undefined' ? memoryDraftStore() : indexedDbDraftStore(indexedDB, { alsoClear: wipeDevice });
  return current;
}

/** Tests swap the store. */
export function setDraftStore(store: DraftStore | null): void {
  current = store;
}

/** The key drafts are kept under for the signed-in person. */
export function draftUser(me: { id: string | null; email: string | null; organization: { id: string } }): string {
  return me.id ?? `${me.organization.id}:${me.email ?? 'token'}`;
}
