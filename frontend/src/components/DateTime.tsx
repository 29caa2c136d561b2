import { useTranslation } from 'react-i18next';

export function formatDateTime(value: string, language: string): string {
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return value;
  return new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' }).format(d);
}

export function DateTime({ value }: { value: string | null | undefined }) {
  const { t, i18n } = useTranslation();
  if (!value) return <span className="muted">{t('common.never')}</span>;
  return <time dateTime={value}>{formatDateTime(value, i18n.resolvedLanguage ?? i18n.language)}</time>;
}
