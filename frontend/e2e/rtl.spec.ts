import { expect, test } from '@playwright/test';

import { expectAccessible, PASSWORD, shot, USERS } from './support';

test('Arabic renders right-to-left, from sign-in to the shell', async ({ page }) => {
  await page.goto('/signin');
  await page.getByLabel('Language').selectOption('ar');
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(page.locator('html')).toHaveAttribute('lang', 'ar');
  await expect(page.getByRole('heading', { level: 1, name: 'تسجيل الدخول' })).toBeVisible();
  await expectAccessible(page, 'sign-in (ar)');
  await shot(page, 'signin-ar');

  await page.getByLabel('البريد الإلكتروني').fill(USERS.coalitionAdmin);
  await page.getByLabel('كلمة المرور').fill(PASSWORD);
  await page.getByRole('button', { name: 'تسجيل الدخول' }).click();
  await expect(page.getByRole('button', { name: 'تسجيل الخروج' })).toBeVisible();
  const nav = page.getByRole('navigation', { name: 'التنقل الرئيسي' });
  await expect(nav.getByRole('link', { name: 'سجل التدقيق' })).toBeVisible();
  // The side navigation sits on the right in RTL.
  const navBox = await nav.boundingBox();
  const mainBox = await page.locator('main').boundingBox();
  expect(navBox && mainBox && navBox.x > mainBox.x).toBe(true);
  await expectAccessible(page, 'home (ar)');
  await shot(page, 'home-ar');

  await nav.getByRole('link', { name: 'رموز الواجهة البرمجية' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'رموز الواجهة البرمجية' })).toBeVisible();
  await shot(page, 'tokens-ar');

  // The choice is remembered, and switching back restores left-to-right.
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await page.getByLabel('اللغة').selectOption('fr');
  await expect(page.locator('html')).toHaveAttribute('dir', 'ltr');
  await expect(page.getByRole('heading', { level: 1, name: 'Jetons d’API' })).toBeVisible();
  await shot(page, 'tokens-fr');
  await page.getByLabel('Langue').selectOption('es');
  await expect(page.getByRole('heading', { level: 1, name: 'Tokens de API' })).toBeVisible();
});
