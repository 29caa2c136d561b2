/** One value that differs between the person's version and the server's (a 412 conflict). */
export interface Difference {
  /** Where, from the top of the case: ['title'], ['perpetrators', 0, 'name']… */
  path: (string | number)[];
  mine: string | null;
  theirs: string | null;
}

type Json = unknown;

function leaves(v: Json, path: (string | number)[], out: Map<string, { path: (string | number)[]; value: string }>) {
  if (Array.isArray(v)) {
    if (v.length === 0) return;
    v.forEach((x, i) => leaves(x, [...path, i], out));
  } else if (typeof v === 'object' && v !== null) {
    for (const [k, x] of Object.entries(v)) leaves(x, [...path, k], out);
  } else if (v !== null && v !== undefined && v !== '') {
    out.set(JSON.stringify(path), { path, value: String(v) });
  }
}

/**
 * Every leaf value that differs, in reading order (the person's version first, then what only the
 * server has). Empty strings, nulls and empty lists count as no value.
 */
export function differences(mine: Record<string, Json>, theirs: Record<string, Json>): Difference[] {
  const a = new Map<string, { path: (string | number)[]; value: string }>();
  const b = new Map<string, { path: (string | number)[]; value: string }>();
  leaves(mine, [], a);
  leaves(theirs, [], b);
  const out: Difference[] = [];
  for (const [k, x] of a) {
    const y = b.get(k);
    if (y?.value !== x.value) out.push({ path: x.path, mine: x.value, theirs: y?.value ?? null });
  }
  for (const [k, y] of b) if (!a.has(k)) out.push({ path: y.path, mine: null, theirs: y.value });
  return out;
}
