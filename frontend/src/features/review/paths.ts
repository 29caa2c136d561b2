import type { TFunction } from 'i18next';

/** The review namespace and the work namespace (sections, enums, jurisdictions). */
export interface Tr {
  t: TFunction<'review'>;
  tw: TFunction<'work'>;
}

import type { CaseContent } from '../content';

/** "perpetrators[1].positions[0].title" → ["perpetrators", 1, "positions", 0, "title"] (dots also accepted for indices). */
export function parsePath(path: string): (string | number)[] {
  const out: (string | number)[] = [];
  for (const m of path.matchAll(/\[(\d+)\]|([^.[\]]+)/g)) {
    if (m[1] !== undefined) out.push(Number(m[1]));
    else if (m[2] !== undefined) out.push(/^\d+$/.test(m[2]) ? Number(m[2]) : m[2]);
  }
  return out;
}

export const sectionOfPath = (path: string): string => String(parsePath(path)[0] ?? path);

/** True when `path` is `anchor` or lies under it ("perpetrators[0].positions" is under "perpetrators[0]"). */
export function isUnder(path: string, anchor: string): boolean {
  const p = parsePath(path);
  const a = parsePath(anchor);
  return a.length <= p.length && a.every((x, i) => x === p[i]);
}

const JURISDICTION_CODES = new Set(['us', 'uk', 'ca', 'eu']);

/** The name of one list item, for "Perpetrator 2: Ivan Sidorov" (from the case content when it is there). */
function itemName(content: CaseContent | undefined, trail: (string | number)[], { tw }: Tr): string {
  let node: unknown = content;
  for (const k of trail) node = node && typeof node === 'object' ? (node as Record<string | number, unknown>)[k] : undefined;
  if (!node || typeof node !== 'object') return '';
  const o = node as Record<string, unknown>;
  if (typeof o.name === 'string' && o.name) return o.name;
  if (typeof o.category === 'string' && o.category) return tw(`enum.categories.${o.category}` as 'enum.categories.torture', { defaultValue: o.category });
  if (typeof o.title === 'string' && o.title) return o.title;
  return '';
}

/**
 * A content path in words: "perpetrators[1].positions[0].organisation" →
 * "Perpetrator 2 (Ivan Sidorov) › Position 1 › Organisation".
 */
export function describePath(path: string, tr: Tr, content?: CaseContent): string {
  const { t, tw } = tr;
  const parts = parsePath(path);
  const words: string[] = [];
  parts.forEach((part, i) => {
    const parent = parts[i - 1];
    if (typeof part === 'number') {
      // "Perpetrators" then "[1]" reads as one segment: "Perpetrator 2 (Ivan Sidorov)" (as the API labels it).
      const kind = typeof parent === 'string' ? parent : '';
      const name = itemName(content, parts.slice(0, i + 1), tr);
      const label = t(`item.${kind}` as 'item.perpetrators', { n: part + 1, defaultValue: t('item.other', { n: part + 1 }) });
      if (words.length) words.pop();
      words.push(name ? `${label} (${name})` : label);
    } else if (i === 0) {
      words.push(tw(`sections.${part}` as 'sections.title', { defaultValue: t(`field.${part}` as 'field.name', { defaultValue: part.replace(/_/g, ' ') }) }));
    } else if (parent === 'jurisdictions' && JURISDICTION_CODES.has(part)) {
      if (words.length) words.pop();
      words.push(tw(`jur.${part}` as 'jur.us'));
    } else {
      words.push(t(`field.${part}` as 'field.name', { defaultValue: part.replace(/_/g, ' ') }));
    }
  });
  return words.join(' › ');
}

/** A value of the case content, in words, short enough for a diff line. */
export function describeValue(v: unknown, t: TFunction<'review'>): string {
  if (v === null || v === undefined || v === '') return t('value.empty');
  if (typeof v === 'boolean') return v ? t('value.yes') : t('value.no');
  if (typeof v === 'string' || typeof v === 'number') return String(v);
  if (Array.isArray(v)) return v.length === 0 ? t('value.empty') : v.map((x) => describeValue(x, t)).join('; ');
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    const named = ['name', 'title', 'description', 'category', 'kind'].map((k) => o[k]).find((x) => typeof x === 'string' && x);
    const n = Object.values(o).filter((x) => x !== null && x !== undefined && x !== '' && !(Array.isArray(x) && x.length === 0)).length;
    return named ? t('value.item', { name: named as string, count: n }) : t('value.fields', { count: n });
  }
  return String(v);
}
