import type { FieldError } from '../../api/errors';
import { fieldId, locToField, type FieldErrorMap } from '../fieldErrors';

/** Paths whose value has no control of its own, and the control that sets it. */
const ALIASES: readonly [RegExp, string][] = [
  // The perpetrator a role names is chosen with the role select of that perpetrator.
  [/^(abuses\.\d+\.perpetrator_roles\.\d+)\.perpetrator_id$/, '$1.role'],
];

/**
 * The key of the control a field key (`perpetrators.0.nationality.0`) is shown at: the key itself
 * when a control has it, else an alias, else the nearest enclosing control or item
 * (`perpetrators.0.nationality`, then `perpetrators.0`); null when nothing on screen holds it.
 */
export function resolveFieldKey(key: string, exists: (key: string) => boolean): string | null {
  let k = key;
  for (const [re, to] of ALIASES) if (re.test(k)) k = k.replace(re, to);
  const parts = k.split('.');
  for (let n = parts.length; n > 0; n--) {
    const candidate = parts.slice(0, n).join('.');
    if (exists(candidate)) return candidate;
  }
  return null;
}

/** Whether the page has a control (or item) with this field key. */
export function onPage(doc: Document = document): (key: string) => boolean {
  return (key) => elementFor(key, doc) !== null;
}

/** The element a field key is shown at (a control, an item, or a whole section). */
export function elementFor(key: string, doc: Document = document): HTMLElement | null {
  return doc.getElementById(fieldId(key)) ?? doc.getElementById(`section-${key}`);
}

/**
 * Field errors by the control they are shown at (see `resolveFieldKey`); those not about the case
 * body, or with no control on the page, are `other` (shown in the page's problem alert).
 */
export function mapToControls(errors: readonly FieldError[], exists: (key: string) => boolean): { fields: FieldErrorMap; other: FieldError[] } {
  const fields: FieldErrorMap = {};
  const other: FieldError[] = [];
  for (const e of errors) {
    const raw = locToField(e.loc);
    const key = raw === null ? null : resolveFieldKey(raw, exists);
    if (key === null) other.push(e);
    else if (!(fields[key] ??= []).includes(e.msg)) fields[key].push(e.msg);
  }
  return { fields, other };
}

// --- The content model's paths (for the mapping test and the draft checks) ------------------------------
type Schema = {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, Schema>;
  items?: Schema;
  additionalProperties?: Schema | boolean;
  propertyNames?: Schema;
  anyOf?: Schema[];
  enum?: unknown[];
  $defs?: Record<string, Schema>;
};

/**
 * Every path of the content model (a JSON schema): one index (0) for lists, every key for maps keyed
 * by an enumeration (jurisdictions). `leaf` is true for a value (string, number, boolean, enumeration).
 */
export function contentPaths(root: Schema): { path: (string | number)[]; leaf: boolean; scalarListItem: boolean }[] {
  const defs = root.$defs ?? {};
  const out: { path: (string | number)[]; leaf: boolean; scalarListItem: boolean }[] = [];
  const deref = (s: Schema): Schema => {
    let cur = s;
    for (let guard = 0; cur.$ref && guard < 20; guard++) cur = defs[cur.$ref.replace('#/$defs/', '')] ?? {};
    if (cur.anyOf) {
      const nonNull = cur.anyOf.filter((x) => x.type !== 'null');
      if (nonNull.length === 1 && nonNull[0]) return deref(nonNull[0]);
    }
    return cur;
  };
  const walk = (s0: Schema, path: (string | number)[], inScalarList: boolean, depth: number) => {
    if (depth > 12) return;
    const s = deref(s0);
    if (s.properties) {
      if (path.length > 0) out.push({ path, leaf: false, scalarListItem: false });
      for (const [k, v] of Object.entries(s.properties)) walk(v, [...path, k], false, depth + 1);
    } else if (s.type === 'array' && s.items) {
      const item = deref(s.items);
      const scalar = !item.properties && item.type !== 'array';
      out.push({ path, leaf: false, scalarListItem: false });
      walk(s.items, [...path, 0], scalar, depth + 1);
    } else if (s.type === 'object' && typeof s.additionalProperties === 'object') {
      out.push({ path, leaf: false, scalarListItem: false });
      const keys = (deref(s.propertyNames ?? {}).enum ?? []).map(String);
      for (const k of keys) walk(s.additionalProperties, [...path, k], false, depth + 1);
    } else {
      out.push({ path, leaf: true, scalarListItem: inScalarList });
    }
  };
  walk(root, [], false, 0);
  return out;
}
