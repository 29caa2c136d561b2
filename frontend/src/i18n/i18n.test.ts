import { describe, expect, it } from 'vitest';

import i18n, { changeLanguage, initI18n, LANGUAGES, resources } from '.';

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    if (typeof v === 'string') out.set(prefix + k, v);
    else for (const [kk, vv] of flatten(v, `${prefix}${k}.`)) out.set(kk, vv);
  }
  return out;
}

const placeholders = (s: string) => [...s.matchAll(/{{\s*(\w+)\s*}}/g)].map((m) => m[1]).sort();

describe('translations', () => {
  const en = flatten(resources.en.translation as unknown as Tree);

  it.each(LANGUAGES.map((l) => l.code))('%s has every English key, non-empty, with the same placeholders', (code) => {
    const other = flatten(resources[code].translation as unknown as Tree);
    expect([...other.keys()].sort()).toEqual([...en.keys()].sort());
    for (const [key, text] of other) {
      expect(text.trim(), key).not.toBe('');
      expect(placeholders(text), key).toEqual(placeholders(en.get(key) ?? ''));
    }
  });

  it('sets lang and dir on <html>, right-to-left for Arabic', async () => {
    initI18n('en');
    expect(document.documentElement.dir).toBe('ltr');
    await changeLanguage('ar');
    expect(document.documentElement.lang).toBe('ar');
    expect(document.documentElement.dir).toBe('rtl');
    expect(i18n.t('signin.title')).toBe('تسجيل الدخول');
    await changeLanguage('fr');
    expect(document.documentElement.dir).toBe('ltr');
    expect(i18n.t('signin.title')).toBe('Connexion');
    await changeLanguage('en');
  });
});
