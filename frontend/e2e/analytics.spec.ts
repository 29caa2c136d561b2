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
  await expect(page.getByRole('img').first()).toHaveAttribute('aria-label', /.+/);
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

  // Arabic, right to left.
  await page.getByLabel('Language').selectOption('ar');
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(page.getByRole('heading', { level: 1, name: 'إحصاءات التحالف' })).toBeVisible();
  await shot(page, 'analytics-2-arabic');
  await expectAccessible(page, 'analytics in Arabic');
});
