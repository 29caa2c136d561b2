import countries from './countries.json';

/** ISO 3166-1 alpha-2 codes the content model accepts (from app/schemas/case_content.py). */
export const COUNTRY_CODES: readonly string[] = countries;

const namesCache = new Map<string, Intl.DisplayNames | null>();

function displayNames(language: string): Intl.DisplayNames | null {
  if (!namesCache.has(language)) {
    try {
      namesCache.set(language, new Intl.DisplayNames([language, 'en'], { type: 'region', fallback: 'code' }));
    } catch {
      namesCache.set(language, null);
    }
  }
  return namesCache.get(language) ?? null;
}

/** A country's name in the language (the code itself when the browser has no name for it). */
export function countryName(code: string, language: string): string {
  const upper = code.toUpperCase();
  return displayNames(language)?.of(upper) ?? upper;
}

const fold = (s: string) => s.normalize('NFKD').replace(/\p{M}/gu, '').toLocaleLowerCase().replace(/\s+/g, ' ').trim();

const indexCache = new Map<string, Map<string, string>>();

function index(language: string): Map<string, string> {
  let m = indexCache.get(language);
  if (!m) {
    m = new Map();
    for (const lang of ['en', language]) for (const c of COUNTRY_CODES) m.set(fold(countryName(c, lang)), c);
    for (const c of COUNTRY_CODES) m.set(c, c);
    indexCache.set(language, m);
  }
  return m;
}

/**
 * The ISO code typed text stands for: a country's name in the language or in English (case and
 * accents ignored), or its code. Anything else is kept as typed, for the server to refuse with its
 * own message (and for the person to correct; nothing typed is dropped).
 */
export function resolveCountry(text: string, language: string): string {
  const key = fold(text);
  return index(language).get(key) ?? text.trim();
}

/** Every country as a choice, sorted by name in the language. */
export function countryOptions(language: string): { value: string; label: string }[] {
  return COUNTRY_CODES.map((c) => ({ value: c, label: countryName(c, language) })).sort((a, b) => a.label.localeCompare(b.label, language));
}
