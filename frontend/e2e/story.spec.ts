import { readFileSync } from 'node:fs';

import { expect, test, type Page } from '@playwright/test';

import { personPage, sha256, textFile, waitSaved, zipEntries } from './story-helpers';
import { expectAccessible, shot, unique, USERS } from './support';

const COORDINATOR_B = 'coordinator.b@coalition.example';

async function fillPerpetrator(page: Page, i: number, name: string, birth: string, position: string) {
  await page.locator(`#f-perpetrators-${i}-name`).fill(name);
  await page.locator(`#f-perpetrators-${i}-birth_date`).fill(birth);
  const item = page.locator(`#f-perpetrators-${i}`);
  await item.getByRole('button', { name: 'Add a nationality' }).click();
  await page.locator(`#f-perpetrators-${i}-nationality-0`).fill('ru');
  await item.getByRole('button', { name: 'Add a position' }).click();
  await page.locator(`#f-perpetrators-${i}-positions-0-title`).fill(position);
  await page.locator(`#f-perpetrators-${i}-positions-0-organisation`).fill('Interior Ministry');
}

async function fillJurisdiction(page: Page, code: 'us' | 'uk', name: string) {
  await page.getByRole('button', { name: `Add a tie or asset in ${name}` }).click();
  await page.locator(`#f-jurisdictions-${code}-ties_and_assets-0-kind`).selectOption('property');
  await page.locator(`#f-jurisdictions-${code}-ties_and_assets-0-description`).fill(`Apartment held through a shell company (${code})`);
  await page.locator(`#f-jurisdictions-${code}-impact_argument`).fill(`Assets in ${name} could be frozen; a designation sends a clear message.`);
}

