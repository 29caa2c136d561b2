import { describe, expect, it } from 'vitest';

import { LANGUAGES, resources } from '../../i18n';
import type { Draft } from '../content';
import { COUNTRY_CODES, countryName, resolveCountry } from './countries';
import { forSending, withoutRefused } from './partial';
import { memoryDraftStore } from './store';
import { isRefusal, refusal } from './uploadRefusal';

const saved: Draft = {
  title: 'Saved title',
  target_jurisdictions: ['uk'],
  content: { perpetrators: [{ id: 'p1', name: 'Ivan', birth_date: '1971-03-14', nationality: ['ru'] }] },
};

describe('autosave sends what is valid', () => {
  it('puts a refused value back to the saved one, and leaves out one the server never had', () => {
    const draft: Draft = {
      title: 'New title',
      target_jurisdictions: ['uk', 'eu'],
      content: { perpetrators: [{ id: 'p1', name: 'Ivan Petrov', birth_date: '14/03/1971', nationality: ['ru', 'Russian'] }], exculpatory_information: 'none known' },
    };
    const out = withoutRefused(draft, saved, [
      { loc: ['body', 'content', 'perpetrators', 0, 'birth_date'], msg: 'not a date' },
      { loc: ['body', 'content', 'perpetrators', 0, 'nationality', 1], msg: 'not a code' },
    ]);
    expect(out?.body).toEqual({
      title: 'New title',
      target_jurisdictions: ['uk', 'eu'],
      content: { perpetrators: [{ id: 'p1', name: 'Ivan Petrov', birth_date: '1971-03-14', nationality: ['ru'] }], exculpatory_information: 'none known' },
    });
    expect(out?.shifted).toBe(true);
    // The person's draft is untouched.
    expect(draft.content.perpetrators?.[0]?.birth_date).toBe('14/03/1971');
  });

  it('removes list items from the last one first, so indices stay right', () => {
    const draft: Draft = { ...saved, content: { perpetrators: [{ id: 'p1', nationality: ['x', 'ru', 'y'] }] } };
    const empty: Draft = { ...saved, content: {} };
    const out = withoutRefused(draft, empty, [
      { loc: ['body', 'content', 'perpetrators', 0, 'nationality', 0], msg: 'x' },
      { loc: ['body', 'content', 'perpetrators', 0, 'nationality', 2], msg: 'y' },
    ]);
    expect(out?.body.content.perpetrators?.[0]?.nationality).toEqual(['ru']);
  });

  it('keeps the saved title when the new one is refused', () => {
    const out = withoutRefused({ ...saved, title: '' }, saved, [{ loc: ['body', 'title'], msg: 'required' }]);
    expect(out?.body.title).toBe('Saved title');
  });

  it('gives up on errors that are not about a value (nothing to leave out)', () => {
    expect(withoutRefused(saved, saved, [{ loc: ['header', 'if-match'], msg: 'x' }])).toBeNull();
    expect(withoutRefused(saved, saved, [{ loc: ['body'], msg: 'x' }])).toBeNull();
    expect(withoutRefused(saved, saved, [{ loc: ['body', 'content', 'perpetrators', 0, 'name'], msg: 'same as saved' }])).toBeNull();
  });
});

describe('an empty new row', () => {
  it('is not sent while it is the last one, and nothing else moves', () => {
    const draft: Draft = { ...saved, content: { perpetrators: [{ id: 'p1', id_numbers: [{ kind: 'passport', number: '' }, { kind: 'passport', number: '7' }, { kind: 'other', number: ' ' }] }] } };
    expect(forSending(draft).content.perpetrators?.[0]?.id_numbers).toEqual([{ kind: 'passport', number: '' }, { kind: 'passport', number: '7' }]);
    expect(forSending(saved)).toBe(saved);
  });
});

