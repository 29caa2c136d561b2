import { expect, test } from '@playwright/test';

import { expectAccessible, navLinks, shot, signIn, USERS } from './support';

const EXPECTED: [string, string, string[]][] = [
  ['researcher', USERS.lanternResearcher, ['Home', 'Cases', 'Packages', 'Analytics', 'Security']],
  ['org-admin', USERS.lanternAdmin, ['Home', 'Cases', 'Packages', 'Analytics', 'Members', 'API tokens', 'Webhooks', 'Security']],
  ['coordinator', USERS.coordinator, ['Home', 'Cases', 'Review queue', 'Packages', 'Analytics', 'Security']],
  ['coalition-admin', USERS.coalitionAdmin, ['Home', 'Cases', 'Packages', 'Analytics', 'Members', 'API tokens', 'Organisations', 'Webhooks', 'Audit log', 'Security']],
];

test('the sign-in page shows the API problem detail on a wrong password', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/signin$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
  await expectAccessible(page, 'sign-in');
  await shot(page, 'signin');
  await page.getByLabel('E-mail address').fill(USERS.lanternResearcher);
  await page.getByLabel('Password', { exact: true }).fill('not-the-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  const alert = page.getByRole('alert');
  await expect(alert).toContainText('Sign-in failed');
  await expect(alert).toContainText('The e-mail address or password is not correct');
  await expectAccessible(page, 'sign-in with error');
  await shot(page, 'signin-error');
});

for (const [slug, email, nav] of EXPECTED) {
  test(`${slug} sees the navigation of the role`, async ({ page }) => {
    // The backend's CSP forbids inline scripts and eval: the app must run without tripping it.
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text())) problems.push(m.text());
    });
    await signIn(page, email);
    expect(await navLinks(page)).toEqual(nav);
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Welcome');
    await expectAccessible(page, `home (${slug})`);
    await shot(page, `home-${slug}`);

    // Every section of the navigation leads to a screen with a heading (phase 2 fills them in).
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Cases' }).click();
    await expect(page).toHaveURL(/\/cases$/);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    expect(problems).toEqual([]);
  });
}

test('a deep link survives sign-in, and sign-out ends the session', async ({ page }) => {
  await page.goto('/tokens');
  await expect(page).toHaveURL(/\/signin\?next=%2Ftokens$/);
  await page.getByLabel('E-mail address').fill(USERS.lanternAdmin);
  await page.getByLabel('Password', { exact: true }).fill('demo-password-2026');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'API tokens' })).toBeVisible();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByText('You have signed out.')).toBeVisible();
  await page.goto('/tokens');
  await expect(page).toHaveURL(/\/signin/);
});

test('a role without a screen gets a graceful refusal', async ({ page }) => {
  await signIn(page, USERS.lanternResearcher);
  await page.goto('/admin/audit');
  await expect(page.getByRole('heading', { level: 1, name: 'Not available' })).toBeVisible();
  await page.goto('/no/such/page');
  await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
  await expectAccessible(page, 'not found');
});
