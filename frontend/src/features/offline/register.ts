import { useSyncExternalStore } from 'react';

/**
 * Registers the service worker (production builds only: the dev server and unit tests run without
 * one). A new version never takes over by itself: `useUpdate()` says one is waiting and
 * `applyUpdate()` switches to it (and reloads) when the person chooses.
 */
let waiting = false;
let update: ((reload?: boolean) => Promise<void>) | null = null;
const listeners = new Set<() => void>();

export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return;
  void import('virtual:pwa-register').then(({ registerSW }) => {
    update = registerSW({
      immediate: true,
      onNeedRefresh() {
        waiting = true;
        for (const l of listeners) l();
      },
    });
  });
}

export function useUpdateWaiting(): boolean {
  return useSyncExternalStore(
    (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    () => waiting,
    () => waiting,
  );
}

/** Switches to the waiting version: the page reloads (the leave guard still asks if work is unsent). */
export function applyUpdate(): void {
  void update?.(true);
}
