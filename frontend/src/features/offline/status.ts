import { useSyncExternalStore } from 'react';

/**
 * What the connection indicator shows: offline (the browser says so), syncing (online with work kept
 * on this device being sent: an editor's unsent draft, queued evidence files) or online.
 */
export type Connection = 'online' | 'offline' | 'syncing';

const listeners = new Set<() => void>();
const pending = new Map<string, number>();
let snapshot: { online: boolean; waiting: number } = { online: true, waiting: 0 };

function recompute() {
  const online = typeof navigator === 'undefined' ? true : navigator.onLine;
  let waiting = 0;
  for (const n of pending.values()) waiting += n;
  if (online !== snapshot.online || waiting !== snapshot.waiting) {
    snapshot = { online, waiting };
    for (const l of listeners) l();
  }
}

function subscribe(l: () => void) {
  if (listeners.size === 0 && typeof window !== 'undefined') {
    window.addEventListener('online', recompute);
    window.addEventListener('offline', recompute);
  }
  listeners.add(l);
  recompute();
  return () => {
    listeners.delete(l);
    if (listeners.size === 0 && typeof window !== 'undefined') {
      window.removeEventListener('online', recompute);
      window.removeEventListener('offline', recompute);
    }
  };
}

const getSnapshot = () => snapshot;

/** Work from one source kept here and not yet on the server (0: none). */
export function setPending(source: string, count: number): void {
  if (count > 0) pending.set(source, count);
  else pending.delete(source);
  recompute();
}

export function useConnection(): { state: Connection; waiting: number; online: boolean } {
  const s = useSyncExternalStore(subscribe, getSnapshot, getSnapshot);
  return { state: !s.online ? 'offline' : s.waiting > 0 ? 'syncing' : 'online', waiting: s.waiting, online: s.online };
}

export function useOnline(): boolean {
  return useSyncExternalStore(subscribe, getSnapshot, getSnapshot).online;
}
