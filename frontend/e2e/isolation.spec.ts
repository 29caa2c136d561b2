import { expect, test, type Browser } from '@playwright/test';

import { expectAccessible, shot, signIn, USERS } from './support';

async function lanternOrgId(browser: Browser): Promise<string> {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await signIn(page, USERS.lanternAdmin);
  const me = await (await page.request.get('/api/v1/me')).json();
  await ctx.close();
  return me.organization.id as string;
}

test("NGO B never sees NGO A's members", async ({ page, browser }) => {
  const lantern = await lanternOrgId(browser);

  // A researcher of NGO B: no such screen for the role, and the API refuses too.
  await signIn(page, USERS.ledgerResearcher);
  await page.goto(`/orgs/${lantern}/members`);
  await expect(page.getByRole('heading', { level: 1, name: 'Not available' })).toBeVisible();
  await expect(page.getByText('Rafael Researcher')).toHaveCount(0);
  const api = await page.request.get(`/api/v1/orgs/${lantern}/members`);
  expect([403, 404]).toContain(api.status());
  expect(await api.text()).not.toContain('lantern.example');
  await shot(page, 'isolation-researcher');

  // The admin of NGO B may manage members, but NGO A does not exist for them: a 404, shown gracefully.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await signIn(page, USERS.ledgerAdmin);
  const responses: number[] = [];
  page.on('response', (r) => {
    if (r.url().includes(`/api/v1/orgs/${lantern}`)) responses.push(r.status());
  });
  await page.goto(`/orgs/${lantern}/members`);
  await expect(page.getByRole('alert')).toContainText('This page does not exist or you do not have access to it.');
  expect(responses).toContain(404);
  await expect(page.getByText('lantern.example')).toHaveCount(0);
  await expect(page.getByText('Lantern Rights Watch')).toHaveCount(0);
  await expectAccessible(page, 'not available');
  await shot(page, 'isolation-org-admin');
});
