import { readFileSync } from 'node:fs';

import { expect, test } from '@playwright/test';

import { expectAccessible, shot, signIn, unique, USERS } from './support';

test('the audit log names people, filters by kind and person, pages back and exports CSV', async ({ page }) => {
  await signIn(page, USERS.coalitionAdmin);
  await page.goto('/admin/audit');
  const events = page.getByRole('region', { name: 'Events, newest first' });
  // Names, not ids: the coalition admin's own sign-in is there under their name.
  await expect(events.getByRole('row').filter({ hasText: 'auth.login' }).first()).toContainText('Sign-in and sessions');

  const filters = page.getByRole('region', { name: 'Filter the trail' });
  await filters.getByLabel('Kind of action').selectOption({ label: 'Sign-in and sessions' });
  await filters.getByLabel('Person').fill('admin@coalition');
  await filters.getByRole('button', { name: 'Apply filters' }).click();
  await expect(page).toHaveURL(/action=auth\.&actor=admin%40coalition/);
  const rows = events.getByRole('row').filter({ hasText: 'auth.' });
  await expect(rows.first()).toBeVisible();
  for (const text of await rows.allInnerTexts()) expect(text).toContain('auth.');

  // The filtered view survives a reload (filters in the URL).
  await page.reload();
  await expect(page.getByRole('region', { name: 'Filter the trail' }).getByLabel('Person')).toHaveValue('admin@coalition');

  const download = page.waitForEvent('download');
  await events.getByRole('link', { name: 'Export as CSV' }).click();
  const file = await (await download).path();
  const csv = readFileSync(file, 'utf8').trim().split(/\r?\n/);
  expect(csv[0]).toContain('seq,at,action,actor');
  expect(csv.length).toBeGreaterThan(1);
  for (const line of csv.slice(1)) expect(line).toMatch(/^\d+,[^,]+,auth\./);
  await expectAccessible(page, 'audit-filtered');
  await shot(page, 'audit-filtered');

  // Paging: clear the filters; with more than one page, older events load below.
  await page.getByRole('region', { name: 'Filter the trail' }).getByRole('button', { name: 'Clear' }).click();
  const older = events.getByRole('button', { name: 'Show older events' });
  if (await older.isVisible()) {
    const before = await events.getByRole('row').count();
    await older.click();
    await expect.poll(() => events.getByRole('row').count()).toBeGreaterThan(before);
  }
});

test('an organisation admin registers a webhook, sees its secret once, and deletes it', async ({ page }) => {
  const host = `https://${unique('hooks').toLowerCase().replace(/[^a-z0-9]+/g, '-')}.lantern.example/portal`;
  await signIn(page, USERS.lanternAdmin);
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Webhooks' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Webhooks' })).toBeVisible();

  const form = page.getByRole('region', { name: 'Register an endpoint' });
  await form.getByLabel('Receiving URL (https)').fill(host);
  await form.getByLabel(/A package was built/).check();
  await form.getByRole('button', { name: 'Register' }).click();
  const secret = page.getByTestId('webhook-secret');
  await expect(secret).toHaveText(/^whsec_/);
  await expectAccessible(page, 'webhooks-secret');
  await shot(page, 'webhooks-secret');
  await page.getByRole('button', { name: 'I have stored it' }).click();
  await expect(secret).toHaveCount(0);

  const row = page.getByRole('row').filter({ hasText: host });
  await expect(row).toContainText('A package was built');
  await row.getByRole('button', { name: 'Show deliveries' }).click();
  await expect(row.getByText('Nothing has been delivered yet.')).toBeVisible();
  await expectAccessible(page, 'webhooks');
  await shot(page, 'webhooks');

  await row.getByRole('button', { name: `Delete ${host}` }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByRole('row').filter({ hasText: host })).toHaveCount(0);

  // A bad address is refused with the server's reason, next to the form.
  await form.getByLabel('Receiving URL (https)').fill('https://127.0.0.1/hook');
  await form.getByRole('button', { name: 'Register' }).click();
  await expect(form.getByRole('alert')).toContainText(/private|loopback/i);
});
