import { expect, test } from '@playwright/test';

import { expectAccessible, shot, signIn, unique, USERS } from './support';

test('an org admin creates an API token, sees it once, and revokes it', async ({ page, context, baseURL }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseURL });
  const name = unique('ci-export');
  await signIn(page, USERS.lanternAdmin);
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'API tokens' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'API tokens' })).toBeVisible();
  await expectAccessible(page, 'tokens');

  const form = page.getByRole('region', { name: 'Create a token' });
  await form.getByRole('button', { name: 'Create token' }).click();
  await expect(form.getByRole('alert')).toContainText('Give the token a name.');
  await form.getByLabel('Name').fill(name);
  await form.getByRole('checkbox', { name: /cases:read/ }).check();
  await form.getByLabel('Valid for (days)').fill('30');
  await form.getByRole('button', { name: 'Create token' }).click();

  const panel = page.getByRole('region', { name: `Token “${name}” created` });
  await expect(panel).toBeVisible();
  await expect(panel).toContainText('It is shown only once');
  const value = await panel.getByLabel('Token').inputValue();
  expect(value.length).toBeGreaterThan(20);
  await panel.getByRole('button', { name: 'Copy token' }).click();
  await expect(panel.getByText('Copied to the clipboard.')).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(value);
  await expectAccessible(page, 'new token');
  await shot(page, 'token-created');

  // The token works against the API…
  const asToken = () => page.request.get('/api/v1/me', { headers: { Authorization: `Bearer ${value}` } });
  await expect.poll(async () => (await asToken()).status()).toBe(200);
  expect((await (await asToken()).json()).auth).toBe('token');

  // …and is never shown again.
  await panel.getByRole('button', { name: 'I have stored it' }).click();
  await expect(panel).toHaveCount(0);
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'API tokens' })).toBeVisible();
  expect(await page.content()).not.toContain(value);
  const row = page.getByRole('row').filter({ hasText: name });
  await expect(row).toContainText('Active');
  const prefix = (await row.locator('code').first().innerText()).replace('…', '');
  expect(prefix.length).toBeGreaterThan(3);
  expect(value).toContain(prefix);
  await shot(page, 'tokens');

  await row.getByRole('button', { name: `Revoke the token ${name}` }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Revoke' }).click();
  await expect(row).toContainText('Revoked');
  await expect.poll(async () => (await asToken()).status()).toBe(401);
});

test('only scopes within the role are offered, and the API refuses the others', async ({ page }) => {
  await signIn(page, USERS.lanternAdmin);
  await page.goto('/tokens');
  const form = page.getByRole('region', { name: 'Create a token' });
  await expect(form.getByRole('checkbox', { name: /cases:read/ })).toBeVisible();
  await expect(form.getByRole('checkbox', { name: /audit:read/ })).toHaveCount(0);
  await expect(form.getByRole('checkbox', { name: /review/ })).toHaveCount(0);
  // The UI offering less is a courtesy: the API is what refuses.
  const refused = await page.request.post('/api/v1/tokens', {
    data: { name: unique('too-much'), scopes: ['audit:read'] },
    headers: { 'X-CSRF-Token': (await page.context().cookies()).find((c) => c.name === 'portal_csrf')?.value ?? '' },
  });
  expect(refused.status()).toBe(422);
  expect(await refused.text()).toContain('audit:read');
});