describe('drafts kept on this device', () => {
  it('are kept per user and per case, and a user sign-out clears only theirs', async () => {
    const store = memoryDraftStore();
    const rec = (user: string, caseId: string) => ({ user, caseId, draft: saved, baseVersion: 1, updatedAt: '2026-01-01T00:00:00Z' });
    await store.put(rec('u1', 'c1'));
    await store.put(rec('u1', 'c2'));
    await store.put(rec('u2', 'c1'));
    expect((await store.get('u1', 'c1'))?.draft.title).toBe('Saved title');
    expect(await store.get('u3', 'c1')).toBeUndefined();
    await store.clearUser('u1');
    expect(await store.get('u1', 'c1')).toBeUndefined();
    expect(await store.get('u1', 'c2')).toBeUndefined();
    expect(await store.get('u2', 'c1')).toBeDefined();
  });
});

describe('country picker', () => {
  it('stores the ISO code for a name in the current language or in English', () => {
    expect(resolveCountry('Russia', 'en')).toBe('ru');
    expect(resolveCountry('russie', 'fr')).toBe('ru');
    expect(resolveCountry('Allemagne', 'fr')).toBe('de');
    expect(resolveCountry('Germany', 'fr')).toBe('de');
    expect(resolveCountry('GB', 'en')).toBe('gb');
  });
  it('keeps anything else as typed, for the server to refuse with its reason', () => {
    expect(resolveCountry('Russian', 'en')).toBe('Russian');
    expect(resolveCountry('UK', 'en')).toBe('UK');
  });
  it('names countries in the language', () => {
    expect(countryName('de', 'es')).toBe('Alemania');
    expect(COUNTRY_CODES).toContain('ru');
    expect(COUNTRY_CODES).not.toContain('uk');
  });
});

describe('a refused upload', () => {
  it('stops at once for refusals; faults and busy answers are retried', () => {
    for (const s of [400, 403, 413, 415, 460]) expect(isRefusal(s), String(s)).toBe(true);
    for (const s of [undefined, 0, 409, 423, 429, 500, 503]) expect(isRefusal(s), String(s)).toBe(false);
  });
  it("says why, with the server's own words", () => {
    const body = JSON.stringify({ status: 415, detail: 'Files of type text/html are not accepted as evidence: active content' });
    expect(refusal(415, body)).toEqual({ key: 'upload.type', detail: 'Files of type text/html are not accepted as evidence: active content', status: 415 });
    expect(refusal(413, '').key).toBe('upload.size');
    expect(refusal(460, 'checksum mismatch').detail).toBe('checksum mismatch');
  });
});

type Tree = { [key: string]: string | Tree };
function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    if (typeof v === 'string') out.set(prefix + k, v);
    else for (const [kk, vv] of flatten(v, `${prefix}${k}.`)) out.set(kk, vv);
  }
  return out;
}
const PLURAL = /_(zero|one|two|few|many|other)$/;
const base = (k: string) => k.replace(PLURAL, '');
const placeholders = (s: string) => [...new Set([...s.matchAll(/{{\s*(\w+)\s*}}/g)].map((m) => m[1]))].sort();

describe('drafts translations', () => {
  const en = flatten(resources.en.drafts as unknown as Tree);
  it.each(LANGUAGES.map((l) => l.code))('%s has every English key (with its plural forms), non-empty, with the same placeholders', (code) => {
    const other = flatten(resources[code].drafts as unknown as Tree);
    expect([...new Set([...other.keys()].map(base))].sort()).toEqual([...new Set([...en.keys()].map(base))].sort());
    const rules = new Intl.PluralRules(code);
    for (const k of new Set([...en.keys()].filter((k) => PLURAL.test(k)).map(base))) {
      for (const cat of rules.resolvedOptions().pluralCategories) expect(other.has(`${k}_${cat}`), `${code} ${k}_${cat}`).toBe(true);
    }
    for (const [key, text] of other) {
      expect(text.trim(), key).not.toBe('');
      const enText = en.get(key) ?? en.get(`${base(key)}_other`) ?? '';
      const want = placeholders(enText).filter((p) => p !== 'count');
      expect(placeholders(text).filter((p) => p !== 'count'), key).toEqual(want);
    }
    if (code !== 'en') expect(other.get('restored.text')).not.toBe(en.get('restored.text'));
  });
});
