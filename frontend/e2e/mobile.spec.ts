import { expect, test } from '@playwright/test';

import { expectAccessible, shot, signIn, USERS } from './support';

test('works on a phone: menu toggle, stacked tables, keyboard focus', async ({ page }) => {
  await page.goto('/signin');
  await expectAccessible(page, 'sign-in (phone)');
  await shot(page, 'phone-signin');
  await signIn(page, USERS.lanternAdmin);

  const menu = page.getByRole('button', { name: 'Menu' });
  const nav = page.getByRole('navigation', { name: 'Main navigation' });
  await expect(menu).toHaveAttribute('aria-expanded', 'false');
  await expect(nav).toBeHidden();
  await shot(page, 'phone-home');
  await menu.click();
  await expect(menu).toHaveAttribute('aria-expanded', 'true');
  await expect(nav).toBeVisible();
  await shot(page, 'phone-menu');
  await nav.getByRole('link', { name: 'Members' }).click();
  await expect(nav).toBeHidden();
  await expect(page.getByRole('heading', { level: 1, name: /Members of/ })).toBeVisible();
  await expectAccessible(page, 'members (phone)');
  await shot(page, 'phone-members');

  // Nothing wider than the screen.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(1);
});

test('keyboard: skip link first, then a visible focus ring', async ({ page }) => {
  await signIn(page, USERS.coalitionAdmin);
  await page.reload();
  await page.getByRole('heading', { level: 1 }).waitFor();
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to main content' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeInViewport();
  await page.keyboard.press('Enter');
  await expect(page.locator('main')).toBeFocused();
  await page.keyboard.press('Tab');
  const outline = await page.evaluate(() => {
    const el = document.activeElement as HTMLElement;
    const s = getComputedStyle(el);
    return { tag: el.tagName, style: s.outlineStyle, width: parseFloat(s.outlineWidth) };
  });
  expect(outline.style).toBe('solid');
  expect(outline.width).toBeGreaterThanOrEqual(2);
});
