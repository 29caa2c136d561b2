import type { MeOut } from './client/types.gen';
import { can } from './auth/session';

/**
 * The navigation, by permission (from GET /api/v1/me). The API enforces every permission; this only
 * decides what is worth showing.
 */
export interface NavEntry {
  id: 'home' | 'cases' | 'review' | 'packages' | 'analytics' | 'members' | 'tokens' | 'organisations' | 'webhooks' | 'audit' | 'security';
  to: (me: MeOut) => string;
  visible: (me: MeOut) => boolean;
}

export const NAV: NavEntry[] = [
  { id: 'home', to: () => '/', visible: () => true },
  { id: 'cases', to: () => '/cases', visible: (me) => can(me, 'cases:read') },
  { id: 'review', to: () => '/review', visible: (me) => can(me, 'review') },
  { id: 'packages', to: () => '/packages', visible: (me) => can(me, 'packages:read') },
  // Every signed-in person: the API decides whose figures each sees (an NGO its own, plus the public ones).
  { id: 'analytics', to: () => '/analytics', visible: (me) => can(me, 'cases:read') },
  {
    id: 'members',
    to: (me) => `/orgs/${encodeURIComponent(me.organization.id)}/members`,
    visible: (me) => can(me, 'members:manage'),
  },
  { id: 'tokens', to: () => '/tokens', visible: (me) => can(me, 'tokens:manage') },
  { id: 'organisations', to: () => '/admin/organisations', visible: (me) => can(me, 'orgs:manage') },
  { id: 'webhooks', to: () => '/webhooks', visible: (me) => can(me, 'webhooks:manage') },
  { id: 'audit', to: () => '/admin/audit', visible: (me) => can(me, 'audit:read') },
  { id: 'security', to: () => '/account/security', visible: (me) => me.auth === 'session' },
];

export function navFor(me: MeOut): NavEntry[] {
  return NAV.filter((n) => n.visible(me));
}
