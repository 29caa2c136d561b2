import type { QueryClient } from '@tanstack/react-query';

import { afterWrite, fromAnswer } from '../../api/cache';
import { asApiError, type ApiError, type FieldError } from '../../api/errors';
import { caseReadinessQueryKey, getCaseQueryKey, listCasesQueryKey } from '../../client/@tanstack/react-query.gen';
import { call, sdk, type CaseOut } from '../api';
import type { Draft } from '../content';
import { forSending, withoutRefused } from './partial';

/** Refused values are left out and the rest sent again at most this many times per save. */
export const PARTIAL_ATTEMPTS = 4;

/**
 * What one save of a draft came to. The same rules for the editor's autosave and for the background
 * sync of drafts kept on this device (features/offline/sync.ts):
 * - `saved`: the server has every value (`out` is the saved case);
 * - `refused` (422): the valid values were sent again without the refused ones (`landed`, when that
 *   went through); `refusals` are the first answer's errors, then those of later attempts while they
 *   still point at the draft's items. The refused values stay with the person, never overwrite the server;
 * - `conflict` (412): the server has a newer version; nothing was written;
 * - `failed`: no answer (offline) or another error; nothing was written.
 */
export type SaveResult =
  | { status: 'saved'; out: CaseOut }
  | { status: 'refused'; error: ApiError; refusals: (readonly FieldError[])[]; landed: { out: CaseOut; body: Draft } | null }
  | { status: 'conflict'; error: ApiError }
  | { status: 'failed'; error: ApiError };

export interface SaveInput {
  caseId: string;
  draft: Draft;
  /** The version the edits were made on: sent as If-Match. */
  version: number;
  /** What the server holds at that version: a refused value goes back to it when the rest is sent. */
  saved: Draft | (() => Promise<Draft>);
  autosave: boolean;
}

function put(caseId: string, version: number, body: Draft, autosave: boolean): Promise<CaseOut> {
  const { title, target_jurisdictions, content } = forSending(body);
  return call(
    sdk.updateCase({
      path: { case_id: caseId },
      query: { autosave },
      headers: { 'if-match': `"${version}"` },
      body: { title, target_jurisdictions, content: content as Record<string, unknown> },
    }),
  );
}

/** PUT /cases/{id} with If-Match; on a 422, what is valid is sent again without the refused values. */
export async function saveDraft(input: SaveInput): Promise<SaveResult> {
  const { caseId, draft, version, autosave } = input;
  try {
    return { status: 'saved', out: await put(caseId, version, draft, autosave) };
  } catch (err) {
    const e = asApiError(err);
    if (e.status === 412) return { status: 'conflict', error: e };
    if (e.status !== 422) return { status: 'failed', error: e };
    const refusals: (readonly FieldError[])[] = [e.fieldErrors];
    let saved: Draft;
    try {
      saved = typeof input.saved === 'function' ? await input.saved() : input.saved;
    } catch {
      return { status: 'refused', error: e, refusals, landed: null };
    }
    let attempt = draft;
    let errors: readonly FieldError[] = e.fieldErrors;
    let aligned = true; // later errors still point at the draft's items (none was left out)
    for (let n = 0; n < PARTIAL_ATTEMPTS; n++) {
      const stripped = withoutRefused(attempt, saved, errors);
      if (!stripped) break;
      aligned &&= !stripped.shifted;
      try {
        const out = await put(caseId, version, stripped.body, autosave);
        return { status: 'refused', error: e, refusals, landed: { out, body: stripped.body } };
      } catch (again) {
        const e2 = asApiError(again);
        if (e2.status !== 422) break;
        attempt = stripped.body;
        errors = e2.fieldErrors;
        if (aligned) refusals.push(errors);
      }
    }
    return { status: 'refused', error: e, refusals, landed: null };
  }
}

/** After a save: the saved case is the answer; what is computed from it (readiness, lists) is read afresh. */
export function afterSave(qc: QueryClient, out: CaseOut): void {
  const path = { case_id: out.id };
  afterWrite(qc, {
    update: [fromAnswer<CaseOut>(getCaseQueryKey({ path }), out)],
    invalidate: [caseReadinessQueryKey({ path }), listCasesQueryKey()],
  });
}

// ---- one writer per case: the open editor or the background sync, never both --------------------

const editing = new Map<string, number>();
const syncing = new Map<string, Promise<void>>();
const k = (user: string, caseId: string) => `${user}\u0000${caseId}`;

/**
 * The editor of this case is open: the background sync leaves its draft alone. Returns the release,
 * and `settled` resolves once a background save of this case already under way has finished (the
 * editor reads the draft kept on this device after it, so both never send the same edits).
 */
export function claimForEditing(user: string, caseId: string): { settled: Promise<void>; release: () => void } {
  const key = k(user, caseId);
  editing.set(key, (editing.get(key) ?? 0) + 1);
  let released = false;
  return {
    settled: syncing.get(key) ?? Promise.resolve(),
    release: () => {
      if (released) return;
      released = true;
      const n = (editing.get(key) ?? 1) - 1;
      if (n > 0) editing.set(key, n);
      else editing.delete(key);
    },
  };
}

export function isBeingEdited(user: string, caseId: string): boolean {
  return editing.has(k(user, caseId));
}

/** The background sync runs `work` for one case; the editor opening it waits for the end. */
export async function whileSyncing<T>(user: string, caseId: string, work: () => Promise<T>): Promise<T> {
  const key = k(user, caseId);
  const p = work();
  const mark = p.then(
    () => undefined,
    () => undefined,
  );
  syncing.set(key, mark);
  try {
    return await p;
  } finally {
    if (syncing.get(key) === mark) syncing.delete(key);
  }
}
