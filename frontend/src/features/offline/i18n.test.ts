import { describe, expect, it } from 'vitest';

import { LANGUAGES, resources } from '../../i18n';

type Tree = { [key: string]: string | Tree };
const flatten = (t: Tree, p = ''): [string, string][] =>
  Object.entries(t).flatMap(([k, v]) => (typeof v === 'string' ? [[p + k, v] as [string, string]] : flatten(v, `${p}${k}.`)));
// Plural forms differ by language (Arabic has six): compare the keys without their plural suffix.
const base = (k: string) => k.replace(/_(zero|one|two|few|many|other)$/, '');
const placeholders = (s: string) => [...s.matchAll(/{{\s*(\w+)\s*}}/g)].map((m) => m[1]).sort();

describe('offline namespace', () => {
  const en = new Map(flatten(resources.en.offline as unknown as Tree).map(([k, v]) => [base(k), v]));
  it.each(LANGUAGES.map((l) => l.code))('%s has every key, non-empty, with the placeholders of the English text', (code) => {
    const other = flatten(resources[code].offline as unknown as Tree);
    expect([...new Set(other.map(([k]) => base(k)))].sort()).toEqual([...en.keys()].sort());
    for (const [k, v] of other) {
      expect(v.trim(), k).not.toBe('');
      if (!/_(zero|one|two)$/.test(k)) expect(placeholders(v), k).toEqual(placeholders(en.get(base(k)) ?? ''));
    }
  });
});
