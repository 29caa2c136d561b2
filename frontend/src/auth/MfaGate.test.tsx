import { screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { jsonResponse, renderScreen } from '../test/render';
import { RequireSession } from './session';

const ME = {
  id: 'u1',
  email: 'admin@coalition.example',
  display_name: 'Aurelia Admin',
  organization: { id: 'o1', name: 'Coalition', kind: 'coalition', country: null, require_sso: false, created_at: '2026-01-01T00:00:00Z' },
  role: 'coalition_admin',
  permissions: ['audit:read'],
  auth: 'session',
  mfa_passed: false,
};

describe('<RequireSession>', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('shows only the two-factor enrolment while the API requires it', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => jsonResponse({ ...ME, mfa_required: true, mfa_enrolled: false })));
    renderScreen(<RequireSession />, { path: '/', route: '/' });
    expect(await screen.findByRole('heading', { level: 1, name: 'Two-factor authentication required' })).toBeVisible();
    expect(screen.getByText(/admin@coalition\.example must use a second factor/)).toBeVisible();
    expect(screen.getByRole('button', { name: 'Start' })).toBeVisible();
    expect(screen.getByRole('button', { name: 'Sign out' })).toBeVisible();
  });

  it('asks an enrolled person whose session skipped the code to sign in again', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => jsonResponse({ ...ME, mfa_required: true, mfa_enrolled: true })));
    renderScreen(<RequireSession />, { path: '/', route: '/' });
    expect(await screen.findByText(/has not passed two-factor authentication/)).toBeVisible();
    expect(screen.queryByRole('button', { name: 'Start' })).toBeNull();
  });

  it('sends an anonymous visitor to the sign-in page, keeping where they were going', async () => {
    vi.stubGlobal('fetch', vi.fn(async () => jsonResponse({ title: 'Authentication required', status: 401 }, 401, 'application/problem+json')));
    const { router } = renderScreen(<RequireSession />, { path: '/admin/audit', route: '/admin/audit' });
    await vi.waitFor(() => expect(router.state.location.pathname).toBe('/signin'));
    expect(router.state.location.search).toBe('?next=%2Fadmin%2Faudit');
  });
});
