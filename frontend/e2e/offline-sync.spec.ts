import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { expect, test, type Page } from '@playwright/test';

import { personPage } from './story-helpers';
import { expectAccessible, shot, unique, USERS } from './support';

// Issue #15, offline drafting: drafts kept on this device are sent in the background when the
// connection is back (features/offline/sync.ts), and the bell shows the last list kept here offline.

/** The worker controls the page and holds an (encrypted) copy of this path for offline use. */
async function keptForOffline(page: Page, path: string): Promise<void> {
  await page.waitForFunction(() => navigator.serviceWorker?.controller !== null, undefined, { timeout: 20_000 });
  await expect
    .poll(() => page.evaluate(async (p) => !!(await (await caches.open('portal-api-v1')).match(p)), path), { timeout: 15_000 })
    .toBe(true);
}

/** The top bar alone, readable at a glance (the full-page shot is long on the case list). */
async function topbarShot(page: Page, name: string): Promise<void> {
  await page.locator('header.topbar').screenshot({ path: join(dirname(fileURLToPath(import.meta.url)), '..', 'e2e-artifacts', `${name}.png`) });
}

/** How many drafts this device keeps (ciphertext, counted by record). */
function localDrafts(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        const r = indexedDB.open('portal-drafts');
        r.onsuccess = () => {
          const q = r.result.transaction('drafts', 'readonly').objectStore('drafts').count();
          q.onsuccess = () => {
            r.result.close();
            resolve(q.result);
          };
        };
      }),
  );
}

test('a draft edited offline reaches the server when the connection is back, without opening the case again', async ({ browser }) => {
  test.setTimeout(150_000);
  const page = await personPage(browser, USERS.lanternResearcher);
  const context = page.context();

  await page.goto('/cases');
  await page.getByLabel('Title of the new case file').fill(unique('Background sync'));
  await page.getByRole('button', { name: 'New case file' }).click();
  await expect(page).toHaveURL(/\/cases\/[\w-]+$/);
  const caseId = page.url().split('/').pop()!;
  await keptForOffline(page, `/api/v1/cases/${caseId}`);
  const before = await (await page.request.get(`/api/v1/cases/${caseId}`)).json();

  // ---- offline: edit, then leave the case for the list ----------------------------------------
  await context.setOffline(true);
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'offline');
  await page.locator('#f-exculpatory_information').fill('Typed offline, sent in the background.');
  await expect(page.getByTestId('save-state')).toHaveText('Offline: changes kept on this device');
  await expect.poll(() => localDrafts(page)).toBe(1);
  await page.getByRole('link', { name: 'All case files' }).click();
  await page.getByTestId('leave-dialog').getByRole('button', { name: 'Leave' }).click();
  await expect(page).toHaveURL(/\/cases$/);
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'offline');
  expect(await localDrafts(page)).toBe(1);

  // ---- back online, on the list: the draft is sent without the editor --------------------------
  await context.setOffline(false);
  await expect(page.getByTestId('sync-synced')).toHaveText('1 draft synchronised', { timeout: 20_000 });
  await expect(page).toHaveURL(/\/cases$/);
  await shot(page, 'offline-sync-1-synchronised');
  await topbarShot(page, 'offline-sync-1-synchronised-topbar');
  await expectAccessible(page, 'case list after the background sync');
  const after = await (await page.request.get(`/api/v1/cases/${caseId}`)).json();
  expect(after.content.exculpatory_information).toBe('Typed offline, sent in the background.');
  expect(after.version).toBeGreaterThan(before.version);
  expect(await localDrafts(page)).toBe(0);
  // The note goes after a while.
  await expect(page.getByTestId('sync-synced')).toBeHidden({ timeout: 15_000 });
  await context.close();
});

