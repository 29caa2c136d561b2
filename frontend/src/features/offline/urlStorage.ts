import type { Upload } from 'tus-js-client';

import { currentSession, done, open, request, seal, tx, TUS, type Sealed } from './keyring';

type UrlStorage = NonNullable<ConstructorParameters<typeof Upload>[1]['urlStorage']>;
type PreviousUpload = Awaited<ReturnType<UrlStorage['findAllUploads']>>[number];

interface StoredAddress {
  key: string;
  fingerprint: string;
  /** The PreviousUpload (upload address, size, metadata with the file name): encrypted. */
  sealed: Sealed;
}

const aad = (key: string) => `tus:${key}`;

async function all(index?: string): Promise<PreviousUpload[]> {
  const session = await currentSession();
  if (!session) return [];
  const t = await tx(TUS, 'readonly');
  const store = t.objectStore(TUS);
  const rows = (await request(index === undefined ? store.getAll() : store.index('fingerprint').getAll(IDBKeyRange.only(index)))) as StoredAddress[];
  const out: PreviousUpload[] = [];
  for (const r of rows) {
    try {
      out.push({ ...(await open<PreviousUpload>(session.key, aad(r.key), r.sealed)), urlStorageKey: r.key });
    } catch {
      // sealed with a key that is gone
    }
  }
  return out;
}

/** tus-js-client's URL storage in IndexedDB (not localStorage), so a queued upload resumes after a reload. */
export const idbUrlStorage: UrlStorage = {
  findAllUploads: () => all(),
  findUploadsByFingerprint: (fingerprint) => all(fingerprint),
  async removeUpload(key) {
    const t = await tx(TUS, 'readwrite');
    t.objectStore(TUS).delete(key);
    await done(t);
  },
  async addUpload(fingerprint, upload) {
    const session = await currentSession();
    if (!session) throw new Error('No session key on this device');
    const key = `${fingerprint}:${crypto.randomUUID()}`;
    const t0 = { key, fingerprint, sealed: await seal(session.key, aad(key), upload) } satisfies StoredAddress;
    const t = await tx(TUS, 'readwrite');
    t.objectStore(TUS).put(t0);
    await done(t);
    return key;
  },
};
