import { afterEach, describe, expect, it, vi } from 'vitest';

import { client } from '../client/client.gen';
import { listTokens, logout } from '../client/sdk.gen';
import { readCookie } from './csrf';
import { ApiError } from './errors';
import { setupApiClient } from './setup';

function capture(response: () => Response) {
  const seen: Request[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (req: Request) => {
      seen.push(req);
      return response();
    }),
  );
  return seen;
}

describe('the configured API client', () => {
  afterEach(() => {
    document.cookie = 'portal_csrf=; expires=Thu, 01 Jan 1970 00:00:00 GMT';
    vi.unstubAllGlobals();
  });

  it('reads cookies by name', () => {
    expect(readCookie('b', 'a=1; b=two%20words; c=3')).toBe('two words');
    expect(readCookie('x', 'a=1')).toBeNull();
  });

  it('sends the CSRF cookie as X-CSRF-Token on state-changing requests only', async () => {
    setupApiClient();
    client.setConfig({ baseUrl: 'http://portal.test' });
    document.cookie = 'portal_csrf=csrf-value-123';
    const seen = capture(() => new Response(null, { status: 204 }));
    await logout();
    await listTokens();
    expect(seen[0]?.method).toBe('POST');
    expect(seen[0]?.headers.get('X-CSRF-Token')).toBe('csrf-value-123');
    expect(seen[1]?.method).toBe('GET');
    expect(seen[1]?.headers.has('X-CSRF-Token')).toBe(false);
    expect(seen[0]?.credentials).toBe('same-origin');
  });

  it('turns problem+json answers into ApiError with the detail and field errors', async () => {
    setupApiClient();
    client.setConfig({ baseUrl: 'http://portal.test' });
    capture(
      () =>
        new Response(
          JSON.stringify({
            type: 'https://portal.invalid/problems/validation-error',
            title: 'Unprocessable content',
            status: 422,
            detail: 'Invalid request: body.scopes',
            errors: [{ loc: ['body', 'scopes'], msg: 'too short' }],
          }),
          { status: 422, headers: { 'Content-Type': 'application/problem+json' } },
        ),
    );
    const err = await listTokens({ throwOnError: true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    const apiError = err as ApiError;
    expect(apiError.status).toBe(422);
    expect(apiError.problem.detail).toBe('Invalid request: body.scopes');
    expect(apiError.fieldErrors).toEqual([{ loc: ['body', 'scopes'], msg: 'too short' }]);
  });
});
