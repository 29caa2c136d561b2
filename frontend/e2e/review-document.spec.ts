import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { expect, test, type Page } from '@playwright/test';

import { personPage, textFile } from './story-helpers';
import { expectAccessible, shot, unique, USERS } from './support';

const COORDINATOR_B = 'coordinator.b@coalition.example';
const DEMO_CASE = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'app', 'demo_data', 'case_zarechny.json');

async function csrf(page: Page): Promise<Record<string, string>> {
  const token = (await page.context().cookies()).find((c) => c.name === 'portal_csrf')?.value ?? '';
  return { 'X-CSRF-Token': token };
}

/** The researcher's side through the API (the editor has its own specs): a realistic case, one file, submitted. */
async function submittedCase(researcher: Page, title: string): Promise<string> {
  const content = JSON.parse(readFileSync(DEMO_CASE, 'utf8')) as Record<string, unknown>;
  const created = await researcher.request.post('/api/v1/cases', { headers: await csrf(researcher), data: { title, target_jurisdictions: ['us', 'uk'], content } });
  expect(created.status(), await created.text()).toBe(201);
  const id = (await created.json()).id as string;
  const file = textFile('witness-statement.txt', 3_000, 'R');
  const up = await researcher.request.post(`/api/v1/cases/${id}/evidence`, {
    headers: await csrf(researcher),
    multipart: {
      file: { name: file.name, mimeType: file.mimeType, buffer: file.buffer },
      title: 'Statement of a former detainee about the night of 14 March 2021, recorded in Limassol by two interviewers',
      sensitivity: 'public',
      share_with: 'us,uk',
      perpetrator_ids: 'p-gromov',
    },
  });
  expect(up.status(), await up.text()).toBe(201);
  const sub = await researcher.request.post(`/api/v1/cases/${id}/submit`, { headers: await csrf(researcher) });
  expect(sub.status(), await sub.text()).toBe(200);
  return id;
}

async function noSidewaysScroll(page: Page) {
  const [sw, cw] = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
  expect(sw).toBeLessThanOrEqual(cw + 1);
}

