import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type ReactNode } from 'react';

import { listCaseEvidenceQueryKey } from '../../client/@tanstack/react-query.gen';
import { ensureSessionKey } from './keyring';
import { startDraftSync } from './sync';

/** The reads the service worker keeps a copy of (src/sw.ts, KEPT), by generated operation id. */
const KEPT_READS = new Set(['getMe', 'listCases', 'getCase', 'caseReadiness', 'listComments', 'listCaseEvidence']);

/**
 * Below the signed-in shell: makes (or finds) this person's key before the pages that keep data on
 * this device open, then runs the queue of evidence files chosen offline and the background sync of
 * drafts kept here (features/offline/sync.ts). When the browser has no IndexedDB or WebCrypto (some
 * private modes), pages open anyway and nothing is kept.
 */
export function OfflineSession({ user, children }: { user: string; children: ReactNode }) {
  const qc = useQueryClient();
  // Without IndexedDB (unit tests, some private modes) nothing is kept: no key to wait for.
  const [ready, setReady] = useState<string | null>(() => (typeof indexedDB === 'undefined' ? user : null));
  useEffect(() => {
    if (typeof indexedDB === 'undefined') return;
    let live = true;
    const ok = () => live && setReady(user);
    ensureSessionKey(user).then(
      () => {
        ok();
        // The answer read before the key existed was not kept: read it again so an offline reload finds it.
        if (navigator.onLine && navigator.serviceWorker?.controller) void fetch('/api/v1/me', { credentials: 'same-origin' }).catch(() => undefined);
      },
      ok,
    );
    return () => {
      live = false;
    };
  }, [user]);
  // The first worker takes over a page that is already open: read what the page shows again through
  // it, so the copies for offline use exist before the person goes offline.
  useEffect(() => {
    const sw = typeof navigator === 'undefined' ? undefined : navigator.serviceWorker;
    if (!sw || sw.controller) return;
    const taken = () => {
      void fetch('/api/v1/me', { credentials: 'same-origin' }).catch(() => undefined);
      void qc.refetchQueries({ type: 'active', predicate: (q) => KEPT_READS.has((q.queryKey[0] as { _id?: string } | undefined)?._id ?? '') });
    };
    sw.addEventListener('controllerchange', taken, { once: true });
    return () => sw.removeEventListener('controllerchange', taken);
  }, [qc]);
  useEffect(() => {
    if (ready !== user) return;
    // Loaded apart (tus-js-client stays out of the first page load).
    let stop: (() => void) | null = null;
    let live = true;
    void import('./uploads').then(({ startUploadQueue }) => {
      if (live) stop = startUploadQueue(user, (caseId) => void qc.invalidateQueries({ queryKey: listCaseEvidenceQueryKey({ path: { case_id: caseId } }) }));
    });
    return () => {
      live = false;
      stop?.();
    };
  }, [ready, user, qc]);
  // Drafts kept on this device are sent in the background now (when online) and whenever the
  // connection comes back, without opening each case (features/offline/sync.ts).
  useEffect(() => {
    if (ready !== user || typeof indexedDB === 'undefined') return;
    return startDraftSync(user, qc);
  }, [ready, user, qc]);
  return ready === user ? <>{children}</> : null;
}
