import type { ImportReport } from '../../client/types.gen';

export type { ImportReport };

/** What the import screen hands to the report screen (router state: the report is shown once). */
export interface ImportReportState {
  title: string;
  report: ImportReport;
}

const TEMPLATE_LANGS = ['en', 'fr', 'es', 'ar'] as const;
export type TemplateLang = (typeof TEMPLATE_LANGS)[number];

/** The template language for the interface language (English when there is no template in it). */
export function templateLang(uiLanguage: string | undefined): TemplateLang {
  const base = (uiLanguage ?? 'en').split('-')[0] as TemplateLang;
  return TEMPLATE_LANGS.includes(base) ? base : 'en';
}

export function templateUrl(lang: TemplateLang): string {
  return `/api/v1/templates/case-file.docx?lang=${lang}`;
}

export function exportUrl(caseId: string, lang: TemplateLang, purpose: 'share' | 'own_use'): string {
  return `/api/v1/cases/${encodeURIComponent(caseId)}/export.docx?lang=${lang}&purpose=${purpose}`;
}
