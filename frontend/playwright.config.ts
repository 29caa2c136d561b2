import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { defineConfig, devices } from '@playwright/test';

const PORT = Number(process.env.PORTAL_E2E_PORT ?? 8765);
// Shared by the backend (its dev outbox) and the specs (which read invitation e-mails from it);
// the same value in the runner and every worker, so it is derived, not random.
process.env.PORTAL_E2E_VAR_DIR ??= join(tmpdir(), `portal-e2e-${PORT}`);

const chromium = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
};

export default defineConfig({
  testDir: './e2e',
  outputDir: './test-results',
  timeout: 60_000,
  expect: { timeout: 7_000 },
  fullyParallel: true,
  workers: 2,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    headless: true,
    launchOptions: chromium,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    locale: 'en-GB',
  },
  projects: [
    { name: 'desktop', use: { ...devices['Desktop Chrome'], launchOptions: chromium }, testIgnore: /mobile\.spec\.ts/ },
    {
      name: 'phone',
      use: { ...devices['Pixel 7'], launchOptions: chromium },
      testMatch: /mobile\.spec\.ts/,
    },
  ],
  webServer: {
    command: 'bash e2e/start-backend.sh',
    url: `http://127.0.0.1:${PORT}/api/v1/health`,
    reuseExistingServer: false,
    timeout: 420_000,  // the demo seed imports and matches the sample sanctions lists
    stdout: 'ignore',
    stderr: 'pipe',
    env: { PORTAL_E2E_PORT: String(PORT), PORTAL_E2E_VAR_DIR: process.env.PORTAL_E2E_VAR_DIR },
  },
});
