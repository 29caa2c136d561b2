import { expect, test, type Page } from '@playwright/test';

import { personPage, waitSaved } from './story-helpers';
import { expectAccessible, shot, unique, USERS } from './support';

// The demo's queue (app/workflows/demo.py): "Port concession kickbacks" (Ledger; US, UK, Canada;
// submitted 9 days ago), "Kestrel prison torture" (Lantern; UK, EU; in review, assigned to coordinator A
// 4 days ago). Other specs add cases as they run, so these checks look only at these two.
const PORT = 'Port concession kickbacks';
const KESTREL = 'Kestrel prison torture';

const rowOf = (page: Page, title: string) => page.getByTestId('queue-row').filter({ hasText: title });

async function noSidewaysScroll(page: Page): Promise<void> {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(1);
}

test('the queue has every API filter in the URL, NGO and jurisdiction columns and clickable state chips', async ({ browser }) => {
  test.setTimeout(120_000);
  const page = await personPage(browser, USERS.coordinator);
  await page.goto('/review');
  await expect(rowOf(page, PORT)).toBeVisible();
  await expect(rowOf(page, KESTREL)).toBeVisible();
  await expect(rowOf(page, PORT).getByTestId('queue-jurisdictions')).toHaveText('Canada, United Kingdom, United States');
  await expect(rowOf(page, KESTREL).getByTestId('queue-jurisdictions')).toHaveText('European Union, United Kingdom');
  await expectAccessible(page, 'review queue (filters)');
  await shot(page, 'queue-filters');

  // A jurisdiction: only the EU case is left, and the filter is in the URL (a reload keeps it).
  await page.getByLabel('Target jurisdiction').selectOption('eu');
  await expect(page).toHaveURL(/[?&]jurisdiction=eu/);
  await expect(rowOf(page, KESTREL)).toBeVisible();
  await expect(rowOf(page, PORT)).toHaveCount(0);
  await page.reload();
  await expect(page.getByLabel('Target jurisdiction')).toHaveValue('eu');
  await expect(rowOf(page, PORT)).toHaveCount(0);
  await page.getByRole('button', { name: 'Clear the filters' }).click();
  await expect(page).toHaveURL(/\/review$/);
  await expect(rowOf(page, PORT)).toBeVisible();

  // Waiting longer than 7 days: the 9-day-old case stays, the 4-day-old one goes.
  await page.getByLabel('Waiting more than (days)').fill('7');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(/[?&]waiting=7/);
  await expect(rowOf(page, PORT)).toBeVisible();
  await expect(rowOf(page, KESTREL)).toHaveCount(0);
  await page.getByRole('button', { name: 'Clear the filters' }).click();

  // Category, victim group and country are API filters too.
  await page.getByLabel('Abuse category').selectOption('torture');
  await expect(page).toHaveURL(/[?&]category=torture/);
  await expect(rowOf(page, KESTREL)).toBeVisible();
  await expect(rowOf(page, PORT)).toHaveCount(0);
  await page.getByRole('button', { name: 'Clear the filters' }).click();

  // State chips filter on a click, and show which one is on.
  const chip = page.getByRole('navigation', { name: 'Show the cases in one state' }).getByRole('button', { name: /In review/ });
  await chip.click();
  await expect(chip).toHaveAttribute('aria-pressed', 'true');
  await expect(page).toHaveURL(/[?&]state=in_review/);
  await expect(rowOf(page, KESTREL)).toBeVisible();
  await expect(rowOf(page, PORT)).toHaveCount(0);
  await chip.click();
  await expect(page).toHaveURL(/\/review$/);

  // Assigned to me.
  await page.getByLabel('Assigned to me').check();
  await expect(page).toHaveURL(/[?&]mine=1/);
  await expect(rowOf(page, KESTREL)).toBeVisible();
  await expect(rowOf(page, PORT)).toHaveCount(0);
  await page.context().close();
});

// Needs the queue API to name each case's NGO (QueueItemOut.org_name): GET /orgs lists only the
// coordinator's own organisation.
test('the queue names the NGO of each case file and filters by it', async ({ browser }) => {
  const page = await personPage(browser, USERS.coordinator);
  await page.goto('/review');
  await expect(rowOf(page, PORT).getByTestId('queue-org')).toContainText('Ledger');
  await expect(rowOf(page, KESTREL).getByTestId('queue-org')).toContainText('Lantern');
  const org = page.getByLabel('Organisation');
  const ledger = await org.locator('option', { hasText: 'Ledger' }).first().getAttribute('value');
  await org.selectOption(ledger!);
  await expect(page).toHaveURL(new RegExp(`[?&]org=${ledger}`));
  await expect(rowOf(page, PORT)).toBeVisible();
  await expect(rowOf(page, KESTREL)).toHaveCount(0);
  await page.context().close();
});

test('the queue and the case list fit a 390 px phone without sideways scrolling', async ({ browser }) => {
  test.setTimeout(90_000);
  const page = await personPage(browser, USERS.coordinator);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/review');
  await expect(rowOf(page, PORT)).toBeVisible();
  await noSidewaysScroll(page);
  await expectAccessible(page, 'review queue (390 px)');
  await shot(page, 'queue-phone');
  await page.goto('/cases');
  await expect(page.getByRole('heading', { level: 1, name: 'Case files' })).toBeVisible();
  await expect(page.getByTestId('case-row').first()).toBeVisible();
  await noSidewaysScroll(page);
  await shot(page, 'cases-phone-coordinator');
  await page.context().close();
});

