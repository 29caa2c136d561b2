import { useTranslation } from 'react-i18next';

/**
 * The one place dates and times are formatted: the same style on every screen, in the interface
 * language. Date and time: "11 Apr 2026, 14:03"; a date only: "11 Apr 2026". The portal's English
 * is British (dates as en-GB); Arabic uses the 24-hour clock (no ص/م, "AM/PM").
 */
export type DateStyle = 'dateTime' | 'date';

const cache = new Map<string, Intl.DateTimeFormat>();

/** The locale dates are written in for an interface language ("en" → "en-GB", as the portal's English). */
export function dateLocale(language: string): string {
  return language.toLowerCase() === 'en' ? 'en-GB' : language;
}

function formatter(language: string, style: DateStyle, utc = false): Intl.DateTimeFormat {
  language = dateLocale(language);
  const key = `${language}|${style}|${utc ? 'utc' : ''}`;
  let f = cache.get(key);
  if (!f) {
    const opts: Intl.DateTimeFormatOptions = style === 'date' ? { dateStyle: 'medium' } : { dateStyle: 'medium', timeStyle: 'short' };
    if (style === 'dateTime' && language.toLowerCase().split('-')[0] === 'ar') opts.hourCycle = 'h23';
    if (utc) opts.timeZone = 'UTC';
    try {
      f = new Intl.DateTimeFormat(language, opts);
    } catch {
      f = new Intl.DateTimeFormat('en', opts);
    }
    cache.set(key, f);
  }
  return f;
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** An instant (ISO 8601) with its time, in local time; a calendar day ("2026-04-11") as a date only. */
export function formatDateTime(value: string, language: string): string {
  if (DAY.test(value.trim())) return formatDate(value, language);
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return value;
  return formatter(language, 'dateTime').format(d);
}

/** A date only: a calendar day ("2026-04-11", never shifted by the time zone) or the local day of an instant. */
export function formatDate(value: string, language: string): string {
  const m = DAY.exec(value.trim());
  if (m) {
    const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
    if (Number.isNaN(d.getTime()) || d.getUTCDate() !== Number(m[3])) return value;
    return formatter(language, 'date', true).format(d);
  }
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return value;
  return formatter(language, 'date').format(d);
}

/** "1968", "1968-04" or "1968-04-11" (the content model's partial dates) in words; anything else as typed. */
export function formatPartialDate(value: string, language: string): string {
  const m = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$/.exec(value.trim());
  if (!m) return value;
  const [, y, mo, d] = m;
  if (d) return formatDate(`${y}-${mo}-${d}`, language);
  const date = new Date(Date.UTC(Number(y), mo ? Number(mo) - 1 : 0, 1));
  if (Number.isNaN(date.getTime())) return value;
  const opts: Intl.DateTimeFormatOptions = mo ? { year: 'numeric', month: 'long', timeZone: 'UTC' } : { year: 'numeric', timeZone: 'UTC' };
  return new Intl.DateTimeFormat(dateLocale(language), opts).format(date);
}

export function DateTime({ value, dateOnly = false }: { value: string | null | undefined; dateOnly?: boolean }) {
  const { t, i18n } = useTranslation();
  if (!value) return <span className="muted">{t('common.never')}</span>;
  const language = i18n.resolvedLanguage ?? i18n.language;
  return <time dateTime={value}>{dateOnly ? formatDate(value, language) : formatDateTime(value, language)}</time>;
}
