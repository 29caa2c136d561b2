import type { FieldError } from '../api/errors';

/** Field errors keyed by path: ["body","content","abuses",0,"incidents",0,"date"] → "abuses.0.incidents.0.date". */
export type FieldErrorMap = Record<string, string[]>;

/**
 * The key of the form field a problem+json `loc` points at, or null when it is not about the case body.
 * `body` and `content` are dropped, so content fields and top-level fields (`title`,
 * `target_jurisdictions`) share one flat namespace.
 */
export function locToField(loc: readonly (string | number)[]): string | null {
  if (loc[0] !== 'body') return null;
  const parts = loc.slice(loc[1] === 'content' ? 2 : 1);
  if (parts.length === 0) return null;
  return parts.map(String).join('.');
}

export function mapFieldErrors(errors: readonly FieldError[]): { fields: FieldErrorMap; other: FieldError[] } {
  const fields: FieldErrorMap = {};
  const other: FieldError[] = [];
  for (const e of errors) {
    const key = locToField(e.loc);
    if (key === null) {
      other.push(e);
      continue;
    }
    (fields[key] ??= []).push(e.msg);
  }
  return { fields, other };
}

/** DOM id for a field key: stable, valid, and the same in the editor and in error links. */
export function fieldId(key: string): string {
  return `f-${key.replace(/[^A-Za-z0-9_-]/g, '-')}`;
}
