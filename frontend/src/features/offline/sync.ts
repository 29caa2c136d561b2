import type { QueryClient } from '@tanstack/react-query';
import { useSyncExternalStore } from 'react';

import { getCaseOptions } from '../../client/@tanstack/react-query.gen';
import { draftOf, type Draft } from '../content';
import { afterSave, isBeingEdited, saveDraft, whileSyncing, type SaveInput, type SaveResult } from '../drafts/save';
import { draftStore, type DraftStore, type LocalDraft } from '../drafts/store';
import { setPending } from './status';

/**
 * Drafts kept on this device are sent in the background when the connection comes back (and when a
 * session opens online), with the editor's own save (features/drafts/save.ts): If-Match on the
 * version the edits were made on. A 412 never overwrites the server: the local copy stays, marked
 * `review: 'conflict'`, and the editor shows both versions when the case is opened. Refused values
 * (422) stay on this device, the rest is saved, and the draft is marked `review: 'refused'`. A case
 * whose editor is open is left to the editor.
 */

export interface SyncSummary {
  /** Drafts the server now has in full (removed from this device). */
  synced: number;
  /** Drafts waiting for the person (a conflict or refused values), by case. */
  review: { caseId: string; title: string; reason: 'conflict' | 'refused' }[];
  /** Drafts that could not be sent now (no answer): tried again when the connection is back. */
  failed: number;
}

export interface SyncDeps {
  store?: DraftStore;
  save?: (input: SaveInput) => Promise<SaveResult>;
  /** What the server holds now (only needed after a 422, to put refused values back). */
  serverDraft?: (caseId: string) => Promise<{ draft: Draft; version: number }>;
  /** Each save that reached the server (cache updates). */
  onSaved?: SaveCallback;
  /** A 412: the server's newer version is read, so the editor opens on it and shows both at once. */
  onConflict?: (caseId: string) => void;
  isEditing?: (user: string, caseId: string) => boolean;
}

type SaveCallback = (out: Extract<SaveResult, { status: 'saved' }>['out']) => void;

const reviewOf = (r: LocalDraft) => (r.review ? [{ caseId: r.caseId, title: r.draft.title, reason: r.review }] : []);

/** Sends every pending draft of `user` kept on this device, one after the other. */
export async function syncDrafts(user: string, deps: SyncDeps = {}): Promise<SyncSummary> {
  const store = deps.store ?? draftStore();
  const save = deps.save ?? saveDraft;
  const editing = deps.isEditing ?? isBeingEdited;
  const summary: SyncSummary = { synced: 0, review: [], failed: 0 };
  for (const record of await store.list(user)) {
    if (record.review) {
      summary.review.push(...reviewOf(record));
      continue;
    }
    if (editing(user, record.caseId)) continue;
    const outcome = await whileSyncing(user, record.caseId, () => syncOne(record, store, save, deps));
    if (outcome === 'synced') summary.synced += 1;
    else if (outcome === 'failed') summary.failed += 1;
    else if (outcome !== 'skipped') summary.review.push({ caseId: record.caseId, title: record.draft.title, reason: outcome });
  }
  return summary;
}

async function syncOne(
  record: LocalDraft,
  store: DraftStore,
  save: (input: SaveInput) => Promise<SaveResult>,
  deps: SyncDeps,
): Promise<'synced' | 'failed' | 'skipped' | 'conflict' | 'refused'> {
  // Read again: the editor may have written (or removed) it since the list was read.
  const current = await store.get(record.user, record.caseId);
  if (!current || current.review || current.updatedAt !== record.updatedAt) return current?.review ?? 'skipped';
  const r = await save({
    caseId: record.caseId,
    draft: record.draft,
    version: record.baseVersion,
    autosave: true,
    saved: async () => {
      if (!deps.serverDraft) throw new Error('no server read');
      const s = await deps.serverDraft(record.caseId);
      if (s.version !== record.baseVersion) throw new Error('changed meanwhile');
      return s.draft;
    },
  });
  // The person opened the editor meanwhile: what it wrote wins (it read the draft after this save).
  const still = async () => (await store.get(record.user, record.caseId))?.updatedAt === record.updatedAt;
  switch (r.status) {
    case 'saved':
      deps.onSaved?.(r.out);
      if (await still()) await store.delete(record.user, record.caseId);
      return 'synced';
    case 'conflict':
      if (await still()) await store.put({ ...record, review: 'conflict' });
      deps.onConflict?.(record.caseId);
      return 'conflict';
    case 'refused':
      if (r.landed) deps.onSaved?.(r.landed.out);
      // The person's version stays here, on the version the valid values were saved as.
      if (await still()) await store.put({ ...record, baseVersion: r.landed?.out.version ?? record.baseVersion, review: 'refused' });
      return 'refused';
    default:
      return 'failed';
  }
}

