/** How the dashboard writes a figure, and the shape of one chart bar (shared by the page and the
 * lazily loaded chart module, so the page does not pull the charting library in). */

export interface Point {
  label: string;
  value: number | null;
  suppressed?: boolean;
}

export function formatValue(value: number | null, kind: string, locale: string): string {
  if (value === null) return '';
  if (kind === 'dimension') return String(value); // a year is a label: 2024, never "2,024"
  if (kind === 'rate') return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(value);
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(value);
}
