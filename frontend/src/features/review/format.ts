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

// Sizes: the shared formatter (features/evidence/size.ts), the same on the evidence card.
export { formatSize } from '../evidence/size';

export function formatNumber(n: number, language: string): string {
  return new Intl.NumberFormat(language).format(n);
}
