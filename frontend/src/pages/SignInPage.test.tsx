import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { jsonResponse, renderScreen } from '../test/render';
import { safeNext, SignInPage } from './SignInPage';

const ME = {
  id: 'u1',
  email: 'researcher@lantern.example',
  display_name: 'Rafael Researcher',
  organization: { id: 'o1', name: 'Lantern Rights Watch', kind: 'ngo', country: 'GB', require_sso: false, created_at: '2026-01-01T00:00:00Z' },
  role: 'researcher',
  permissions: ['cases:read'],
  auth: 'session',
  csrf_token: 'c',
  mfa_passed: false,
};

const PROVIDERS = '/api/v1/auth/oidc/providers';

/** A fetch stub answering by path; the providers list is always empty unless given. */
function stubApi(routes: Record<string, () => Response>) {
  const fetch = vi.fn(async (req: Request) => {
    const path = new URL(req.url).pathname;
    const route = routes[path] ?? (path === PROVIDERS ? () => jsonResponse([]) : undefined);
    if (!route) throw new Error(`unexpected ${req.method} ${path}`);
    return route();
  });
  vi.stubGlobal('fetch', fetch);
  const calls = () => fetch.mock.calls.map((c) => c[0]).filter((r) => new URL(r.url).pathname !== PROVIDERS);
  return { fetch, calls };
}

describe('<SignInPage>', () => {
  afterEach(() => vi.unstubAllGlobals());

  it("shows the API's problem detail when sign-in fails", async () => {
    const { calls } = stubApi({
      '/api/v1/auth/login': () =>
        jsonResponse(
          { type: 'https://portal.invalid/problems/unauthorized', title: 'Authentication required', status: 401, detail: 'The e-mail address or password is not correct' },
          401,
          'application/problem+json',
        ),
    });
    renderScreen(<SignInPage />, { path: '/signin', route: '/signin' });
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('E-mail address'), 'someone@example.org');
    await user.type(screen.getByLabelText('Password'), 'wrong password');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Sign-in failed');
    expect(alert).toHaveTextContent('The e-mail address or password is not correct');
    const req = calls()[0] as Request;
    expect(new URL(req.url).pathname).toBe('/api/v1/auth/login');
    expect(await req.json()).toEqual({ email: 'someone@example.org', password: 'wrong password' });
  });

  it('asks for both fields before calling the API', async () => {
    const { calls } = stubApi({});
    renderScreen(<SignInPage />, { path: '/signin', route: '/signin' });
    await userEvent.setup().click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Enter your e-mail address and your password.');
    expect(calls()).toEqual([]);
  });

  it('continues with a code step when the API asks for a second factor', async () => {
    const { calls } = stubApi({
      '/api/v1/auth/login': () => jsonResponse({ mfa_required: true, challenge: 'chal-1234567', expires_at: '2026-01-01T00:05:00Z' }),
      '/api/v1/auth/login/mfa': () => jsonResponse({ me: ME, csrf_token: 'c' }),
    });
    const { router } = renderScreen(<SignInPage />, { path: '/signin', route: '/signin?next=/tokens' });
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('E-mail address'), 'researcher@lantern.example');
    await user.type(screen.getByLabelText('Password'), 'demo-password-2026');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    const code = await screen.findByLabelText('Code from your authenticator app, or a recovery code');
    await user.type(code, '123 456');
    await user.click(screen.getByRole('button', { name: 'Verify' }));
    await vi.waitFor(() => expect(router.state.location.pathname).toBe('/tokens'));
    const second = calls()[1] as Request;
    expect(new URL(second.url).pathname).toBe('/api/v1/auth/login/mfa');
    expect(await second.json()).toEqual({ challenge: 'chal-1234567', code: '123456' });
  });

  it('offers the single sign-on providers the API lists', async () => {
    stubApi({ [PROVIDERS]: () => jsonResponse([{ name: 'coalition-idp', login_url: '/api/v1/auth/oidc/coalition-idp/login' }]) });
    renderScreen(<SignInPage />, { path: '/signin', route: '/signin' });
    const link = await screen.findByRole('link', { name: 'Sign in with coalition-idp' });
    expect(link).toHaveAttribute('href', '/api/v1/auth/oidc/coalition-idp/login');
  });

  it('never redirects off-site after sign-in', () => {
    expect(safeNext('/admin/audit')).toBe('/admin/audit');
    expect(safeNext('//evil.example/')).toBe('/');
    expect(safeNext('https://evil.example/')).toBe('/');
    expect(safeNext('/\\evil.example')).toBe('/');
    expect(safeNext(null)).toBe('/');
  });
});
