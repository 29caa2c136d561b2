import { useSyncExternalStore } from 'react';
import { Upload } from 'tus-js-client';

import { CSRF_COOKIE, CSRF_HEADER, readCookie } from '../../api/csrf';
import { isRefusal, refusal, type Refusal } from '../drafts/uploadRefusal';
import { currentSession, done, open, openBytes, request, seal, sealBytes, tx, UPLOADS, type Sealed } from './keyring';
import { setPending } from './status';
import { idbUrlStorage } from './urlStorage';

/**
 * Evidence files chosen while offline: each is kept on this device, encrypted with the session's key,
 * until the server has it, then sent with tus (resumable; the upload address is kept in IndexedDB,
 * so a reload or a dropped connection resumes where it stopped). Refusals (415, 413, 460…) stop
 * at once with the reason; the file stays listed until the person removes it.
 */

/** Larger files are read whole into memory to be encrypted: they are sent online only. */
export const MAX_QUEUED_BYTES = 256 * 1024 * 1024;

interface Meta {
  name: string;
  type: string;
  size: number;
  metadata: Record<string, string>;
  createdAt: string;
}

interface StoredUpload {
  id: string;
  user: string;
  caseId: string;
  meta: Sealed;
  file: Sealed;
  refused?: Refusal;
}

export interface QueuedUpload {
  id: string;
  caseId: string;
  name: string;
  size: number;
  /** Bytes the server confirmed it holds (tus Upload-Offset). */
  sent: number;
  /** notKept: chosen offline but it could not be kept here (too large, no storage): shown, not sent. */
  state: 'queued' | 'sending' | 'refused' | 'notKept';
  refused?: Refusal;
}

const aad = (r: { id: string; user: string; caseId: string }, part: 'meta' | 'file') => `upload:${r.user}:${r.caseId}:${r.id}:${part}`;

let items: QueuedUpload[] = [];
const listeners = new Set<() => void>();
const running = new Map<string, Upload>();
let runner: { user: string; onSent: (caseId: string) => void; stop: () => void } | null = null;

function publish(next: QueuedUpload[]) {
  items = next;
  setPending('uploads', items.filter((i) => i.state === 'queued' || i.state === 'sending').length);
  for (const l of listeners) l();
}
const patch = (id: string, p: Partial<QueuedUpload>) => publish(items.map((i) => (i.id === id ? { ...i, ...p } : i)));

async function rows(user: string): Promise<StoredUpload[]> {
  const t = await tx(UPLOADS, 'readonly');
  return (await request(t.objectStore(UPLOADS).index('user').getAll(IDBKeyRange.only(user)))) as StoredUpload[];
}

async function write(row: StoredUpload): Promise<void> {
  const t = await tx(UPLOADS, 'readwrite');
  t.objectStore(UPLOADS).put(row);
  await done(t);
}

async function remove(id: string): Promise<void> {
  const t = await tx(UPLOADS, 'readwrite');
  t.objectStore(UPLOADS).delete(id);
  await done(t);
}

/** Keeps the file here until it can be sent; false when it cannot be kept (no session key, too large). */
export async function enqueueUpload(caseId: string, file: File, metadata: Record<string, string>): Promise<boolean> {
  const session = await currentSession();
  if (!session || file.size > MAX_QUEUED_BYTES) return false;
  const id = crypto.randomUUID();
  const where = { id, user: session.user, caseId };
  const meta: Meta = { name: file.name, type: file.type, size: file.size, metadata, createdAt: new Date().toISOString() };
  await write({
    ...where,
    meta: await seal(session.key, aad(where, 'meta'), meta),
    file: await sealBytes(session.key, aad(where, 'file'), await file.arrayBuffer()),
  });
  publish([...items, { id, caseId, name: file.name, size: file.size, sent: 0, state: 'queued' }]);
  if (runner && navigator.onLine) void sendAll();
  return true;
}

/** For the evidence panel: keeps the file for later, or lists it as not kept (say why; nothing is lost silently). */
export function queueOffline(caseId: string, file: File, metadata: Record<string, string>): void {
  const notKept = () => publish([...items, { id: crypto.randomUUID(), caseId, name: file.name, size: file.size, sent: 0, state: 'notKept' }]);
  void enqueueUpload(caseId, file, metadata).then((kept) => kept || notKept(), notKept);
}

/** Drops a queued file (and asks the server to drop what it staged of it). */
export async function removeQueued(id: string): Promise<void> {
  const up = running.get(id);
  running.delete(id);
  if (up) await up.abort(true).catch(() => undefined);
  await remove(id).catch(() => undefined);
  // Its kept upload address too (a refused or removed file leaves none behind).
  for (const prev of await idbUrlStorage.findUploadsByFingerprint(`queue:${id}`).catch(() => [])) {
    await idbUrlStorage.removeUpload(prev.urlStorageKey).catch(() => undefined);
  }
  publish(items.filter((i) => i.id !== id));
}

