import 'i18next';

import type en from './locales/en.json';
import type drafts from './locales/drafts/en.json';
import type work from './locales/work/en.json';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof en; work: typeof work; drafts: typeof drafts };
    returnNull: false;
  }
}
