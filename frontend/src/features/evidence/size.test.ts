import { describe, expect, it } from 'vitest';

import { resources } from '../../i18n';
import { formatSize, uploadProgress } from './size';

describe('sizes with a unit', () => {
  it('always names the unit, localised', () => {
    expect(formatSize(512, 'en')).toBe('512 byte');
    expect(formatSize(4_000, 'en')).toBe('4 kB');
    expect(formatSize(1_234_567, 'en')).toBe('1.2 MB');
    expect(formatSize(1_234_567, 'fr')).toMatch(/^1,2\s?Mo$/);
    expect(formatSize(3_000_000_000, 'en')).toBe('3 GB');
  });
});

describe('upload progress from what the server confirmed', () => {
  it('reads confirmed bytes in the unit of the total', () => {
    expect(uploadProgress(3_100_000, 9_000_000, 'en')).toEqual({ percent: 34, confirmed: '3.1 MB', total: '9 MB' });
    expect(uploadProgress(0, 9_000_000, 'en')).toEqual({ percent: 0, confirmed: '0 MB', total: '9 MB' });
  });
  it('never shows more than the file, nor less than nothing', () => {
    expect(uploadProgress(10_000, 4_000, 'en').percent).toBe(100);
    expect(uploadProgress(-5, 4_000, 'en').percent).toBe(0);
    expect(uploadProgress(0, 0, 'en').percent).toBe(0);
  });
  it('has the progress sentence in every language with the same placeholders', () => {
    for (const lang of ['en', 'fr', 'es', 'ar'] as const) {
      const p = resources[lang].polish.upload.progress;
      expect([...p.matchAll(/{{(\w+)}}/g)].map((m) => m[1]).sort(), lang).toEqual(['confirmed', 'percent', 'total']);
      expect(resources[lang].polish.submit.confirm.trim(), lang).not.toBe('');
    }
  });
});