async function send(row: StoredUpload, key: CryptoKey): Promise<void> {
  if (running.has(row.id) || row.refused) return;
  let meta: Meta;
  let bytes: ArrayBuffer;
  try {
    meta = await open<Meta>(key, aad(row, 'meta'), row.meta);
    bytes = await openBytes(key, aad(row, 'file'), row.file);
  } catch {
    await remove(row.id); // sealed with a key that is gone: unreadable by design
    publish(items.filter((i) => i.id !== row.id));
    return;
  }
  const file = new File([bytes], meta.name, { type: meta.type });
  const csrf = readCookie(CSRF_COOKIE);
  await new Promise<void>((resolve) => {
    const upload: Upload = new Upload(file, {
      endpoint: `/api/v1/cases/${row.caseId}/uploads`,
      chunkSize: 8 * 1024 * 1024,
      retryDelays: [0, 1000, 3000, 5000],
      urlStorage: idbUrlStorage,
      fingerprint: async () => `queue:${row.id}`, // never the file name: the address record says nothing
      storeFingerprintForResuming: true,
      removeFingerprintOnSuccess: true,
      headers: csrf ? { [CSRF_HEADER]: csrf } : {},
      metadata: meta.metadata,
      // The server's confirmed offset, not the bytes handed to the browser (those may be lost offline).
      onChunkComplete: (_chunk, accepted) => patch(row.id, { sent: accepted, state: 'sending' }),
      // Offline again: stop here, the next `online` resumes from the kept address.
      onShouldRetry: (err) => !isRefusal(err.originalResponse?.getStatus()) && navigator.onLine,
      onSuccess: () => {
        running.delete(row.id);
        void remove(row.id).finally(() => {
          publish(items.filter((i) => i.id !== row.id));
          runner?.onSent(row.caseId);
          resolve();
        });
      },
      onError: (err) => {
        running.delete(row.id);
        const res = 'originalResponse' in err ? err.originalResponse : null;
        const status = res?.getStatus();
        if (isRefusal(status)) {
          const why = refusal(status, res?.getBody());
          void write({ ...row, refused: why });
          patch(row.id, { state: 'refused', refused: why });
        } else patch(row.id, { state: 'queued' });
        resolve();
      },
    });
    running.set(row.id, upload);
    patch(row.id, { state: 'sending' });
    void upload.findPreviousUploads().then(
      (previous) => {
        if (previous[0]) upload.resumeFromPreviousUpload(previous[0]);
        upload.start();
      },
      () => upload.start(),
    );
  });
}

let sending: Promise<void> | null = null;

/** Sends what is queued for the signed-in person, one file at a time, oldest first. */
export function sendAll(): Promise<void> {
  sending ??= (async () => {
    try {
      const session = await currentSession();
      if (!runner || !session || session.user !== runner.user) return;
      for (const row of await rows(session.user)) {
        if (!navigator.onLine) break;
        await send(row, session.key);
      }
    } finally {
      sending = null;
    }
  })();
  return sending;
}

/** Loads this person's queue and sends it whenever the browser is online. Returns a stop function. */
export function startUploadQueue(user: string, onSent: (caseId: string) => void): () => void {
  runner?.stop();
  const online = () => void sendAll();
  window.addEventListener('online', online);
  const stop = () => {
    window.removeEventListener('online', online);
    for (const up of running.values()) void up.abort();
    running.clear();
    if (runner?.stop === stop) runner = null;
    publish([]);
  };
  runner = { user, onSent, stop };
  void (async () => {
    const session = await currentSession();
    if (!session || session.user !== user) return;
    const loaded: QueuedUpload[] = [];
    for (const row of await rows(user)) {
      try {
        const meta = await open<Meta>(session.key, aad(row, 'meta'), row.meta);
        loaded.push({ id: row.id, caseId: row.caseId, name: meta.name, size: meta.size, sent: 0, state: row.refused ? 'refused' : 'queued', refused: row.refused });
      } catch {
        await remove(row.id);
      }
    }
    if (runner?.stop !== stop) return;
    publish(loaded);
    if (navigator.onLine) await sendAll();
  })().catch(() => undefined);
  return stop;
}

function subscribe(l: () => void) {
  listeners.add(l);
  return () => listeners.delete(l);
}
const snapshot = () => items;

export function useQueuedUploads(caseId: string): QueuedUpload[] {
  const all = useSyncExternalStore(subscribe, snapshot, snapshot);
  return all.filter((i) => i.caseId === caseId);
}
