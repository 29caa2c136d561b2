import { expect, test, type Page } from '@playwright/test';

import { personPage, textFile } from './story-helpers';
import { expectAccessible, shot, unique, USERS } from './support';

// Issue #15 item 2: offline drafting with the service worker of the production build (src/sw.ts).

async function csrf(page: Page): Promise<Record<string, string>> {
  const token = (await page.context().cookies()).find((c) => c.name === 'portal_csrf')?.value ?? '';
  return { 'X-CSRF-Token': token };
}

async function serverCase(page: Page, caseId: string): Promise<{ content: Record<string, any>; version: number; title: string; target_jurisdictions: string[] }> {
  const r = await page.request.get(`/api/v1/cases/${caseId}`);
  expect(r.ok()).toBe(true);
  return r.json();
}

/** The worker controls the page and holds an (encrypted) copy of this case for offline use. */
async function keptForOffline(page: Page, caseId: string): Promise<void> {
  await page.waitForFunction(() => navigator.serviceWorker?.controller !== null, undefined, { timeout: 20_000 });
  await expect
    .poll(() => page.evaluate(async (id) => !!(await (await caches.open('portal-api-v1')).match(`/api/v1/cases/${id}`)), caseId), { timeout: 15_000 })
    .toBe(true);
}

test('offline: edit a draft and queue an upload, reload offline, back online both sync; a 412 shows both versions', async ({ browser }) => {
  test.setTimeout(180_000);
  const page = await personPage(browser, USERS.lanternResearcher);
  const context = page.context();
  page.on('dialog', (d) => void d.accept()); // reloading with unsent edits asks first (beforeunload)

  await page.goto('/cases');
  await page.getByLabel('Title of the new case file').fill(unique('Offline draft'));
  await page.getByRole('button', { name: 'New case file' }).click();
  await expect(page).toHaveURL(/\/cases\/[\w-]+$/);
  const caseId = page.url().split('/').pop()!;
  // The manifest makes it installable.
  const manifest = await page.request.get('/manifest.webmanifest');
  expect(manifest.ok()).toBe(true);
  expect((await manifest.json()).display).toBe('standalone');
  await keptForOffline(page, caseId);
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'online');

  // ---- offline: edit, and queue a file ---------------------------------------------------------
  await context.setOffline(true);
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'offline');
  await page.locator('#f-exculpatory_information').fill('Written while offline.');
  await expect(page.getByTestId('save-state')).toHaveText('Offline: changes kept on this device');
  await expect(page.getByTestId('offline-notice')).toBeVisible();
  const file = textFile('offline-statement.txt', 20_000, 'offline');
  await page.locator('#ev-files').setInputFiles([file]);
  const queued = page.getByTestId('queued-upload');
  await expect(queued).toHaveAttribute('data-state', 'queued');
  await expect(queued).toContainText('offline-statement.txt');
  await expect(page.getByTestId('connection')).toContainText('Offline');
  await shot(page, 'offline-1-indicator');
  await expectAccessible(page, 'editor offline with a queued upload');

  // What is kept on this device is ciphertext: the typed text is nowhere in IndexedDB in clear.
  const clear = await page.evaluate(async () => {
    const dump = (name: string, store: string) =>
      new Promise<string>((resolve) => {
        const r = indexedDB.open(name);
        r.onsuccess = () => {
          const q = r.result.transaction(store, 'readonly').objectStore(store).getAll();
          q.onsuccess = () => {
            const parts: string[] = [];
            const walk = (v: unknown) => {
              if (v instanceof ArrayBuffer) parts.push(new TextDecoder('latin1').decode(v));
              else if (ArrayBuffer.isView(v)) parts.push(new TextDecoder('latin1').decode(v as Uint8Array));
              else if (typeof v === 'string') parts.push(v);
              else if (v && typeof v === 'object' && !(v instanceof CryptoKey)) Object.values(v).forEach(walk);
            };
            walk(q.result);
            resolve(parts.join('\n'));
          };
        };
      });
    return (await dump('portal-drafts', 'drafts')) + (await dump('portal-offline', 'uploads'));
  });
  expect(clear).not.toContain('Written while offline');
  expect(clear).not.toContain('offline-statement');
  expect(clear).not.toContain('Witness statement offline');

  // ---- reload while offline: the app still opens, with the draft and the queue ---------------
  await page.reload();
  await expect(page.getByTestId('restored-notice')).toContainText('Restored unsaved changes from');
  await expect(page.locator('#f-exculpatory_information')).toHaveValue('Written while offline.');
  await expect(page.getByTestId('queued-upload')).toContainText('offline-statement.txt');
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'offline');
  await shot(page, 'offline-2-reloaded-offline');

  // ---- back online: both sync ---------------------------------------------------------------
  await context.setOffline(false);
  await expect(page.getByTestId('save-state')).toHaveText('All changes saved', { timeout: 20_000 });
  await expect(page.getByTestId('queued-upload')).toHaveCount(0, { timeout: 20_000 });
  await expect(page.getByTestId('evidence').filter({ hasText: 'offline-statement.txt' })).toBeVisible({ timeout: 15_000 });
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'online');
  expect((await serverCase(page, caseId)).content.exculpatory_information).toBe('Written while offline.');
  const evidence = await (await page.request.get(`/api/v1/cases/${caseId}/evidence`)).json();
  expect(evidence.items.map((e: { original_filename: string }) => e.original_filename)).toContain('offline-statement.txt');

  // ---- a conflict: edited offline here, changed on the server meanwhile ------------------------
  await keptForOffline(page, caseId);
  await context.setOffline(true);
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'offline');
  await page.locator('#f-exculpatory_information').fill('Mine, typed offline.');
  await expect(page.getByTestId('save-state')).toHaveText('Offline: changes kept on this device');
  // Meanwhile, from another device (its own session), the same case is saved on the server.
  const other = await personPage(browser, USERS.lanternResearcher);
  const current = await serverCase(other, caseId);
  const put = await other.request.put(`/api/v1/cases/${caseId}`, {
    headers: { ...(await csrf(other)), 'If-Match': `"${current.version}"` },
    data: { title: current.title, target_jurisdictions: current.target_jurisdictions, content: { ...current.content, exculpatory_information: 'Theirs, saved on another device.' } },
  });
  expect(put.status()).toBe(200);
  await other.context().close();

  await context.setOffline(false);
  const dialog = page.getByRole('alertdialog', { name: 'The server has a newer version' });
  await expect(dialog).toBeVisible({ timeout: 20_000 });
  await expect(dialog.getByTestId('conflict-mine')).toContainText('Mine, typed offline.');
  await expect(dialog.getByTestId('conflict-theirs')).toContainText('Theirs, saved on another device.');
  await shot(page, 'offline-3-conflict');
  await expectAccessible(page, 'conflict: both versions');
  await dialog.getByRole('button', { name: 'Keep my version' }).click();
  await expect(page.getByTestId('save-state')).toHaveText('All changes saved', { timeout: 15_000 });
  expect((await serverCase(page, caseId)).content.exculpatory_information).toBe('Mine, typed offline.');

  // ---- sign-out wipes what was kept, and the key ----------------------------------------------
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/signin/);
  const left = await page.evaluate(async () => {
    const count = (name: string, store: string) =>
      new Promise<number>((resolve) => {
        const r = indexedDB.open(name);
        r.onsuccess = () => {
          const q = r.result.transaction(store, 'readonly').objectStore(store).count();
          q.onsuccess = () => resolve(q.result);
        };
      });
    return { session: await count('portal-offline', 'session'), cached: (await caches.keys()).includes('portal-api-v1') };
  });
  expect(left).toEqual({ session: 0, cached: false });
  await context.close();
});

test('Arabic: the offline indicator reads right to left', async ({ browser }) => {
  test.setTimeout(90_000);
  const page = await personPage(browser, USERS.lanternResearcher);
  await page.goto('/cases');
  await page.getByLabel('Language').selectOption('ar');
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await page.context().setOffline(true);
  await expect(page.getByTestId('connection')).toHaveText(/غير متصل/);
  await shot(page, 'offline-4-indicator-ar');
  await expectAccessible(page, 'offline indicator in Arabic');
  await page.context().setOffline(false);
  await expect(page.getByTestId('connection')).toHaveText(/متصل/);
  await page.context().close();
});