test('the whole story: draft, evidence, review, approval, package, submission', async ({ browser }) => {
  test.setTimeout(300_000);
  const title = unique('Story case');

  // ---- researcher drafts a two-perpetrator case ----------------------------------------------------
  const researcher = await personPage(browser, USERS.lanternResearcher);
  await researcher.goto('/cases');
  await expect(researcher.getByRole('heading', { level: 1, name: 'Case files' })).toBeVisible();
  await expectAccessible(researcher, 'cases dashboard');
  await researcher.getByLabel('Title of the new case file').fill(title);
  await researcher.getByRole('button', { name: 'New case file' }).click();
  await expect(researcher).toHaveURL(/\/cases\/[\w-]+$/);
  const caseId = researcher.url().split('/').pop()!;

  const targets = researcher.getByRole('group', { name: 'Target jurisdictions' });
  await targets.getByRole('checkbox', { name: 'United States' }).check();
  await targets.getByRole('checkbox', { name: 'United Kingdom' }).check();
  await researcher.getByRole('button', { name: 'Add a perpetrator' }).click();
  await researcher.getByRole('button', { name: 'Add a perpetrator' }).click();
  await fillPerpetrator(researcher, 0, 'Ivan Petrovich Sidorov', '1971-05-02', 'Colonel, prison governor');
  await fillPerpetrator(researcher, 1, 'Oleg Nikolaevich Volkov', '1968', 'Deputy minister');
  await researcher.getByRole('button', { name: 'Add an abuse' }).click();
  await researcher.locator('#f-abuses-0-category').selectOption('torture');
  await researcher.locator('#f-abuses-0-description').fill('Detainees were tortured during interrogation.');
  await researcher.locator('#f-abuses-0-incidents-0-country').fill('ru');
  await researcher.getByLabel('Role of Ivan Petrovich Sidorov').selectOption('perpetrated');
  await researcher.getByLabel('Role of Oleg Nikolaevich Volkov').selectOption('ordered');
  // A field error from the API shows at the field.
  await researcher.locator('#f-abuses-0-incidents-0-date').fill('31/02/2021');
  await expect(researcher.locator('#f-abuses-0-incidents-0-date-err')).toContainText('Error:', { timeout: 15_000 });
  await expect(researcher.locator('#f-abuses-0-incidents-0-date')).toHaveAttribute('aria-invalid', 'true');
  await shot(researcher, 'story-editor-field-error');
  await researcher.locator('#f-abuses-0-incidents-0-date').fill('2021-03-04');
  const groups = researcher.getByRole('group', { name: 'Groups of victims' });
  await groups.getByRole('checkbox', { name: 'Human-rights defenders' }).check();
  await researcher.locator('#f-victims-description').fill('Twelve human-rights defenders held without charge.');
  await fillJurisdiction(researcher, 'us', 'United States');
  await fillJurisdiction(researcher, 'uk', 'United Kingdom');
  await researcher.getByRole('button', { name: 'Add a source' }).click();
  await researcher.locator('#f-sources-0-kind').selectOption('witness');
  await researcher.locator('#f-sources-0-description').fill('Former detainee, interviewed in 2022.');
  await researcher.locator('#f-contact-name').fill('Amina Researcher');
  await researcher.locator('#f-contact-email').fill('amina@lantern.example');
  await researcher.locator('#f-exculpatory_information').fill('None known.');
  await waitSaved(researcher);
  await expect(researcher.locator('#f-abuses-0-incidents-0-date-err')).toHaveCount(0);
  await expect(researcher.getByTestId('readiness-us')).toContainText('Ready');
  await expect(researcher.getByTestId('readiness-uk')).toContainText('Ready');

  // ---- three files, one resumed after the connection drops -------------------------------------------
  const files = [textFile('statement-a.txt', 1_200_000, 'A'), textFile('statement-b.txt', 4_000, 'B'), textFile('statement-c.txt', 9_000, 'C')];
  let aborted = false;
  await researcher.route('**/api/v1/cases/*/uploads/*', async (route) => {
    if (!aborted && route.request().method() === 'PATCH') {
      aborted = true;
      await route.abort('connectionreset');
      return;
    }
    await route.fallback();
  });
  await researcher.locator('#ev-files').setInputFiles(files);
  await expect(researcher.getByTestId('upload')).toHaveCount(3);
  await expect(researcher.locator('[data-testid="upload"][data-state="done"]')).toHaveCount(3, { timeout: 60_000 });
  expect(aborted).toBe(true);
  await expect(researcher.getByTestId('evidence')).toHaveCount(3, { timeout: 15_000 });
  for (const f of files) {
    const item = researcher.locator(`[data-testid="evidence"][data-filename="${f.name}"]`);
    await expect(item.getByTestId('sha256')).toHaveText(sha256(f.buffer));
  }
  await shot(researcher, 'story-editor');
  await expectAccessible(researcher, 'case editor');
  await researcher.getByRole('button', { name: 'Submit for review' }).click();
  await researcher.getByRole('dialog').getByRole('button', { name: 'Yes, submit for review' }).click();
  await expect(researcher.getByText('Submitted for review.')).toBeVisible();

  // ---- coordinator A requests changes on a section -------------------------------------------------
  const coordA = await personPage(browser, USERS.coordinator);
  await coordA.goto('/review');
  const row = coordA.getByTestId('queue-row').filter({ hasText: title });
  await expect(row).toBeVisible();
  await expectAccessible(coordA, 'review queue');
  await shot(coordA, 'story-queue');
  await row.getByRole('button', { name: /Assign to me/ }).click();
  await expect(coordA.getByText('Assigned to you.')).toBeVisible();
  await row.getByRole('link', { name: title }).click();
  await expect(coordA.getByRole('heading', { level: 1 })).toContainText(title);
  await coordA.getByLabel('Comment on Perpetrators').fill('Add the unit the second perpetrator commanded.');
  await coordA.getByLabel('Comment on Perpetrators').locator('xpath=..').getByRole('button', { name: 'Send' }).click();
  await expect(coordA.getByTestId('comment')).toContainText('Add the unit');
  await coordA.getByLabel('Reason (sent to the organisation)').fill('See the comment on perpetrators.');
  await shot(coordA, 'story-review');
  await expectAccessible(coordA, 'review screen');
  await coordA.getByRole('button', { name: 'Request changes' }).click();
  await coordA.getByRole('dialog').getByRole('button', { name: 'Yes, request changes' }).click();
  await expect(coordA.getByText('Decision recorded.')).toBeVisible();

  // ---- researcher answers and resubmits ------------------------------------------------------------
  await researcher.reload();
  await expect(researcher.getByTestId('comment')).toContainText('Add the unit');
  await researcher.getByLabel('Reply to this comment').fill('Added: he commanded the 5th detention unit.');
  await researcher.getByLabel('Reply to this comment').locator('xpath=..').getByRole('button', { name: 'Send' }).click();
  await expect(researcher.getByTestId('reply')).toContainText('5th detention unit');
  await researcher.locator('#f-perpetrators-1-positions-0-organisation').fill('5th detention unit, Interior Ministry');
  await waitSaved(researcher);
  await researcher.getByRole('button', { name: 'Submit for review' }).click();
  await researcher.getByRole('dialog').getByRole('button', { name: 'Yes, submit for review' }).click();
  await expect(researcher.getByText('Submitted for review.')).toBeVisible();

  // ---- coordinators A and B approve ----------------------------------------------------------------
  await coordA.goto(`/review/${caseId}`);
  await coordA.getByRole('button', { name: 'Assign to me' }).click();
  await expect(coordA.getByTestId('diff')).toContainText(/perpetrator/i);
  await coordA.getByRole('button', { name: 'Approve' }).click();
  await coordA.getByRole('dialog').getByRole('button', { name: /^Yes, approve/ }).click();
  await expect(coordA.getByText('Decision recorded.')).toBeVisible();
  const coordB = await personPage(browser, COORDINATOR_B);
  await coordB.goto(`/review/${caseId}`);
  await coordB.getByRole('button', { name: 'Approve' }).click();
  await coordB.getByRole('dialog').getByRole('button', { name: /^Yes, approve/ }).click();
  await expect(coordB.getByText('Decision recorded.')).toBeVisible();
  await expect(coordB.locator('.work-meta')).toContainText('Approved');

  // ---- package for US and UK: built, downloaded, opened ----------------------------------------------
  await coordA.goto('/packages');
  await expectAccessible(coordA, 'packages');
  await coordA.getByRole('link', { name: title }).click();
  const choose = coordA.getByRole('group', { name: 'Jurisdictions to package' });
  await choose.getByRole('checkbox', { name: 'United States' }).check();
  await choose.getByRole('checkbox', { name: 'United Kingdom' }).check();
  await coordA.getByRole('button', { name: 'Build packages' }).click();
  for (const j of ['us', 'uk']) {
    await expect(coordA.getByTestId(`package-${j}`)).toHaveAttribute('data-state', 'built', { timeout: 60_000 });
  }
  const downloadPromise = coordA.waitForEvent('download');
  await coordA.getByRole('link', { name: 'Download United States package' }).click();
  const download = await downloadPromise;
  const zip = readFileSync((await download.path())!);
  const names = zipEntries(zip);
  expect(names).toContain('manifest.json');
  expect(names).toContain('dossier.pdf');

  // ---- submission recorded, then designated ----------------------------------------------------------
  const us = coordA.getByTestId('package-us');
  await us.getByLabel('Reference').fill('OFAC-2026-0042');
  await us.getByRole('button', { name: 'Record' }).click();
  await expect(us.getByTestId('timeline')).toContainText('Sent');
  for (const status of ['acknowledged', 'under_consideration', 'designated']) {
    await us.getByLabel('New status').selectOption(status);
    if (status === 'designated') await us.getByLabel('Programme').fill('GLOMAG');
    await us.getByRole('button', { name: 'Record status' }).click();
    await expect(us.getByTestId('timeline')).toContainText(status === 'under_consideration' ? 'Under consideration' : status[0]!.toUpperCase() + status.slice(1));
  }
  await expect(us.getByRole('heading', { name: 'Submission: Designated' })).toBeVisible();
  await shot(coordA, 'story-packages');
  await expectAccessible(coordA, 'case packages');

  // ---- another NGO's researcher sees none of it --------------------------------------------------------
  const other = await personPage(browser, USERS.ledgerResearcher);
  await other.goto('/cases');
  await expect(other.getByRole('heading', { level: 1, name: 'Case files' })).toBeVisible();
  await expect(other.getByText(title)).toHaveCount(0);
  await other.goto(`/cases/${caseId}`);
  await expect(other.getByRole('alert')).toContainText('Not found');
  const status = await other.evaluate(async (id) => (await fetch(`/api/v1/cases/${id}`)).status, caseId);
  expect(status).toBe(404);
});