// ---- what the connection indicator shows ----------------------------------------------------------

export interface SyncStatus {
  running: boolean;
  /** The last run that sent something: "2 drafts synchronised" (cleared after a while). */
  synced: number;
  /** When `synced` was set (ms since the epoch), to clear it. */
  syncedAt: number;
  review: SyncSummary['review'];
}

const IDLE: SyncStatus = { running: false, synced: 0, syncedAt: 0, review: [] };
let status: SyncStatus = IDLE;
const listeners = new Set<() => void>();

function setStatus(next: Partial<SyncStatus>) {
  status = { ...status, ...next };
  for (const l of listeners) l();
}

export function useDraftSync(): SyncStatus {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => void listeners.delete(l);
    },
    () => status,
    () => status,
  );
}

/** The "synchronised" note is shown once, then goes. */
export function dismissSynced(): void {
  if (status.synced) setStatus({ synced: 0, syncedAt: 0 });
}

/** Reads again which drafts wait for the person (after the editor resolved one). */
export async function refreshReview(user: string, store: DraftStore = draftStore()): Promise<void> {
  try {
    const review = (await store.list(user)).flatMap(reviewOf);
    if (JSON.stringify(review) !== JSON.stringify(status.review)) setStatus({ review });
  } catch {
    // storage unavailable: nothing to show
  }
}

/**
 * Runs the sync now (when online) and at every return of the connection, for this person, until the
 * returned stop (sign-out, another person). Never in a loop: a draft that got no answer is tried again
 * at most RETRY_AFTER_MS.length times, then waits for the next `online` event or session start.
 */
/** After a return of the connection, drafts that got no answer are tried again this much later (the
 * first requests after a reconnect often fail while the network settles); then they wait. */
export const RETRY_AFTER_MS = [2_000, 6_000, 15_000] as const;

export function startDraftSync(user: string, qc: QueryClient, deps: SyncDeps = {}): () => void {
  let stopped = false;
  let running: Promise<void> | null = null;
  let again = false;
  let retries = 0;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  const full: SyncDeps = {
    serverDraft: async (caseId) => {
      // Read afresh (never the cached copy).
      const c = await qc.fetchQuery({ ...getCaseOptions({ path: { case_id: caseId } }), staleTime: 0 });
      return { draft: draftOf(c), version: c.version };
    },
    onSaved: (out) => afterSave(qc, out),
    onConflict: (caseId) => void qc.fetchQuery({ ...getCaseOptions({ path: { case_id: caseId } }), staleTime: 0 }).catch(() => undefined),
    ...deps,
  };
  const run = () => {
    if (stopped || (typeof navigator !== 'undefined' && !navigator.onLine)) return;
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      setStatus({ running: true });
      try {
        do {
          again = false;
          const store = full.store ?? draftStore();
          const waiting = (await store.list(user)).filter((r) => !r.review && !(full.isEditing ?? isBeingEdited)(user, r.caseId)).length;
          setPending('draft-sync', waiting);
          const s = await syncDrafts(user, full);
          if (stopped) return;
          setStatus(s.synced > 0 ? { synced: status.synced + s.synced, syncedAt: Date.now(), review: s.review } : { review: s.review });
          if (s.failed > 0 && retries < RETRY_AFTER_MS.length && !stopped) {
            retryTimer = setTimeout(run, RETRY_AFTER_MS[retries]);
            retries += 1;
          } else if (s.failed === 0) retries = 0;
        } while (again && !stopped);
      } catch {
        // storage unavailable: nothing is kept, nothing to send
      } finally {
        setPending('draft-sync', 0);
        if (!stopped) setStatus({ running: false });
        running = null;
      }
    })();
  };
  const reconnected = () => {
    retries = 0;
    clearTimeout(retryTimer);
    run();
  };
  window.addEventListener('online', reconnected);
  run();
  return () => {
    stopped = true;
    clearTimeout(retryTimer);
    window.removeEventListener('online', reconnected);
    setPending('draft-sync', 0);
    status = IDLE;
    for (const l of listeners) l();
  };
}

/** Tests: waits for a run started by startDraftSync. */
export function syncStatus(): SyncStatus {
  return status;
}
