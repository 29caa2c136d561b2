import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';

import ar from './locales/ar.json';
import en from './locales/en.json';
import es from './locales/es.json';
import fr from './locales/fr.json';
import accountAr from './locales/account/ar.json';
import accountEn from './locales/account/en.json';
import accountEs from './locales/account/es.json';
import accountFr from './locales/account/fr.json';
import adminAr from './locales/admin/ar.json';
import adminEn from './locales/admin/en.json';
import adminEs from './locales/admin/es.json';
import adminFr from './locales/admin/fr.json';
import evidenceAr from './locales/evidence/ar.json';
import evidenceEn from './locales/evidence/en.json';
import evidenceEs from './locales/evidence/es.json';
import evidenceFr from './locales/evidence/fr.json';
import draftsAr from './locales/drafts/ar.json';
import draftsEn from './locales/drafts/en.json';
import draftsEs from './locales/drafts/es.json';
import draftsFr from './locales/drafts/fr.json';
import listsAr from './locales/lists/ar.json';
import listsEn from './locales/lists/en.json';
import listsEs from './locales/lists/es.json';
import listsFr from './locales/lists/fr.json';
import offlineAr from './locales/offline/ar.json';
import offlineEn from './locales/offline/en.json';
import offlineEs from './locales/offline/es.json';
import offlineFr from './locales/offline/fr.json';
import polishAr from './locales/polish/ar.json';
import polishEn from './locales/polish/en.json';
import polishEs from './locales/polish/es.json';
import polishFr from './locales/polish/fr.json';
import offlineSyncAr from './locales/offlineSync/ar.json';
import offlineSyncEn from './locales/offlineSync/en.json';
import offlineSyncEs from './locales/offlineSync/es.json';
import offlineSyncFr from './locales/offlineSync/fr.json';
import reviewAr from './locales/review/ar.json';
import reviewEn from './locales/review/en.json';
import reviewEs from './locales/review/es.json';
import reviewFr from './locales/review/fr.json';
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
  en: { translation: en, account: accountEn, admin: adminEn, evidence: evidenceEn, work: workEn, drafts: draftsEn, lists: listsEn, review: reviewEn, offline: offlineEn, offlineSync: offlineSyncEn, polish: polishEn },
  fr: { translation: fr, account: accountFr, admin: adminFr, evidence: evidenceFr, work: workFr, drafts: draftsFr, lists: listsFr, review: reviewFr, offline: offlineFr, offlineSync: offlineSyncFr, polish: polishFr },
  es: { translation: es, account: accountEs, admin: adminEs, evidence: evidenceEs, work: workEs, drafts: draftsEs, lists: listsEs, review: reviewEs, offline: offlineEs, offlineSync: offlineSyncEs, polish: polishEs },
  ar: { translation: ar, account: accountAr, admin: adminAr, evidence: evidenceAr, work: workAr, drafts: draftsAr, lists: listsAr, review: reviewAr, offline: offlineAr, offlineSync: offlineSyncAr, polish: polishAr },
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
