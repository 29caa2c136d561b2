// @vitest-environment node
import { describe, expect, it } from 'vitest';

import type { InvitationOut, TokenOut } from '../client/types.gen';
import { tokenFromHash } from './AcceptInvitationPage';
import { invitationStatus, rolesFor } from './MembersPage';
import { parseDomains } from './OrganisationsPage';
import { tokenStatus } from './TokensPage';

const NOW = new Date('2026-06-01T00:00:00Z');

describe('page helpers', () => {
  it('reads the invitation token from the fragment', () => {
    expect(tokenFromHash('#token=abcdefghijklmnop')).toBe('abcdefghijklmnop');
    expect(tokenFromHash('#token=short')).toBeNull();
    expect(tokenFromHash('')).toBeNull();
  });

  it('derives invitation and token states', () => {
    const inv = { accepted_at: null, revoked_at: null, expires_at: '2026-06-08T00:00:00Z' } as InvitationOut;
    expect(invitationStatus(inv, NOW)).toBe('pending');
    expect(invitationStatus({ ...inv, expires_at: '2026-05-01T00:00:00Z' }, NOW)).toBe('expired');
    expect(invitationStatus({ ...inv, revoked_at: '2026-05-30T00:00:00Z' }, NOW)).toBe('revoked');
    expect(invitationStatus({ ...inv, accepted_at: '2026-05-30T00:00:00Z' }, NOW)).toBe('accepted');
    const tok = { revoked_at: null, expires_at: '2026-07-01T00:00:00Z' } as TokenOut;
    expect(tokenStatus(tok, NOW)).toBe('active');
    expect(tokenStatus({ ...tok, revoked_at: '2026-05-01T00:00:00Z' }, NOW)).toBe('revoked');
    expect(tokenStatus({ ...tok, expires_at: '2026-05-01T00:00:00Z' }, NOW)).toBe('expired');
  });

  it('offers the roles of the organisation kind', () => {
    expect(rolesFor('ngo')).toEqual(['researcher', 'org_admin']);
    expect(rolesFor('coalition')).toEqual(['coordinator', 'coalition_admin']);
  });

  it('splits e-mail domains', () => {
    expect(parseDomains(' Lantern.example, ledger.example;x.org  ')).toEqual(['lantern.example', 'ledger.example', 'x.org']);
    expect(parseDomains('')).toEqual([]);
  });
});
