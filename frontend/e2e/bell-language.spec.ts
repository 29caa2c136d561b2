import { expect, test } from '@playwright/test';

import { personPage } from './story-helpers';
import { expectAccessible, shot, USERS } from './support';

// Issue #15, i18n: the bell words each notification in the reader's language from the codes and
// values the server keeps with it (layout/notificationWords.ts), not the server's English text.

test('the bell speaks the chosen language: headings, jurisdictions and submission states in words', async ({ browser }) => {
  const page = await personPage(browser, USERS.lanternResearcher);
  await page.goto('/');
  await page.getByLabel('Language').selectOption('fr');
  const bell = page.getByTestId('bell');
  await bell.click();
  const panel = page.getByRole('region', { name: 'Notifications' });
  await expect(panel.getByTestId('notification').first()).toBeVisible();
  const text = await panel.innerText();
  expect(text).toContain('Suivi de l’envoi pour');
  expect(text).toMatch(/(États-Unis|Royaume-Uni|Canada|Union européenne) : /);
  // No status code or English heading left for notifications made with their values (the demo's).
  expect(text).not.toMatch(/under_consideration|no_response|Submission update for|Status: /);
  await expectAccessible(page, 'bell in French');
  await shot(page, 'bell-fr');

  await page.getByLabel('Langue').selectOption('ar');
  await page.reload(); // the choice is kept; the panel starts closed
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await bell.click();
  const ar = page.getByRole('region', { name: 'الإشعارات' });
  await expect(ar.getByTestId('notification').first()).toBeVisible();
  expect(await ar.innerText()).toContain('مستجدات الإرسال');
  await shot(page, 'bell-ar');
  await page.context().close();
});
