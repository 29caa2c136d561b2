import { readFileSync } from 'node:fs';

import { expect, test } from '@playwright/test';

import { personPage } from './story-helpers';
import { expectAccessible, shot, USERS } from './support';

// The dashboard on the demo's seeded history (2017 to now): real figures from the API, a chart with its
// data table beside it, CSV export with the same filters, accessible in English and in Arabic.
test('the coalition dashboard: figures, CSV export, axe clean, Arabic right to left', async ({ browser }) => {
  test.setTimeout(120_000);
  const page = await personPage(browser, USERS.coalitionAdmin);
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Analytics' }).click();
  await expect(page).toHaveURL(/\/analytics/);
  await expect(page.getByRole('heading', { level: 1, name: 'Coalition analytics' })).toBeVisible();
  // Every chart comes with its table; the seeded history gives numbers, not an empty page.
  const table = page.getByRole('region', { name: /^Data table: / }).first();
  await expect(table).toBeVisible({ timeout: 20_000 });
  await expect(table.getByRole('cell').first()).toBeVisible();
  // The charts: Observable Plot's SVG, fetched lazily, one image with a name for screen readers.
  const chart = page.getByRole('img', { name: /^Bar chart: / }).first();
  await expect(chart).toBeVisible({ timeout: 20_000 });
  expect(await chart.evaluate((el) => el.tagName.toLowerCase())).toBe('svg');
  // The figures' radio buttons are radio-sized, beside their words (not stretched over the row).
  const radio = page.getByRole('radio', { name: 'Everything I may see' });
  const box = (await radio.boundingBox())!;
  expect(box.width).toBeLessThan(32);
  const words = (await page.getByText('Everything I may see').boundingBox())!;
  expect(Math.abs(words.y + words.height / 2 - (box.y + box.height / 2))).toBeLessThan(12);
  await shot(page, 'analytics-1-overview');
  await expectAccessible(page, 'analytics overview');

  // CSV export: the same figures the page shows, as a file.
  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Download CSV' }).first().click();
  const file = await download;
  const csv = readFileSync((await file.path())!, 'utf8');
  expect(csv.split('\n').length).toBeGreaterThan(2);

  // Another view, with its filters in the URL.
  await page.getByRole('navigation', { name: 'Dashboard pages' }).getByRole('link', { name: 'Jurisdictions compared' }).click();
  await expect(page).toHaveURL(/view=jurisdictions/);
  await expect(page.getByRole('region', { name: /^Data table: / }).first()).toBeVisible({ timeout: 20_000 });
  // The overlap matrix has six columns: it goes under its chart and scrolls inside its own region.
  await expect(page.getByRole('region', { name: 'Data table: Pairwise overlap of designations' })).toBeVisible({ timeout: 20_000 });

  // A narrow screen: the page itself never scrolls sideways; wide tables scroll in their region.
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(page.getByRole('img', { name: /^Bar chart: / }).first()).toBeVisible();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await shot(page, 'analytics-3-narrow');
  await expectAccessible(page, 'analytics on a narrow screen');
  await page.setViewportSize({ width: 1280, height: 720 });

  // Arabic, right to left.
  await page.getByLabel('Language').selectOption('ar');
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(page.getByRole('heading', { level: 1, name: 'إحصاءات التحالف' })).toBeVisible();
  // The metrics' titles, column headings and chart names in Arabic, not the API's English.
  await expect(page.getByRole('heading', { level: 2, name: 'النتائج حسب الولاية القضائية' })).toBeVisible();
  await expect(page.getByRole('columnheader', { name: 'معدل التحويل', exact: true }).first()).toBeVisible();
  await expect(page.getByRole('img', { name: /^رسم بياني شريطي: / }).first()).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Outcomes per jurisdiction' })).toHaveCount(0);
  await shot(page, 'analytics-2-arabic');
  await expectAccessible(page, 'analytics in Arabic');
});
