import { createHash } from 'node:crypto';

import { expect, type Browser, type Page } from '@playwright/test';

import { PASSWORD } from './support';

export function sha256(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** File names in a ZIP, read from its central directory (no dependency needed). */
export function zipEntries(zip: Buffer): string[] {
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 65_557); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('not a ZIP file: no end of central directory');
  const count = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  const names: string[] = [];
  for (let n = 0; n < count; n++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error('bad central directory entry');
    const nameLen = zip.readUInt16LE(at + 28);
    const extraLen = zip.readUInt16LE(at + 30);
    const commentLen = zip.readUInt16LE(at + 32);
    names.push(zip.subarray(at + 46, at + 46 + nameLen).toString('utf8'));
    at += 46 + nameLen + extraLen + commentLen;
  }
  return names;
}

/** A signed-in person in their own browser context (own cookies). */
export async function personPage(browser: Browser, email: string, viewport?: { width: number; height: number }): Promise<Page> {
  const context = await browser.newContext({ locale: 'en-GB', ...(viewport ? { viewport } : {}) });
  const page = await context.newPage();
  await page.goto('/signin');
  await page.getByLabel('E-mail address').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  return page;
}

export function textFile(name: string, bytes: number, seed: string): { name: string; mimeType: string; buffer: Buffer } {
  const line = `Witness statement ${seed}: the events of that night, as recorded. `;
  const buffer = Buffer.from(line.repeat(Math.ceil(bytes / line.length)).slice(0, bytes), 'utf8');
  return { name, mimeType: 'text/plain', buffer };
}

export async function waitSaved(page: Page): Promise<void> {
  await expect(page.locator('.work-save')).toHaveText('All changes saved', { timeout: 15_000 });
}
