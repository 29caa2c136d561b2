/** File sizes and upload progress in the reader's language, always with a unit ("2.4 MB"). */

const UNITS = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;

/** The unit a size is best read in (decimal: 1 kB = 1000 bytes, as file managers show it). */
function unitOf(bytes: number): number {
  let unit = 0;
  let value = Math.abs(bytes);
  while (value >= 1000 && unit < UNITS.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return unit;
}

function inUnit(bytes: number, unit: number, language: string): string {
  const value = bytes / 1000 ** unit;
  return new Intl.NumberFormat(language, { style: 'unit', unit: UNITS[unit], unitDisplay: 'short', maximumFractionDigits: unit ? 1 : 0 }).format(value);
}

/** 1234567 → "1.2 MB" in the given language. */
export function formatSize(bytes: number, language: string): string {
  return inUnit(bytes, unitOf(bytes), language);
}

// A type (not an interface): passed as is to t() as interpolation values.
export type UploadProgress = {
  /** Whole percent of the file the server has confirmed (0–100). */
  percent: number;
  /** The confirmed bytes, in the unit of the total ("3.1 MB"), so the two read together. */
  confirmed: string;
  total: string;
};

/** Progress of an upload from the bytes the server confirmed (tus Upload-Offset), never those only handed to the browser. */
export function uploadProgress(confirmedBytes: number, totalBytes: number, language: string): UploadProgress {
  const total = Math.max(0, totalBytes);
  const confirmed = Math.min(Math.max(0, confirmedBytes), total);
  const unit = unitOf(total);
  return {
    percent: total > 0 ? Math.floor((confirmed / total) * 100) : 0,
    confirmed: inUnit(confirmed, unit, language),
    total: inUnit(total, unit, language),
  };
}
