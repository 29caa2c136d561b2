import { expect, test } from '@playwright/test';

import { expectAccessible, PASSWORD, shot, signIn, totp } from './support';

// A demo account no other spec signs in with: turning its second factor on changes its sign-in.
const EMAIL = 'coordinator.c@coalition.example';

test('a person turns on two-factor authentication, then signs in with a code', async ({ page }) => {
  await signIn(page, EMAIL);
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Security' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Security' })).toBeVisible();
  await expect(page.getByText('Off', { exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Set up an authenticator app' }).click();
  await page.getByRole('button', { name: 'Start' }).click();
  await expect(page.getByRole('img', { name: 'QR code for your authenticator app' })).toBeVisible();
  const secret = await page.getByLabel('Key for typing in').inputValue();
  expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
  await expectAccessible(page, 'two-factor enrolment');
  await shot(page, 'mfa-enrol');

  await page.getByLabel('The six-digit code your app now shows').fill('000000');
  await page.getByRole('button', { name: 'Turn on two-factor authentication' }).click();
  await expect(page.getByRole('alert')).toContainText('The code was not accepted');
  await page.getByLabel('The six-digit code your app now shows').fill(totp(secret));
  await page.getByRole('button', { name: 'Turn on two-factor authentication' }).click();
  const codes = page.getByRole('region', { name: 'Two-factor authentication is on' });
  await expect(codes).toBeVisible();
  await expect(codes.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem')).toHaveCount(10);
  await expectAccessible(page, 'recovery codes');
  await shot(page, 'mfa-recovery-codes');
  await codes.getByRole('button', { name: 'I have stored them' }).click();
  await expect(page.getByText('On', { exact: true })).toBeVisible();

  // Next sign-in: the password is not enough.
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByLabel('E-mail address').fill(EMAIL);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Verification code' })).toBeVisible();
  await expectAccessible(page, 'sign-in code step');
  await shot(page, 'signin-mfa');
  const code = page.getByLabel('Code from your authenticator app, or a recovery code');
  await code.fill('123456');
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByRole('alert')).toContainText('Verification failed');
  // The step after the one used to confirm: inside the accepted window, and never a replay.
  await code.fill(totp(secret, 1));
  await page.getByRole('button', { name: 'Verify' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Welcome, Cyrus Coordinator' })).toBeVisible();
});
