import { expect, test } from '@playwright/test';

import { personPage } from './story-helpers';
import { expectAccessible, shot, unique, USERS } from './support';

test('an evidence card says where it will not be sent and why, edits its details, shows custody, and deletes', async ({ browser }) => {
  test.setTimeout(120_000);
  const page = await personPage(browser, USERS.lanternResearcher);
  await page.goto('/cases');
  await page.getByLabel('Title of the new case file').fill(unique('Evidence details'));
  await page.getByRole('button', { name: 'New case file' }).click();
  await expect(page).toHaveURL(/\/cases\/[\w-]+$/);

  const text = Buffer.from('Statement of a witness to the night raid. '.repeat(200), 'utf8');
  await page.locator('#ev-files').setInputFiles([{ name: 'statement.txt', mimeType: 'text/plain', buffer: text }]);
  const card = page.getByTestId('evidence');
  await expect(card).toHaveCount(1, { timeout: 20_000 });
  // Uploaded as confidential (the panel's default): it never leaves, and the card says so.
  await expect(card).toContainText('Will not be sent to any government: it is confidential');
  // The size has a unit.
  await expect(card).toContainText(/\d(\.\d)?\s?kB/);

  await card.getByLabel(/^Sensitivity of E-1/).selectOption('public');
  await expect(card.getByLabel(/^Sensitivity of E-1/)).toHaveValue('public');
  // The box follows the server's answer (a controlled input): click, then wait for it to show ticked.
  const uk = card.getByRole('group', { name: 'Sharing of E-1' }).getByLabel('United Kingdom');
  await uk.click();
  await expect(uk).toBeChecked();
  await expect(card.getByText(/(Will be sent to: United Kingdom\.|Will not be sent to United Kingdom: it .+)/)).toBeVisible({ timeout: 15_000 });

  await card.getByRole('button', { name: 'Edit details of E-1' }).click();
  const form = card.getByRole('form', { name: 'Details of E-1' });
  await form.getByLabel('Title').fill('Witness statement, night raid');
  await form.getByLabel('Date captured').fill('2024-03');
  await form.getByLabel('Place captured').fill('Zarechny');
  await form.getByRole('button', { name: 'Save details' }).click();
  await expect(form).toHaveCount(0);
  await expect(card).toContainText('March 2024 · Zarechny'); // a partial date in words, as on every screen

  await card.getByRole('button', { name: 'Show chain of custody' }).click();
  await expect(card.getByRole('list', { name: 'Chain of custody' })).toContainText('Uploaded');
  await expectAccessible(page, 'evidence details');
  await shot(page, 'evidence-details');

  await card.getByRole('button', { name: 'Delete E-1' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByTestId('evidence')).toHaveCount(0);
  await page.context().close();
});
