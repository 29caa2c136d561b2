import { expect, test } from '@playwright/test';

import { expectAccessible, shot, signIn, unique, USERS } from './support';

test('the coalition admin verifies the audit chain and reads recent events', async ({ page }) => {
  await signIn(page, USERS.coalitionAdmin);
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Audit log' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Audit log' })).toBeVisible();
  const events = page.getByRole('region', { name: 'Events, newest first' });
  await expect(events.getByRole('cell', { name: 'auth.login' }).first()).toBeVisible();

  await page.getByRole('button', { name: 'Verify audit chain' }).click();
  const status = page.getByRole('status').filter({ hasText: 'The chain is intact.' });
  await expect(status).toBeVisible();
  await expect(status).toContainText(/Events checked: \d+/);
  await expect(status.locator('code.hash')).toHaveText(/^[0-9a-f]{64}$/);
  await expectAccessible(page, 'audit');
  await shot(page, 'audit');
});

test('the coalition admin adds an organisation and opens its members', async ({ page }) => {
  const name = unique('Harbour Voices');
  await signIn(page, USERS.coalitionAdmin);
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Organisations' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Organisations' })).toBeVisible();
  const form = page.getByRole('region', { name: 'Add an organisation' });
  await form.getByLabel('Name').fill(name);
  await form.getByLabel('Country').fill('ke');
  await form.getByLabel('E-mail domains for single sign-on').fill('harbour.example');
  await form.getByRole('button', { name: 'Add organisation' }).click();
  await expect(page.getByText(`${name} has been added.`)).toBeVisible();
  const row = page.getByRole('row').filter({ hasText: name });
  await expect(row).toContainText('NGO');
  await expect(row).toContainText('KE');

  await form.getByLabel('Name').fill(name);
  await form.getByRole('button', { name: 'Add organisation' }).click();
  await expect(form.getByRole('alert')).toContainText('already exists');
  await expectAccessible(page, 'organisations');
  await shot(page, 'organisations');

  await page.getByRole('link', { name: 'Members of Open Ledger Initiative' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Members of Open Ledger Initiative' })).toBeVisible();
  await expect(page.getByRole('cell', { name: 'researcher@ledger.example' })).toBeVisible();
});
