import { expect, test, type Browser } from '@playwright/test';

import { expectAccessible, invitationLink, outbox, shot, signIn, unique, USERS } from './support';

/** A member of our own (by invitation), so no shared demo account's password changes. */
async function invitedMember(browser: Browser, email: string, name: string, password: string): Promise<void> {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await signIn(page, USERS.lanternAdmin);
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Members' }).click();
  const invitations = page.getByRole('region', { name: 'Invitations' });
  await invitations.getByLabel('E-mail address').fill(email);
  await invitations.getByLabel('Role').selectOption('researcher');
  await invitations.getByRole('button', { name: 'Send invitation' }).click();
  await expect(page.getByText(`Invitation sent to ${email}.`)).toBeVisible();
  await ctx.close();

  const guest = await browser.newContext();
  const g = await guest.newPage();
  await g.goto(await invitationLink(email));
  await g.getByLabel('Your name').fill(name);
  await g.getByLabel('Choose a password').fill(password);
  await g.getByLabel('Repeat the password').fill(password);
  await g.getByRole('button', { name: 'Create my account' }).click();
  await expect(g).toHaveURL(/\/signin$/);
  await guest.close();
}

/** Waits for the reset e-mail to `email` and returns the link in it. */
async function resetLink(email: string): Promise<string> {
  let link = '';
  await expect
    .poll(
      () => {
        const mail = outbox().find((m) => m.to.toLowerCase() === email.toLowerCase() && m.subject.startsWith('Choose a new password'));
        link = /https?:\/\/\S+\/reset-password#token=[\w-]+/.exec(mail?.body ?? '')?.[0] ?? '';
        return link;
      },
      { message: `password-reset e-mail to ${email}`, timeout: 10_000 },
    )
    .not.toBe('');
  return link;
}

test('a member who forgot the password resets it from the mailed link, then signs in with the new one', async ({ page, browser }) => {
  const email = `${unique('forgetful')}@lantern.example`;
  const name = 'Fern Forgetful';
  const oldPassword = 'first password of fern 2026';
  const newPassword = 'second password of fern 2026';
  await invitedMember(browser, email, name, oldPassword);

  // From the sign-in page: "Forgot your password?"
  await page.goto('/signin');
  await page.getByLabel('E-mail address').fill(email);
  await page.getByRole('link', { name: 'Forgot your password?' }).click();
  await expect(page).toHaveURL(/\/forgot-password$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Reset your password' })).toBeVisible();
  await expect(page.getByLabel('E-mail address')).toHaveValue(email);
  await expectAccessible(page, 'forgot password');
  await shot(page, 'forgot-password');
  await page.getByRole('button', { name: 'Send the link' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Check your mailbox' })).toBeVisible();
  await expect(page.getByRole('status')).toContainText('If an account exists for that address, we have sent a link');
  await expectAccessible(page, 'forgot password sent');
  await shot(page, 'forgot-password-sent');

  // An unknown address gets the very same screen (and no mail).
  const other = await browser.newContext();
  const o = await other.newPage();
  await o.goto('/forgot-password');
  await o.getByLabel('E-mail address').fill(`${unique('nobody')}@lantern.example`);
  await o.getByRole('button', { name: 'Send the link' }).click();
  await expect(o.getByRole('status')).toContainText('If an account exists for that address, we have sent a link');
  await other.close();

  const link = await resetLink(email);
  const guest = await browser.newContext();
  const g = await guest.newPage();
  await g.goto(link);
  await expect(g.getByRole('heading', { level: 1, name: 'Choose a new password' })).toBeVisible();
  expect(new URL(g.url()).hash).toBe(''); // the token leaves the address bar
  await expectAccessible(g, 'reset password');
  await shot(g, 'reset-password');

  // Errors are named at their field.
  await g.getByLabel('New password', { exact: true }).fill('short');
  await g.getByRole('button', { name: 'Set the new password' }).click();
  await expect(g.getByLabel('New password', { exact: true })).toHaveAccessibleDescription(/at least 12 characters long/);
  await g.getByLabel('New password', { exact: true }).fill(newPassword);
  await g.getByLabel('New password again').fill('not the same at all 2026');
  await g.getByRole('button', { name: 'Set the new password' }).click();
  await expect(g.getByLabel('New password again')).toHaveAccessibleDescription('The two passwords are not the same.');
  await expectAccessible(g, 'reset password errors');
  await shot(g, 'reset-password-errors');

  await g.getByLabel('New password again').fill(newPassword);
  await g.getByRole('button', { name: 'Set the new password' }).click();
  await expect(g.getByRole('status')).toContainText('Your password has been changed');
  await expectAccessible(g, 'reset password done');
  await shot(g, 'reset-password-done');
  await g.getByRole('link', { name: 'Go to sign-in' }).click();
  await expect(g).toHaveURL(/\/signin$/);
  await g.getByLabel('E-mail address').fill(email);
  await g.getByLabel('Password', { exact: true }).fill(newPassword);
  await g.getByRole('button', { name: 'Sign in' }).click();
  await expect(g.getByRole('heading', { level: 1, name: `Welcome, ${name}` })).toBeVisible();
  await guest.close();

  // The old password no longer works; the used link is refused.
  const late = await browser.newContext();
  const l = await late.newPage();
  await l.goto('/signin');
  await l.getByLabel('E-mail address').fill(email);
  await l.getByLabel('Password', { exact: true }).fill(oldPassword);
  await l.getByRole('button', { name: 'Sign in' }).click();
  await expect(l.getByRole('alert')).toContainText('The e-mail address or password is not correct');
  await l.goto(link);
  await l.getByLabel('New password', { exact: true }).fill('a third password 2026');
  await l.getByLabel('New password again').fill('a third password 2026');
  await l.getByRole('button', { name: 'Set the new password' }).click();
  await expect(l.getByRole('alert').first()).toContainText('expired or has already been used');
  await expect(l.getByRole('link', { name: 'Request a new link' })).toBeVisible();
  await shot(l, 'reset-password-used');
  await late.close();
});

test('the reset screens in Arabic read right to left', async ({ browser }) => {
  const ctx = await browser.newContext({ locale: 'ar' });
  const page = await ctx.newPage();
  await page.addInitScript(() => window.localStorage.setItem('portal.language', 'ar'));
  await page.goto('/forgot-password');
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(page.getByRole('heading', { level: 1, name: 'إعادة تعيين كلمة المرور' })).toBeVisible();
  await expectAccessible(page, 'forgot password (ar)');
  await shot(page, 'forgot-password-ar');
  await page.goto('/reset-password');
  await expect(page.getByRole('alert')).toContainText('تحتاج هذه الصفحة إلى الرابط');
  await shot(page, 'reset-password-no-token-ar');
  await ctx.close();
});
