/** Dates, countries and sizes through Intl, in the chosen language. */

// Partial dates of the content model: the shared formatter, so every screen writes a day the same way.
export { formatPartialDate } from '../../components/DateTime';

/** An ISO 3166 code by name in the chosen language ("ru" → "Russia"); the code itself if unknown. */
export function countryName(code: string, language: string): string {
  try {
    return new Intl.DisplayNames([language], { type: 'region' }).of(code.toUpperCase()) ?? code;
  } catch {
    return code;
  }
}

const UNITS = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;

/** 1234567 → "1.2 MB" in the chosen language. */
export function formatSize(bytes: number, language: string): string {
  let v = bytes;
  let i = 0;
  while (v >= 1000 && i < UNITS.length - 1) {
    v /= 1000;
    i++;
  }
  return new Intl.NumberFormat(language, { style: 'unit', unit: UNITS[i], unitDisplay: 'short', maximumFractionDigits: i === 0 ? 0 : 1 }).format(v);
}

export function formatNumber(n: number, language: string): string {
  return new Intl.NumberFormat(language).format(n);
}
