import { QueryClient } from '@tanstack/react-query';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { setupApiClient } from '../../api/setup';
import { client } from '../../client/client.gen';
import { jsonResponse } from '../../test/render';
import type { Draft } from '../content';
import { claimForEditing } from '../drafts/save';
import { memoryDraftStore, setDraftStore, type DraftStore, type LocalDraft } from '../drafts/store';
import { startDraftSync, syncDrafts, syncStatus } from './sync';

const SERVER = { id: 'c1', org_id: 'o1', title: 'Case', status: 'draft', version: 3, revision_number: 1, target_jurisdictions: ['eu'], allowed_transitions: [], content: { perpetrators: [{ id: 'p1', name: 'Ivan' }] } };

interface Put {
  caseId: string;
  ifMatch: string | null;
  body: { title: string; content: { perpetrators?: { birth_date?: string; name?: string }[] } };
}

/** The API: each case at version 3; `newer` ones are at 4 on the server (a PUT on 3 is a 412). */
function stubApi(puts: Put[], { newer = [] as string[], offline = false } = {}) {
  vi.stubGlobal('fetch', async (input: Request) => {
    if (offline) throw new TypeError('Failed to fetch');
    const url = new URL(input.url);
    const m = /^\/api\/v1\/cases\/([\w-]+)$/.exec(url.pathname);
    if (!m) return jsonResponse({});
    const caseId = m[1] ?? '';
    const version = newer.includes(caseId) ? 4 : 3;
    if (input.method === 'GET') return jsonResponse({ ...SERVER, id: caseId, version });
    const body = (await input.json()) as Put['body'];
    const ifMatch = input.headers.get('if-match');
    puts.push({ caseId, ifMatch, body });
    if (ifMatch !== `"${version}"`) return jsonResponse({ status: 412, title: 'Precondition failed' }, 412, 'application/problem+json');
    if (body.content.perpetrators?.[0]?.birth_date === '14/03/1971')
      return jsonResponse({ status: 422, title: 'Invalid', errors: [{ loc: ['body', 'content', 'perpetrators', 0, 'birth_date'], msg: 'not an ISO date' }] }, 422, 'application/problem+json');
    return jsonResponse({ ...SERVER, ...body, id: caseId, version: version + 1 });
  });
}

const draft = (title: string, extra: Record<string, unknown> = {}): Draft => ({
  title,
  target_jurisdictions: ['eu'],
  content: { perpetrators: [{ id: 'p1', name: 'Ivan Petrov', ...extra }] },
});

const local = (caseId: string, d: Draft, user = 'u1'): LocalDraft => ({ user, caseId, draft: d, baseVersion: 3, updatedAt: '2026-11-30T10:00:00.000Z' });

let store: DraftStore;

beforeEach(() => {
  setupApiClient();
  client.setConfig({ baseUrl: 'http://portal.test' });
  store = memoryDraftStore();
  setDraftStore(store);
});

afterEach(() => {
  vi.unstubAllGlobals();
  setDraftStore(null);
});

describe('background sync of drafts kept on this device', () => {
  it('sends each pending draft with If-Match on its version, and clears what the server has', async () => {
    const puts: Put[] = [];
    stubApi(puts);
    await store.put(local('c1', draft('Typed offline')));
    await store.put(local('c2', draft('Another')));
    await store.put(local('c3', draft('Someone else'), 'u2'));
    const saved: string[] = [];
    const s = await syncDrafts('u1', { onSaved: (out) => saved.push(out.id) });
    expect(s).toEqual({ synced: 2, review: [], failed: 0 });
    expect(puts.map((p) => [p.caseId, p.ifMatch, p.body.title])).toEqual([
      ['c1', '"3"', 'Typed offline'],
      ['c2', '"3"', 'Another'],
    ]);
    expect(saved).toEqual(['c1', 'c2']);
    expect(await store.list('u1')).toEqual([]);
    // Another person's draft is neither sent nor removed.
    expect(await store.get('u2', 'c3')).toBeDefined();
  });

  it('a 412 never overwrites the server: the local copy is kept, marked for review, and not sent again', async () => {
    const puts: Put[] = [];
    stubApi(puts, { newer: ['c1'] });
    const mine = draft('Mine, typed offline');
    await store.put(local('c1', mine));
    const conflicts: string[] = [];
    const s = await syncDrafts('u1', { onConflict: (id) => conflicts.push(id) });
    expect(s.synced).toBe(0);
    expect(s.review).toEqual([{ caseId: 'c1', title: 'Mine, typed offline', reason: 'conflict' }]);
    expect(conflicts).toEqual(['c1']);
    expect(puts).toHaveLength(1); // one attempt with If-Match "3", refused; nothing else written
    const kept = await store.get('u1', 'c1');
    // Same edits, same base version: the editor compares them with the server's newer version.
    expect(kept).toMatchObject({ draft: mine, baseVersion: 3, review: 'conflict' });
    // The next run leaves it to the person.
    const again = await syncDrafts('u1');
    expect(puts).toHaveLength(1);
    expect(again.review).toHaveLength(1);
  });

  it('refused values stay on this device (marked for review); the rest is saved', async () => {
    const puts: Put[] = [];
    stubApi(puts);
    const mine = draft('New title', { birth_date: '14/03/1971' });
    await store.put(local('c1', mine));
    const s = await syncDrafts('u1', {
      serverDraft: async () => ({ draft: { title: 'Case', target_jurisdictions: ['eu'], content: { perpetrators: [{ id: 'p1', name: 'Ivan' }] } }, version: 3 }),
    });
    expect(s.review).toEqual([{ caseId: 'c1', title: 'New title', reason: 'refused' }]);
    expect(puts).toHaveLength(2);
    // The second PUT is the draft without the refused value.
    expect(puts[1]?.body.title).toBe('New title');
    expect(puts[1]?.body.content.perpetrators?.[0]).toEqual({ id: 'p1', name: 'Ivan Petrov' });
    // The person's version is kept whole, on the version the valid values were saved as.
    expect(await store.get('u1', 'c1')).toMatchObject({ draft: mine, baseVersion: 4, review: 'refused' });
  });

  it('no answer (offline): the draft stays as it was, for the next time the connection is back', async () => {
    stubApi([], { offline: true });
    await store.put(local('c1', draft('Typed offline')));
    const s = await syncDrafts('u1');
    expect(s).toEqual({ synced: 0, review: [], failed: 1 });
    expect(await store.get('u1', 'c1')).toEqual(local('c1', draft('Typed offline')));
  });

  it('leaves a case whose editor is open to the editor', async () => {
    const puts: Put[] = [];
    stubApi(puts);
    await store.put(local('c1', draft('Open in the editor')));
    const claim = claimForEditing('u1', 'c1');
    expect((await syncDrafts('u1')).synced).toBe(0);
    expect(puts).toHaveLength(0);
    claim.release();
    expect((await syncDrafts('u1')).synced).toBe(1);
  });

  it('runs at start when online and whenever the connection comes back, never while offline', async () => {
    const puts: Put[] = [];
    stubApi(puts);
    const onLine = vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false);
    await store.put(local('c1', draft('Typed offline')));
    const stop = startDraftSync('u1', new QueryClient());
    await new Promise((r) => setTimeout(r, 20));
    expect(puts).toHaveLength(0);
    onLine.mockReturnValue(true);
    window.dispatchEvent(new Event('online'));
    await vi.waitFor(() => expect(syncStatus().synced).toBe(1));
    expect(puts).toHaveLength(1);
    expect(await store.list('u1')).toEqual([]);
    stop();
    expect(syncStatus()).toMatchObject({ synced: 0, review: [] });
  });
});
