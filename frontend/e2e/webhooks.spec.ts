import { expect, test } from '@playwright/test';

import { expectAccessible, shot, signIn, USERS } from './support';

type EventType = { name: string; label: string; description: string };

// The demo seed's subscription (app/workflows/demo_webhooks.py): the coalition's, to a port nobody answers.
const DEMO_URL = 'http://127.0.0.1:9/demo-webhook';

test('the webhooks screen lists the server’s events with their descriptions, and the demo’s deliveries', async ({ page }) => {
  await signIn(page, USERS.coalitionAdmin);
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Webhooks' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Webhooks' })).toBeVisible();

  // What the server says, in English: every event of its registry, each checkbox described by its words.
  const answer = await page.request.get('/api/v1/webhooks/event-types?lang=en');
  expect(answer.status()).toBe(200);
  const types = (await answer.json()) as EventType[];
  expect(types.map((t) => t.name)).toContain('designation.delisted');
  expect(types.length).toBeGreaterThanOrEqual(9);
  const form = page.getByRole('region', { name: 'Register an endpoint' });
  const boxes = form.getByTestId('webhook-event-types').getByRole('checkbox');
  await expect(boxes).toHaveCount(types.length);
  for (const t of types) {
    const box = form.getByRole('checkbox', { name: `${t.label} ${t.name}`, exact: true });
    await expect(box).toHaveAccessibleDescription(t.description);
    await expect(form.getByText(t.description, { exact: true })).toBeVisible();
  }
  // Controlled checkboxes: click, then check the state.
  const delisted = form.getByRole('checkbox', { name: /designation\.delisted/ });
  await expect(delisted).not.toBeChecked();
  await delisted.click();
  await expect(delisted).toBeChecked();
  await delisted.click();
  await expect(delisted).not.toBeChecked();

  // The demo subscription and its deliveries: one given up on, one waiting for its retry.
  const row = page.getByRole('row').filter({ hasText: DEMO_URL });
  await expect(row).toContainText('A case was approved');
  await expect(row).toContainText('A case was rejected');
  await row.getByRole('button', { name: 'Show deliveries' }).click();
  const deliveries = row.getByRole('table', { name: 'Deliveries' });
  await expect(deliveries.getByText('Failed', { exact: true }).first()).toBeVisible();
  await expect(deliveries.getByText('Waiting', { exact: true }).first()).toBeVisible();
  await expect(deliveries).toContainText(/ConnectError/);
  await expectAccessible(page, 'webhooks (demo)');
  await shot(page, 'webhooks-event-types');

  // Another language: the server's words in it, fetched again.
  const french = (await (await page.request.get('/api/v1/webhooks/event-types?lang=fr')).json()) as EventType[];
  await page.getByLabel('Language').selectOption('fr');
  await expect(page.getByRole('heading', { level: 1, name: 'Webhooks' })).toBeVisible();
  const approved = french.find((t) => t.name === 'case.approved')!;
  expect(approved.description).toBe('Le dossier a obtenu les approbations nécessaires.');
  // (The form's heading is French now: the list is found by its test id.)
  const frenchBox = page.getByTestId('webhook-event-types').getByRole('checkbox', { name: `${approved.label} case.approved`, exact: true });
  await expect(frenchBox).toHaveAccessibleDescription(approved.description);
  await expect(row).toContainText(approved.label);
  await shot(page, 'webhooks-event-types-fr');
});
