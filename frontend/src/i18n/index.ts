import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';

import ar from './locales/ar.json';
import en from './locales/en.json';
import es from './locales/es.json';
import fr from './locales/fr.json';
import draftsAr from './locales/drafts/ar.json';
import draftsEn from './locales/drafts/en.json';
import draftsEs from './locales/drafts/es.json';
import draftsFr from './locales/drafts/fr.json';
import workAr from './locales/work/ar.json';
import workEn from './locales/work/en.json';
import workEs from './locales/work/es.json';
import workFr from './locales/work/fr.json';

export const LANGUAGES = [
  { code: 'en', nativeName: 'English', dir: 'ltr' },
  { code: 'fr', nativeName: 'Français', dir: 'ltr' },
  { code: 'es', nativeName: 'Español', dir: 'ltr' },
  { code: 'ar', nativeName: 'العربية', dir: 'rtl' },
] as const;

export type LanguageCode = (typeof LANGUAGES)[number]['code'];

export const resources = {
  en: { translation: en, work: workEn, drafts: draftsEn },
  fr: { translation: fr, work: workFr, drafts: draftsFr },
  es: { translation: es, work: workEs, drafts: draftsEs },
  ar: { translation: ar, work: workAr, drafts: draftsAr },
} as const;

// A preference, not a secret: the only thing this app keeps in localStorage.
const STORAGE_KEY = 'portal.language';

function isLanguage(value: string | null | undefined): value is LanguageCode {
  return LANGUAGES.some((l) => l.code === value);
}

export function detectLanguage(): LanguageCode {
  try {
    const stored = window.localStorage.getItem(STORAGE_KEY);
    if (isLanguage(stored)) return stored;
  } catch {
    // storage disabled: fall through to the browser's languages
  }
  for (const tag of navigator.languages ?? [navigator.language]) {
    const base = tag.toLowerCase().split('-')[0];
    if (isLanguage(base)) return base;
  }
  return 'en';
}

export function directionOf(language: string): 'ltr' | 'rtl' {
  return LANGUAGES.find((l) => l.code === language)?.dir ?? 'ltr';
}

/** <html lang> and <html dir> follow the language (Arabic is right-to-left). */
export function applyDocumentLanguage(language: string): void {
  document.documentElement.lang = language;
  document.documentElement.dir = directionOf(language);
}

export async function changeLanguage(language: LanguageCode): Promise<void> {
  try {
    window.localStorage.setItem(STORAGE_KEY, language);
  } catch {
    // not persisted; still switch
  }
  await i18n.changeLanguage(language);
}

export function initI18n(language: LanguageCode = detectLanguage()): typeof i18n {
  if (!i18n.isInitialized) {
    i18n.on('languageChanged', applyDocumentLanguage);
    void i18n.use(initReactI18next).init({
      resources,
      lng: language,
      fallbackLng: 'en',
      supportedLngs: LANGUAGES.map((l) => l.code),
      interpolation: { escapeValue: false }, // React escapes
      initAsync: false,
      returnNull: false,
    });
    applyDocumentLanguage(i18n.language);
  }
  return i18n;
}

export default i18n;
