import { expect, test } from '@playwright/test';

import { expectAccessible, invitationLink, navLinks, shot, signIn, unique, USERS } from './support';

test('an org admin invites a member, who accepts in a new browser and signs in', async ({ page, browser }) => {
  const email = `${unique('invitee')}@lantern.example`;
  const name = 'Ines Invitee';
  const password = 'correct horse battery staple';

  await signIn(page, USERS.lanternAdmin);
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Members' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Members of Lantern Rights Watch' })).toBeVisible();
  await expect(page.getByRole('cell', { name: 'admin@lantern.example' })).toBeVisible();

  const invitations = page.getByRole('region', { name: 'Invitations' });
  await invitations.getByLabel('E-mail address').fill(email);
  await invitations.getByLabel('Role').selectOption('researcher');
  await invitations.getByRole('button', { name: 'Send invitation' }).click();
  await expect(page.getByText(`Invitation sent to ${email}.`)).toBeVisible();
  const row = invitations.getByRole('row').filter({ hasText: email });
  await expect(row).toContainText('Pending');
  await expectAccessible(page, 'members');
  await shot(page, 'members');

  const link = await invitationLink(email);
  expect(link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/invitations\/accept#token=/);

  const guest = await browser.newContext();
  const g = await guest.newPage();
  await g.goto(link);
  await expect(g.getByRole('heading', { level: 1, name: 'Accept an invitation' })).toBeVisible();
  await expect(g.getByText('Lantern Rights Watch')).toBeVisible();
  await expect(g.getByText(email)).toBeVisible();
  // The token does not stay in the address bar.
  expect(new URL(g.url()).hash).toBe('');
  await expectAccessible(g, 'accept invitation');
  await shot(g, 'accept-invitation');

  await g.getByLabel('Your name').fill(name);
  await g.getByLabel('Choose a password').fill(password);
  await g.getByLabel('Repeat the password').fill('something else entirely');
  await g.getByRole('button', { name: 'Create my account' }).click();
  await expect(g.getByRole('alert')).toContainText('The two passwords are not the same.');
  await g.getByLabel('Repeat the password').fill(password);
  await g.getByRole('button', { name: 'Create my account' }).click();

  await expect(g).toHaveURL(/\/signin$/);
  await expect(g.getByText('Your account is ready.')).toBeVisible();
  await expect(g.getByLabel('E-mail address')).toHaveValue(email);
  await g.getByLabel('Password', { exact: true }).fill(password);
  await g.getByRole('button', { name: 'Sign in' }).click();
  await expect(g.getByRole('heading', { level: 1, name: `Welcome, ${name}` })).toBeVisible();
  expect(await navLinks(g)).toEqual(['Home', 'Cases', 'Packages', 'Analytics', 'Security']);

  // The same link cannot be used twice.
  const again = await browser.newContext();
  const a = await again.newPage();
  await a.goto(link);
  await expect(a.getByRole('alert')).toContainText('This invitation cannot be used');
  await shot(a, 'accept-invitation-used');
  await again.close();
  await guest.close();

  // Back with the admin: the invitation is accepted, the member listed; change the role.
  await page.reload();
  await expect(invitations.getByRole('row').filter({ hasText: email })).toContainText('Accepted');
  const members = page.getByRole('region', { name: 'Current members' });
  await members.getByLabel(`Role of ${name}`, { exact: true }).selectOption('org_admin');
  await members.getByRole('button', { name: `Save the role of ${name}` }).click();
  await expect(page.getByText(`${name} is now Organisation admin.`)).toBeVisible();
  await expect(members.getByLabel(`Role of ${name}`, { exact: true })).toHaveValue('org_admin');

  // …and remove them, confirming in the dialog.
  await members.getByRole('button', { name: `Remove ${name}` }).click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText(`Remove ${name} from the organisation?`);
  await shot(page, 'members-remove-dialog');
  await expectAccessible(page, 'remove dialog');
  await dialog.getByRole('button', { name: 'Remove' }).click();
  await expect(page.getByText(`${name} has been removed.`)).toBeVisible();
  await expect(members.getByRole('cell', { name: email })).toHaveCount(0);
});

test('an org admin revokes a pending invitation', async ({ page }) => {
  const email = `${unique('revoked')}@lantern.example`;
  await signIn(page, USERS.lanternAdmin);
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Members' }).click();
  const invitations = page.getByRole('region', { name: 'Invitations' });
  await invitations.getByLabel('E-mail address').fill(email);
  await invitations.getByRole('button', { name: 'Send invitation' }).click();
  const row = invitations.getByRole('row').filter({ hasText: email });
  await expect(row).toContainText('Pending');
  await row.getByRole('button', { name: `Revoke the invitation for ${email}` }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Revoke' }).click();
  await expect(row).toContainText('Revoked');

  const link = await invitationLink(email);
  await page.goto(link);
  await expect(page.getByRole('alert')).toContainText('not valid, has expired or has already been used');
});

test('an invitation link without a token explains itself', async ({ page }) => {
  await page.goto('/invitations/accept');
  await expect(page.getByRole('alert')).toContainText('This link has no invitation in it.');
  await expectAccessible(page, 'accept invitation without token');
});
