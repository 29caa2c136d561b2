import type { FieldError } from '../../api/errors';
import type { Draft } from '../content';

type Path = readonly (string | number)[];
type Json = unknown;

function isContainer(v: Json): v is Record<string | number, Json> {
  return typeof v === 'object' && v !== null;
}

function getAt(root: Json, path: Path): { found: boolean; value?: Json } {
  let cur: Json = root;
  for (const seg of path) {
    if (!isContainer(cur) || !(seg in cur)) return { found: false };
    cur = (cur as Record<string | number, Json>)[seg];
  }
  return { found: true, value: cur };
}

/** Later array indices first, so removing an item does not move the ones still to be handled. */
function compareDesc(a: Path, b: Path): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return y - x;
    return String(y).localeCompare(String(x));
  }
  return b.length - a.length;
}

export interface Stripped {
  /** What can be sent: the draft with each refused value put back to what the server holds. */
  body: Draft;
  /** Whether an item was taken out of a list (indices of later errors no longer match the draft). */
  shifted: boolean;
}

/**
 * The draft without the values the server refused (`errors[].loc` under `body`): each goes back to
 * the last saved value at the same place, or is left out when the server has none. The person's
 * version stays in the editor and on this device; only what the server accepts is sent. Null when
 * an error is not about a value of the body (nothing to leave out).
 */
export function withoutRefused(draft: Draft, saved: Draft, errors: readonly FieldError[]): Stripped | null {
  const paths: Path[] = [];
  for (const e of errors) {
    if (e.loc[0] !== 'body' || e.loc.length < 2) return null;
    paths.push(e.loc.slice(1));
  }
  if (paths.length === 0) return null;
  const body = structuredClone(draft) as unknown as Record<string, Json>;
  let shifted = false;
  let changed = false;
  const seen = new Set<string>();
  for (const path of [...paths].sort(compareDesc)) {
    const key = JSON.stringify(path);
    if (seen.has(key)) continue;
    seen.add(key);
    const parent = getAt(body, path.slice(0, -1));
    const last = path[path.length - 1] as string | number;
    if (!parent.found || !isContainer(parent.value)) continue; // already left out with its parent
    const container = parent.value;
    const before = getAt(saved, path);
    if (before.found) {
      if (JSON.stringify(container[last]) === JSON.stringify(before.value)) continue;
      container[last] = structuredClone(before.value);
    } else if (Array.isArray(container) && typeof last === 'number') {
      if (last >= container.length) continue;
      container.splice(last, 1);
      shifted = true;
    } else {
      if (!(last in container)) continue;
      delete container[last];
    }
    changed = true;
  }
  if (!changed) return null;
  const out = body as unknown as Draft;
  // The title is required: an empty one goes back to the saved title.
  if (typeof out.title !== 'string') out.title = saved.title;
  if (!Array.isArray(out.target_jurisdictions)) out.target_jurisdictions = [...saved.target_jurisdictions];
  if (typeof out.content !== 'object' || out.content === null) out.content = structuredClone(saved.content);
  return { body: out, shifted };
}

/**
 * The draft as sent: a passport/ID row just added and not filled in yet (at the end of its list) is
 * not sent, so an empty new row is not refused as "required" before the person has typed anything.
 * Only trailing rows are left out: every other item keeps its index, so error paths still match.
 */
export function forSending(draft: Draft): Draft {
  const perps = draft.content.perpetrators;
  if (!perps?.some((p) => p.id_numbers?.length)) return draft;
  const blank = (v: unknown) => typeof v !== 'string' || v.trim() === '';
  return {
    ...draft,
    content: {
      ...draft.content,
      perpetrators: perps.map((p) => {
        const ids = [...(p.id_numbers ?? [])];
        while (ids.length > 0 && blank(ids[ids.length - 1]?.number)) ids.pop();
        return ids.length === (p.id_numbers ?? []).length ? p : { ...p, id_numbers: ids };
      }),
    },
  };
}
