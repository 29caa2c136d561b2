import { QueryClientProvider } from '@tanstack/react-query';
import { render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMemoryRouter, RouterProvider } from 'react-router';

import { createQueryClient } from '../../api/queryClient';
import { setupApiClient } from '../../api/setup';
import { MeProvider } from '../../auth/session';
import { client } from '../../client/client.gen';
import type { MeOut } from '../../client/types.gen';
import { initI18n } from '../../i18n';
import CaseEditorPage from '../../pages/cases/CaseEditorPage';
import { jsonResponse } from '../../test/render';
import { memoryDraftStore, setDraftStore, type DraftStore } from './store';

const ME = { id: 'u1', email: 'r@lantern.example', display_name: 'R', organization: { id: 'o1', name: 'Lantern' }, role: 'researcher', permissions: ['cases:read', 'cases:write'], auth: 'session' } as unknown as MeOut;

const SERVER = { id: 'c1', org_id: 'o1', title: 'Case', status: 'draft', version: 3, revision_number: 1, target_jurisdictions: ['eu'], allowed_transitions: [], content: { perpetrators: [{ id: 'p1', name: 'Ivan' }] } };

function stubApi(puts: unknown[]) {
  vi.stubGlobal('fetch', async (input: Request) => {
    const url = new URL(input.url);
    if (input.method === 'PUT' && url.pathname === '/api/v1/cases/c1') {
      const body = (await input.json()) as { content: { perpetrators: { birth_date?: string }[] } };
      puts.push(body);
      if (body.content.perpetrators[0]?.birth_date === '14/03/1971')
        return jsonResponse({ status: 422, title: 'Invalid', errors: [{ loc: ['body', 'content', 'perpetrators', 0, 'birth_date'], msg: "'14/03/1971' is not an ISO date" }] }, 422, 'application/problem+json');
      return jsonResponse({ ...SERVER, ...body, version: 3 + puts.length });
    }
    if (url.pathname === '/api/v1/cases/c1') return jsonResponse(SERVER);
    if (url.pathname.endsWith('/readiness')) return jsonResponse({});
    if (url.pathname.endsWith('/comments')) return jsonResponse([]);
    if (url.pathname.endsWith('/evidence')) return jsonResponse({ items: [] });
    return jsonResponse({});
  });
}

function renderEditor(store: DraftStore) {
  setDraftStore(store);
  setupApiClient();
  client.setConfig({ baseUrl: 'http://portal.test' });
  initI18n('en');
  const router = createMemoryRouter([{ path: '/cases/:caseId', element: <MeProvider me={ME}><CaseEditorPage /></MeProvider> }], { initialEntries: ['/cases/c1'] });
  render(
    <QueryClientProvider client={createQueryClient()}>
      <RouterProvider router={router} />
    </QueryClientProvider>,
  );
}

afterEach(() => {
  vi.unstubAllGlobals();
  setDraftStore(null);
});

describe('the editor never loses what was typed', () => {
  it('restores edits kept on this device, marks the refused value, and saves the rest', async () => {
    const store = memoryDraftStore();
    await store.put({
      user: 'u1',
      caseId: 'c1',
      baseVersion: 3,
      updatedAt: '2026-03-01T10:00:00Z',
      draft: { title: 'Case', target_jurisdictions: ['eu'], content: { perpetrators: [{ id: 'p1', name: 'Ivan Petrov', birth_date: '14/03/1971' }] } },
    });
    const puts: unknown[] = [];
    stubApi(puts);
    renderEditor(store);

    expect(await screen.findByTestId('restored-notice')).toHaveTextContent('Restored unsaved changes from');
    expect(screen.getByLabelText(/Birth date/)).toHaveValue('14/03/1971');
    expect(screen.getByLabelText('Name')).toHaveValue('Ivan Petrov');

    // Autosave: refused, then the rest is sent without the refused value.
    expect(await screen.findByText(/^Error: \u2068'14\/03\/1971' is not an ISO date\u2069$/, {}, { timeout: 5000 })).toBeInTheDocument();
    await waitFor(() => expect(puts).toHaveLength(2), { timeout: 5000 });
    expect(puts[1]).toMatchObject({ content: { perpetrators: [{ id: 'p1', name: 'Ivan Petrov' }] } });
    expect((puts[1] as { content: { perpetrators: object[] } }).content.perpetrators[0]).not.toHaveProperty('birth_date');
    expect(screen.getByTestId('problems-banner')).toHaveTextContent('Not saved — 1 problem');
    expect(screen.getByRole('link', { name: /Birth date/ })).toHaveAttribute('href', '#f-perpetrators-0-birth_date');

    // Still on this device, now against the version the partial save made.
    await waitFor(async () => expect((await store.get('u1', 'c1'))?.baseVersion).toBe(5));
    expect((await store.get('u1', 'c1'))?.draft.content.perpetrators?.[0]?.birth_date).toBe('14/03/1971');
  });

  it('drops a kept draft that the server already has, without a notice', async () => {
    const store = memoryDraftStore();
    await store.put({ user: 'u1', caseId: 'c1', baseVersion: 3, updatedAt: '2026-03-01T10:00:00Z', draft: { title: 'Case', target_jurisdictions: ['eu'], content: SERVER.content } });
    stubApi([]);
    renderEditor(store);
    expect(await screen.findByLabelText('Name')).toHaveValue('Ivan');
    expect(screen.queryByTestId('restored-notice')).toBeNull();
    await waitFor(async () => expect(await store.get('u1', 'c1')).toBeUndefined());
  });
});
