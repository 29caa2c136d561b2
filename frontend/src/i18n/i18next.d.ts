import 'i18next';

import type en from './locales/en.json';
import type account from './locales/account/en.json';
import type admin from './locales/admin/en.json';
import type evidence from './locales/evidence/en.json';
import type drafts from './locales/drafts/en.json';
import type lists from './locales/lists/en.json';
import type offline from './locales/offline/en.json';
import type offlineSync from './locales/offlineSync/en.json';
import type polish from './locales/polish/en.json';
import type review from './locales/review/en.json';
import type work from './locales/work/en.json';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof en; account: typeof account; admin: typeof admin; evidence: typeof evidence; work: typeof work; drafts: typeof drafts; lists: typeof lists; review: typeof review; offline: typeof offline; offlineSync: typeof offlineSync; polish: typeof polish };
    returnNull: false;
  }
}