test('the case list has a search box and the API filters, kept in the URL', async ({ browser }) => {
  test.setTimeout(90_000);
  const page = await personPage(browser, USERS.lanternResearcher);
  await page.goto('/cases');
  await expect(page.getByRole('link', { name: KESTREL })).toBeVisible();
  await page.getByLabel('Search titles, names and aliases').fill('Kestrel');
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await expect(page).toHaveURL(/[?&]q=Kestrel/);
  await expect(page.getByRole('link', { name: KESTREL })).toBeVisible();
  await expect(page.getByRole('link', { name: /Harbour district/ })).toHaveCount(0);
  await page.reload();
  await expect(page.getByLabel('Search titles, names and aliases')).toHaveValue('Kestrel');
  await page.getByRole('button', { name: 'Clear the filters' }).click();
  await page.getByLabel('Target jurisdiction').selectOption('eu');
  await expect(page).toHaveURL(/[?&]jurisdiction=eu/);
  await expect(page.getByRole('link', { name: KESTREL })).toBeVisible();
  await expect(page.getByRole('link', { name: /Harbour district/ })).toHaveCount(0); // US and UK only
  await expectAccessible(page, 'case list (filters)');
  await shot(page, 'cases-filters');
  await page.context().close();
});

test('readiness speaks in labels and each item takes you to its field', async ({ browser }) => {
  test.setTimeout(120_000);
  const page = await personPage(browser, USERS.lanternResearcher);
  await page.goto('/cases');
  await page.getByLabel('Title of the new case file').fill(unique('Labels'));
  await page.getByRole('button', { name: 'New case file' }).click();
  await expect(page).toHaveURL(/\/cases\/[\w-]+$/);
  await page.getByRole('group', { name: 'Target jurisdictions' }).getByRole('checkbox', { name: 'United Kingdom' }).check();
  await page.getByRole('button', { name: 'Add a perpetrator' }).click();
  await page.locator('#f-perpetrators-0-name').fill('Ivana Labelova');
  await waitSaved(page);

  const uk = page.getByTestId('readiness-uk');
  const ties = uk.getByRole('link', { name: 'United Kingdom › Ties and assets' });
  await expect(ties).toBeVisible({ timeout: 15_000 });
  const birth = uk.getByRole('link', { name: 'Perpetrator 1 (Ivana Labelova) › Birth date' });
  await expect(birth).toBeVisible();
  // Paths and ids are not what a researcher reads.
  await expect(uk).not.toContainText('jurisdictions.uk.ties_and_assets');
  await expect(uk).not.toContainText('perpetrators[0]');
  await expect(uk.getByText(/Perpetrator 1 \(Ivana Labelova\) is not linked to any abuse|Ivana Labelova is not linked to any abuse/)).toBeVisible();

  await birth.click();
  await expect(page.locator('#f-perpetrators-0-birth_date')).toBeFocused();
  await ties.click();
  await expect(page.locator('#f-jurisdictions-uk-ties_and_assets')).toBeFocused();
  await expect(page.locator('#f-jurisdictions-uk-ties_and_assets')).toBeInViewport();
  await expectAccessible(page, 'case editor (readiness labels)');
  await uk.scrollIntoViewIfNeeded();
  await shot(page, 'readiness-labels');
  await page.context().close();
});

test('home shows each role its work', async ({ browser }) => {
  test.setTimeout(90_000);
  const coordinator = await personPage(browser, USERS.coordinator);
  await coordinator.goto('/');
  await expect(coordinator.getByRole('heading', { level: 1 })).toContainText('Welcome');
  await expect(coordinator.getByTestId('home-waiting')).toContainText(PORT);
  await expect(coordinator.getByTestId('home-mine')).toContainText(KESTREL);
  await expect(coordinator.getByTestId('home-followups')).toBeVisible();
  await expect(coordinator.getByText(/your organisation.s case files/i)).toHaveCount(0);
  await expectAccessible(coordinator, 'home (coordinator)');
  await shot(coordinator, 'home-coordinator-work');
  await coordinator.getByTestId('home-mine').getByRole('link', { name: 'See all' }).click();
  await expect(coordinator).toHaveURL(/\/review\?mine=1$/);
  await expect(coordinator.getByLabel('Assigned to me')).toBeChecked();
  await coordinator.context().close();

  const researcher = await personPage(browser, USERS.lanternResearcher);
  // Home lists the latest drafts, and other specs make drafts too: start one, so it is among them.
  const draft = unique('Home draft');
  await researcher.goto('/cases');
  await researcher.getByLabel('Title of the new case file').fill(draft);
  await researcher.getByRole('button', { name: 'New case file' }).click();
  await expect(researcher).toHaveURL(/\/cases\/[\w-]+$/);
  await researcher.goto('/');
  await expect(researcher.getByTestId('home-drafts')).toContainText(draft);
  await expect(researcher.getByTestId('home-changes')).toContainText('Osprey square protest crackdown');
  await expect(researcher.getByTestId('home-outcomes')).toBeVisible();
  await expectAccessible(researcher, 'home (researcher)');
  await shot(researcher, 'home-researcher-work');
  await researcher.context().close();
});