test('a draft whose case changed on the server meanwhile is kept here and marked for review, not sent over it', async ({ browser }) => {
  test.setTimeout(150_000);
  const page = await personPage(browser, USERS.lanternResearcher);
  const context = page.context();
  await page.goto('/cases');
  await page.getByLabel('Title of the new case file').fill(unique('Sync conflict'));
  await page.getByRole('button', { name: 'New case file' }).click();
  await expect(page).toHaveURL(/\/cases\/[\w-]+$/);
  const caseId = page.url().split('/').pop()!;
  await keptForOffline(page, `/api/v1/cases/${caseId}`);

  await context.setOffline(true);
  await page.locator('#f-exculpatory_information').fill('Mine, typed offline.');
  await expect(page.getByTestId('save-state')).toHaveText('Offline: changes kept on this device');
  await expect.poll(() => localDrafts(page)).toBe(1);
  await page.getByRole('link', { name: 'All case files' }).click();
  await page.getByTestId('leave-dialog').getByRole('button', { name: 'Leave' }).click();
  await expect(page).toHaveURL(/\/cases$/);

  // Meanwhile, from another device (its own session), the same case is saved on the server.
  const other = await personPage(browser, USERS.lanternResearcher);
  const current = await (await other.request.get(`/api/v1/cases/${caseId}`)).json();
  const csrf = (await other.context().cookies()).find((c) => c.name === 'portal_csrf')?.value ?? '';
  const put = await other.request.put(`/api/v1/cases/${caseId}`, {
    headers: { 'X-CSRF-Token': csrf, 'If-Match': `"${current.version}"` },
    data: { title: current.title, target_jurisdictions: current.target_jurisdictions, content: { ...current.content, exculpatory_information: 'Theirs, saved on another device.' } },
  });
  expect(put.status()).toBe(200);
  await other.context().close();

  await context.setOffline(false);
  const review = page.getByTestId('sync-review');
  await expect(review).toHaveText('1 draft needs your review', { timeout: 20_000 });
  await shot(page, 'offline-sync-2-needs-review');
  await topbarShot(page, 'offline-sync-2-needs-review-topbar');
  // The server kept their version; mine is still on this device.
  expect((await (await page.request.get(`/api/v1/cases/${caseId}`)).json()).content.exculpatory_information).toBe('Theirs, saved on another device.');
  expect(await localDrafts(page)).toBe(1);
  // The link opens the case with both versions side by side.
  await review.click();
  await expect(page).toHaveURL(new RegExp(`/cases/${caseId}$`));
  const dialog = page.getByRole('alertdialog', { name: 'The server has a newer version' });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId('conflict-mine')).toContainText('Mine, typed offline.');
  await expect(dialog.getByTestId('conflict-theirs')).toContainText('Theirs, saved on another device.');
  await dialog.getByRole('button', { name: 'Keep my version' }).click();
  await expect(page.getByTestId('save-state')).toHaveText('All changes saved', { timeout: 15_000 });
  expect((await (await page.request.get(`/api/v1/cases/${caseId}`)).json()).content.exculpatory_information).toBe('Mine, typed offline.');
  await page.getByRole('link', { name: 'All case files' }).click();
  await expect(page.getByTestId('sync-review')).toHaveCount(0);
  await context.close();
});

test('the bell offline shows the last list kept on this device, with when it was read, and does not poll', async ({ browser }) => {
  test.setTimeout(90_000);
  const page = await personPage(browser, USERS.lanternResearcher);
  const context = page.context();
  await page.goto('/cases');
  await page.waitForFunction(() => navigator.serviceWorker?.controller !== null, undefined, { timeout: 20_000 });
  await page.getByTestId('bell').click();
  const items = page.getByTestId('notification');
  await expect(items.first()).toBeVisible();
  const titles = await items.locator('.bell__title').allTextContents();
  expect(titles.length).toBeGreaterThan(0);
  await expect(page.getByTestId('bell-kept')).toHaveCount(0);
  // The copy is written once the list has been read with this person's key on the device.
  await expect
    .poll(() =>
      page.evaluate(
        () =>
          new Promise<boolean>((resolve) => {
            const r = indexedDB.open('portal-offline');
            r.onsuccess = () => {
              const q = r.result.transaction('session', 'readonly').objectStore('session').get('notifications');
              q.onsuccess = () => {
                r.result.close();
                resolve(!!q.result);
              };
            };
          }),
      ),
    )
    .toBe(true);
  await page.getByTestId('bell').click();

  // Offline, and reloaded (nothing left in memory): the list comes from this device.
  await context.setOffline(true);
  await page.reload();
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'offline');
  const asked: string[] = [];
  page.on('request', (r) => {
    if (new URL(r.url()).pathname === '/api/v1/notifications') asked.push(r.url());
  });
  await page.getByTestId('bell').click();
  await expect(page.getByTestId('bell-kept')).toContainText(/^Shown as of .+, offline$/);
  await expect(items).toHaveCount(titles.length);
  expect(await items.locator('.bell__title').allTextContents()).toEqual(titles);
  await shot(page, 'offline-sync-3-bell-offline');
  await page.screenshot({ path: join(dirname(fileURLToPath(import.meta.url)), '..', 'e2e-artifacts', 'offline-sync-3-bell-offline-viewport.png') });
  await expectAccessible(page, 'notifications offline');
  // No tight loop while offline: the list is not asked for again.
  await page.waitForTimeout(4_000);
  expect(asked.length).toBeLessThanOrEqual(1);

  // Back online: read afresh, the note goes.
  await context.setOffline(false);
  await expect(page.getByTestId('bell-kept')).toHaveCount(0, { timeout: 15_000 });
  await expect(items.first()).toBeVisible();
  await context.close();
});
