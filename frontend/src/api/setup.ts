import i18n from 'i18next';

import { client } from '../client/client.gen';
import { CSRF_COOKIE, CSRF_HEADER, needsCsrf, readCookie } from './csrf';
import { toApiError } from './errors';

let installed = false;

/**
 * Configures the generated client once: same-origin cookies (runtime-config.ts), the CSRF header on
 * state-changing requests, and problem+json errors turned into ApiError. No token is ever kept in
 * localStorage: the session lives in the HttpOnly cookie.
 */
export function setupApiClient(): void {
  if (installed) return;
  installed = true;
  client.interceptors.request.use((request) => {
    // Labels the API writes (readiness, diffs, regimes) in the language chosen in the app, not the browser's.
    if (i18n.language && !request.headers.has('Accept-Language')) request.headers.set('Accept-Language', i18n.language);
    if (needsCsrf(request.method)) {
      const csrf = readCookie(CSRF_COOKIE);
      if (csrf && !request.headers.has(CSRF_HEADER)) {
        request.headers.set(CSRF_HEADER, csrf);
      }
    }
    return request;
  });
  client.interceptors.error.use((error, response) => toApiError(error, response?.status));
}
