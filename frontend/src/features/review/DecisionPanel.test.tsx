import { fireEvent, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { MeProvider } from '../../auth/session';
import type { CaseOut, CommentOut, MeOut, ReviewStateOut } from '../../client/types.gen';
import { jsonResponse, renderScreen } from '../../test/render';
import { DecisionPanel } from './DecisionPanel';

const ME = {
  id: 'u-casimir',
  email: 'coordinator.a@coalition.example',
  display_name: 'Casimir Coordinator',
  organization: { id: 'o-coalition', name: 'Coalition', kind: 'coalition', country: null, require_sso: false, created_at: '2026-01-01T00:00:00Z' },
  role: 'coordinator',
  permissions: ['review', 'comments:write', 'cases:read'],
  auth: 'session',
  mfa_passed: true,
} as unknown as MeOut;

const KASE = {
  id: 'c1', org_id: 'o-lantern', title: 'Zarechny detentions', status: 'in_review', target_jurisdictions: ['us'], version: 4, revision_number: 3,
  created_at: '2026-11-01T10:00:00Z', updated_at: '2026-11-02T10:00:00Z', status_changed_at: '2026-11-02T10:00:00Z', first_submitted_at: '2026-11-02T10:00:00Z',
  content: { perpetrators: [{ id: 'p1', name: 'Ivan Sidorov' }] },
  allowed_transitions: ['approve', 'request_changes', 'reject'],
} as unknown as CaseOut;

const STATE: ReviewStateOut = { org_name: 'Lantern Rights Watch', assignee_id: 'u-casimir', assignee_name: 'Casimir Coordinator', approvals: 0, approvals_needed: 2, open_comments: 1, decisions: [] };

const comment = (over: Partial<CommentOut>): CommentOut => ({
  id: 'k1', case_id: 'c1', parent_id: null, path: 'perpetrators[0].positions', revision_number: 3, body: 'Dates of command?', author_id: 'u-casimir',
  author_name: 'Casimir Coordinator', author_org_id: 'o-coalition', created_at: '2026-11-02T11:00:00Z', resolved_at: null, resolved_by: null, ...over,
});

function setup(comments: CommentOut[]) {
  const calls: { url: string; method: string; body: unknown }[] = [];
  vi.stubGlobal('fetch', vi.fn(async (req: Request) => {
    calls.push({ url: req.url, method: req.method, body: req.method === 'POST' ? await req.clone().json() : null });
    return jsonResponse({ decision: { id: 'd1', coordinator_id: 'u-casimir', decision: 'approve', revision_number: 3, reason: null, created_at: '2026-11-02T12:00:00Z' }, case_status: 'in_review', approvals: 1, approvals_needed: 2 });
  }));
  renderScreen(<MeProvider me={ME}><DecisionPanel kase={KASE} state={STATE} comments={comments} orgName="Lantern Rights Watch" /></MeProvider>);
  return calls;
}

describe('<DecisionPanel>', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('lists open comments and asks explicitly before approving over them', async () => {
    const calls = setup([comment({})]);
    expect(screen.getByRole('region', { name: '1 open comment' })).toHaveTextContent('Perpetrator 1 (Ivan Sidorov) › Positions');
    fireEvent.click(screen.getByRole('button', { name: 'Approve' }));
    const dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent('1 of the 2 approvals needed');
    expect(dialog).toHaveTextContent('1 comment is still open. Approve anyway?');
    expect(calls.filter((c) => c.method === 'POST')).toEqual([]);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Yes, approve with 1 open comment' }));
    expect(await screen.findByText('Decision recorded.')).toBeVisible();
    expect(screen.getByText('Your approval is recorded: 1 of 2. A second coordinator must approve.')).toBeVisible();
    const post = calls.find((c) => c.method === 'POST')!;
    expect(post.url).toMatch(/\/api\/v1\/review\/cases\/c1\/decisions$/);
    expect(post.body).toEqual({ decision: 'approve', revision: 3, reason: null });
  });

  it('will not request changes without an open comment, nor reject without a reason', async () => {
    const calls = setup([comment({ resolved_at: '2026-11-02T11:30:00Z' })]);
    fireEvent.click(screen.getByRole('button', { name: 'Request changes' }));
    let dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent('goes back to Lantern Rights Watch');
    expect(within(dialog).getByRole('button', { name: 'Yes, request changes' })).toBeDisabled();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    fireEvent.click(screen.getByRole('button', { name: 'Reject' }));
    dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByRole('button', { name: 'Yes, reject' })).toBeDisabled();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    fireEvent.change(screen.getByLabelText('Reason (sent to the organisation)'), { target: { value: 'Outside the coalition’s mandate.' } });
    fireEvent.click(screen.getByRole('button', { name: 'Reject' }));
    dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent('for good');
    expect(dialog).toHaveTextContent('Outside the coalition’s mandate.');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Yes, reject' }));
    await vi.waitFor(() => expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ decision: 'reject', revision: 3, reason: 'Outside the coalition’s mandate.' }));
    expect(await screen.findByText('Decision recorded.')).toBeVisible();
  });
});