test('a coordinator reviews in the document view, comments in place, approves after confirming', async ({ browser }) => {
  test.setTimeout(240_000);
  const title = unique('Document review');
  const researcher = await personPage(browser, USERS.lanternResearcher);
  const caseId = await submittedCase(researcher, title);

  // ---- the document: NGO, targets, sections in words, evidence with its state and downloads ----------
  const coordA = await personPage(browser, USERS.coordinator);
  await coordA.setViewportSize({ width: 1366, height: 900 });
  await coordA.goto(`/review/${caseId}`);
  await expect(coordA.getByRole('heading', { level: 1 })).toContainText(title);
  await coordA.getByRole('button', { name: 'Assign to me' }).click();
  await expect(coordA.locator('.work-meta')).toContainText('In review');
  await expect(coordA.getByTestId('review-org')).toHaveText('Lantern Rights Watch');
  await expect(coordA.getByTestId('review-targets')).toContainText('United States');
  await expect(coordA.getByTestId('review-targets')).toContainText('United Kingdom');
  const perp1 = coordA.locator('#rv-item-perpetrators-0-');
  await expect(perp1.getByRole('heading', { level: 3 })).toHaveText('Perpetrator 1 (Громов Виктор Александрович)');
  await expect(perp1).toContainText(/11 Apr(il)? 1968/);
  await expect(perp1).toContainText('Russia');
  await expect(perp1).toContainText('Passport');
  await expect(coordA.locator('#section-victims')).toContainText('Human-rights defenders');
  await expect(coordA.locator('#rv-item-jurisdictions-uk')).toContainText('Targeted');
  await expect(coordA.getByText('Nobody has reviewed this case file before')).toBeVisible();
  const ev = coordA.getByTestId('review-evidence');
  await expect(ev).toHaveCount(1);
  await expect(ev).toContainText('Statement of a former detainee');
  await expect(ev).toContainText('Громов Виктор Александрович');
  await expect(ev.getByRole('link', { name: /Download the sanitised copy/ })).toBeVisible({ timeout: 30_000 });
  await expect(ev).toContainText('Metadata removed');
  await expect(ev.getByText('Download the original…')).toBeVisible();
  // Long values wrap inside the page at a laptop width; nothing is cut off.
  await noSidewaysScroll(coordA);
  await expectAccessible(coordA, 'review document');
  await shot(coordA, 'review-document');

  // ---- comments anchored in place, with author and time ------------------------------------------------
  await perp1.getByText('Comment on this item').click();
  await perp1.getByLabel(/^New comment on Perpetrator 1/).fill('Give the source for the 2009–2014 deputy command.');
  await perp1.getByRole('button', { name: 'Send' }).click();
  const anchored = perp1.getByTestId('comment');
  await expect(anchored).toContainText('Give the source');
  await expect(anchored.getByTestId('comment-author')).toHaveText('Casimir Coordinator');
  await expect(anchored.locator('time')).toHaveAttribute('datetime', /\d{4}-\d{2}-\d{2}T/);
  await expect(anchored).toContainText('(coalition)');
  await coordA.getByLabel('Comment on Victims').fill('Are the twelve defenders all named in the sources?');
  await coordA.getByLabel('Comment on Victims').locator('xpath=..').getByRole('button', { name: 'Send' }).click();
  await expect(coordA.locator('#section-victims').getByTestId('comment')).toContainText('twelve defenders');
  await expect(coordA.getByRole('region', { name: /open comments/ })).toContainText('Perpetrator 1 (Громов Виктор Александрович)');

  // ---- request changes: the confirmation names the consequence -------------------------------------------
  await coordA.getByLabel('Reason (sent to the organisation)').fill('Two questions, see the comments.');
  await coordA.getByRole('button', { name: 'Request changes' }).click();
  const dialog = coordA.getByRole('dialog');
  await expect(dialog).toContainText('goes back to Lantern Rights Watch');
  await expect(dialog).toContainText('Two questions, see the comments.');
  await expectAccessible(coordA, 'review decision dialog');
  await shot(coordA, 'review-confirm-request-changes');
  await dialog.getByRole('button', { name: 'Yes, request changes' }).click();
  await expect(coordA.getByText('Decision recorded.')).toBeVisible();
  await expect(coordA.locator('.work-meta')).toContainText('Changes requested');
  await expect(coordA.getByTestId('decision').first()).toContainText('Changes requested · Casimir Coordinator');

  // ---- the researcher answers one comment, edits and resubmits (API) ---------------------------------
  const comments = await (await researcher.request.get(`/api/v1/cases/${caseId}/comments`)).json();
  const onVictims = comments.find((c: { path: string }) => c.path === 'victims');
  const reply = await researcher.request.post(`/api/v1/cases/${caseId}/comments`, { headers: await csrf(researcher), data: { parent_id: onVictims.id, body: 'Yes: all twelve are in source 2.' } });
  expect(reply.status()).toBe(201);
  expect((await researcher.request.post(`/api/v1/cases/${caseId}/comments/${onVictims.id}/resolve`, { headers: await csrf(researcher) })).status()).toBe(200);
  const current = await (await researcher.request.get(`/api/v1/cases/${caseId}`)).json();
  current.content.perpetrators[0].positions[1].organisation = 'Special Operations Detachment No. 7 (OSN-7), deputy command confirmed by payroll records';
  const put = await researcher.request.put(`/api/v1/cases/${caseId}`, { headers: { ...(await csrf(researcher)), 'If-Match': `"${current.version}"` }, data: { content: current.content } });
  expect(put.status(), await put.text()).toBe(200);
  expect((await researcher.request.post(`/api/v1/cases/${caseId}/submit`, { headers: await csrf(researcher) })).status()).toBe(200);

  // ---- the diff in words, the reply with its author, approval over an open comment ------------------------
  await coordA.reload();
  await coordA.getByRole('button', { name: 'Assign to me' }).click();
  const diff = coordA.getByTestId('diff');
  await expect(diff).toContainText('Громов Виктор Александрович');
  await expect(diff).toContainText(/Position 2/);
  await expect(diff).toContainText('payroll records');
  await expect(diff).not.toContainText('perpetrators[0]');
  const victimsThread = coordA.locator('#section-victims').getByTestId('comment');
  await expect(victimsThread).toContainText('Resolved');
  await expect(victimsThread.getByTestId('reply')).toContainText('all twelve are in source 2');
  await expect(victimsThread.getByTestId('reply').getByTestId('comment-author')).toHaveText('Rafael Researcher');
  await expect(victimsThread.getByTestId('reply')).toContainText('(submitting organisation)');
  await shot(coordA, 'review-document-diff');

  // Reject is cancelled at the confirmation: nothing happens.
  await coordA.getByRole('button', { name: 'Reject' }).click();
  await expect(dialog).toContainText('for good');
  await expect(dialog.getByRole('button', { name: 'Yes, reject' })).toBeDisabled();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  await expect(coordA.locator('.work-meta')).toContainText('In review');

  await coordA.getByRole('button', { name: 'Approve' }).click();
  await expect(dialog).toContainText('1 comment is still open. Approve anyway?');
  await expect(dialog).toContainText('Give the source for the 2009–2014');
  await expect(dialog).toContainText('1 of the 2 approvals needed');
  await shot(coordA, 'review-confirm-approve');
  await dialog.getByRole('button', { name: 'Yes, approve with 1 open comment' }).click();
  await expect(coordA.getByText('Decision recorded.')).toBeVisible();
  await expect(coordA.getByText('A second coordinator must approve.')).toBeVisible();

  const coordB = await personPage(browser, COORDINATOR_B);
  await coordB.goto(`/review/${caseId}`);
  await expect(coordB.getByText(/You have not reviewed this case before/)).toBeVisible();
  await coordB.getByRole('button', { name: 'Approve' }).click();
  await expect(coordB.getByRole('dialog')).toContainText('becomes Approved');
  await coordB.getByRole('dialog').getByRole('button', { name: /^Yes, approve/ }).click();
  await expect(coordB.getByText('Decision recorded.')).toBeVisible();
  await expect(coordB.locator('.work-meta')).toContainText('Approved');
  await expect(coordB.getByTestId('decision').first()).toContainText('Approved · Beatrix Coordinator');

  // ---- Arabic, right to left, on the review screen ------------------------------------------------------
  await coordB.getByLabel('Language').selectOption('ar');
  await expect(coordB.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(coordB.getByTestId('review-targets')).toContainText('المملكة المتحدة');
  await expect(coordB.locator('#section-diff h2')).toHaveText('التعديلات منذ آخر مراجعة');
  await expect(coordB.getByTestId('comment-author').first()).toHaveAttribute('dir', 'auto');
  await expect(coordB.locator('#rv-item-perpetrators-0-')).toContainText('روسيا');
  await noSidewaysScroll(coordB);
  await expectAccessible(coordB, 'review document (ar)');
  await shot(coordB, 'review-document-ar');
  await coordB.getByLabel('اللغة').selectOption('en');

  // ---- packages: the case's targets are chosen; a refused field is named; who recorded each step ---------
  await coordA.goto(`/packages/${caseId}`);
  const choose = coordA.getByRole('group', { name: 'Jurisdictions to package' });
  await expect(choose.getByRole('checkbox', { name: /United States/ })).toBeChecked();
  await expect(choose.getByRole('checkbox', { name: /United Kingdom/ })).toBeChecked();
  await expect(choose.getByRole('checkbox', { name: /Canada/ })).not.toBeChecked();
  await choose.getByRole('checkbox', { name: /United Kingdom/ }).uncheck();
  await coordA.getByRole('button', { name: 'Build packages' }).click();
  const us = coordA.getByTestId('package-us');
  await expect(us).toHaveAttribute('data-state', 'built', { timeout: 90_000 });
  await expect(coordA.getByTestId('package-uk')).toHaveCount(0);
  await us.getByLabel('Reference').fill('OFAC-DOC-7');
  await us.getByLabel('Follow-up date').fill('2020-01-01');
  await us.getByRole('button', { name: 'Record' }).click();
  const problem = us.getByRole('alert');
  await expect(problem.getByRole('link', { name: 'Follow-up date' })).toBeVisible();
  await expect(problem).not.toContainText('follow_up_date');
  await expect(us.getByLabel('Follow-up date')).toHaveAttribute('aria-invalid', 'true');
  await shot(coordA, 'packages-field-error');
  await us.getByLabel('Follow-up date').fill('');
  await us.getByRole('button', { name: 'Record' }).click();
  const facts = us.getByTestId('submission-facts');
  await expect(facts).toContainText('OFAC-DOC-7');
  await expect(facts).toContainText('E-mail');
  await expect(facts).toContainText('Addressee');
  await us.getByLabel('New status').selectOption('acknowledged');
  await us.getByRole('button', { name: 'Record status' }).click();
  await expect(us.getByTestId('timeline-step').last()).toContainText('Acknowledged');
  await expect(us.getByTestId('timeline-step').last()).toContainText('recorded by Casimir Coordinator');
  await expectAccessible(coordA, 'case packages (tracking)');
  await shot(coordA, 'packages-tracking');
});
