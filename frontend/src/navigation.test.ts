// @vitest-environment node
import { describe, expect, it } from 'vitest';

import type { MeOut, Role } from './client/types.gen';
import { navFor } from './navigation';

// Permissions as app/security/permissions.py grants them to each role.
const RESEARCHER = ['cases:read', 'cases:write', 'evidence:read', 'evidence:write', 'comments:write', 'packages:read', 'notifications', 'self'];
const PERMS: Record<Role, string[]> = {
  researcher: RESEARCHER,
  org_admin: [...RESEARCHER, 'members:manage', 'tokens:manage', 'webhooks:manage'],
  coordinator: ['cases:read', 'evidence:read', 'review', 'comments:write', 'packages', 'packages:read', 'notifications', 'self'],
  coalition_admin: ['cases:read', 'evidence:read', 'evidence:purge', 'orgs:manage', 'members:manage', 'tokens:manage', 'webhooks:manage', 'audit:read', 'packages:read', 'notifications', 'self'],
};

function me(role: Role): MeOut {
  return {
    id: 'u',
    email: 'x@example.org',
    display_name: 'X',
    organization: { id: 'org-1', name: 'Org', kind: role === 'coordinator' || role === 'coalition_admin' ? 'coalition' : 'ngo', country: null, require_sso: false, created_at: '2026-01-01T00:00:00Z' },
    role,
    permissions: PERMS[role],
    auth: 'session',
  };
}

describe('navigation by role', () => {
  it.each([
    ['researcher', ['home', 'cases', 'packages', 'analytics', 'security']],
    ['org_admin', ['home', 'cases', 'packages', 'analytics', 'members', 'tokens', 'webhooks', 'security']],
    ['coordinator', ['home', 'cases', 'review', 'packages', 'analytics', 'security']],
    ['coalition_admin', ['home', 'cases', 'packages', 'analytics', 'members', 'tokens', 'organisations', 'webhooks', 'audit', 'security']],
  ] as [Role, string[]][])('%s sees %j', (role, expected) => {
    expect(navFor(me(role)).map((n) => n.id)).toEqual(expected);
  });

  it("links members to the person's own organisation", () => {
    const entry = navFor(me('org_admin')).find((n) => n.id === 'members');
    expect(entry?.to(me('org_admin'))).toBe('/orgs/org-1/members');
  });
});
