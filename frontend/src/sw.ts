/// <reference lib="webworker" />
/**
 * The service worker (vite-plugin-pwa, strategy injectManifest): the app shell is precached so the
 * app opens offline; a few GET answers a researcher needs to keep working offline (who they are, the
 * case list, a case with its readiness, comments and evidence list) are network-first with a copy
 * kept for offline use, each body encrypted with the session's key (features/offline/keyring.ts) and
 * unreadable once it is gone (sign-out). Auth endpoints, uploads and evidence content are never kept.
 *
 * Updates wait (registerType 'prompt'): a new worker takes over only when the person chooses to
 * reload, so an open draft is never reloaded away.
 */
import { clientsClaim, type WorkboxPlugin } from 'workbox-core';
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { NetworkFirst } from 'workbox-strategies';

import { API_CACHE, currentSession, openBytes, sealBytes } from './features/offline/keyring';

declare let self: ServiceWorkerGlobalScope & { __WB_MANIFEST: (string | { url: string; revision: string | null })[] };

precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();

// Every page of the app is index.html; API paths and files are never answered with it.
registerRoute(new NavigationRoute(createHandlerBoundToURL('index.html'), { denylist: [/^\/api\//, /\.[a-z0-9]+$/i] }));

/** The GET answers kept for offline use. Nothing under /auth, /uploads or an evidence file's content. */
export const KEPT = /^\/api\/v1\/(me|cases|cases\/[0-9a-f-]{8,}(\/(readiness|comments|evidence))?)$/;
const CASE = /^\/api\/v1\/cases\/[0-9a-f-]{8,}$/;

const cacheKey = (url: URL) => url.pathname + url.search;
const USER = 'x-portal-user';
const IV = 'x-portal-iv';
const b64 = (b: Uint8Array) => btoa(String.fromCharCode(...b));
const unb64 = (s: string) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));

async function sealed(url: URL, response: Response): Promise<Response | null> {
  if (response.status !== 200) return null;
  const session = await currentSession();
  if (!session) return null; // signed out, or the key is not made yet: nothing is kept
  const s = await sealBytes(session.key, `api:${session.user}:${cacheKey(url)}`, await response.clone().arrayBuffer());
  return new Response(s.data, {
    headers: { [USER]: session.user, [IV]: b64(s.iv), 'content-type': response.headers.get('content-type') ?? 'application/json' },
  });
}

const encrypting: WorkboxPlugin = {
  cacheWillUpdate: async ({ request, response }) => sealed(new URL(request.url), response),
  cachedResponseWillBeUsed: async ({ request, cachedResponse }) => {
    if (!cachedResponse) return null;
    const session = await currentSession();
    const iv = cachedResponse.headers.get(IV);
    if (!session || !iv || cachedResponse.headers.get(USER) !== session.user) return null;
    try {
      const body = await openBytes(session.key, `api:${session.user}:${cacheKey(new URL(request.url))}`, {
        iv: unb64(iv),
        data: await cachedResponse.arrayBuffer(),
      });
      return new Response(body, {
        headers: { 'content-type': cachedResponse.headers.get('content-type') ?? 'application/json', 'x-portal-offline-copy': '1' },
      });
    } catch {
      return null; // sealed with a key that is gone
    }
  },
};

registerRoute(
  ({ url, sameOrigin }) => sameOrigin && KEPT.test(url.pathname),
  new NetworkFirst({ cacheName: API_CACHE, plugins: [encrypting], matchOptions: { ignoreVary: true } }),
  'GET',
);

// A saved case is also the offline copy of GET /cases/{id}: a reload offline opens the version the
// draft kept on this device was made against (otherwise the copy could be older than the last save).
registerRoute(
  ({ url, sameOrigin }) => sameOrigin && CASE.test(url.pathname),
  async ({ request, url, event }) => {
    const response = await fetch(request);
    if (response.ok) {
      const keep = (async () => {
        const copy = await sealed(url, new Response(await response.clone().arrayBuffer(), { status: 200, headers: response.headers }));
        if (copy) await (await caches.open(API_CACHE)).put(new Request(new URL(url.pathname, url.origin)), copy);
      })().catch(() => undefined);
      (event as ExtendableEvent | undefined)?.waitUntil(keep);
    }
    return response;
  },
  'PUT',
);

self.addEventListener('message', (event) => {
  if ((event.data as { type?: string } | null)?.type === 'SKIP_WAITING') void self.skipWaiting();
});

// The first worker takes the open page at once (so a case opened now is kept for offline use); later
// ones wait for SKIP_WAITING above, sent only when the person chooses to reload.
clientsClaim();
