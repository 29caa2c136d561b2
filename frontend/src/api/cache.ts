import type { QueryClient, QueryKey } from '@tanstack/react-query';

/**
 * The one cache policy for writes. It rests on the backend's commit rule: a request's transaction
 * commits before its response is sent (app/api/deps.py), so once a write has answered, every read
 * that follows sees it. After a successful write, therefore:
 *  1. entries the answer itself brings up to date are updated from it (the screen changes at once);
 *  2. every read the write affects is invalidated: those on screen refetch now, others on next use.
 * Nothing waits, retries or re-reads later for a change to "arrive". (The polling in the evidence and
 * package screens follows background jobs — scans, builds — not writes.)
 */
export interface Written {
  /** Cache entries brought up to date from the answer (see `fromAnswer`). */
  update?: readonly CacheUpdate[];
  /** Generated query keys of the reads the write changed; a key matches every query it is a prefix of
   * (e.g. `listCasesQueryKey()` covers every filter of the case list). */
  invalidate?: readonly QueryKey[];
}

export interface CacheUpdate {
  queryKey: QueryKey;
  update: (cached: unknown) => unknown;
}

/**
 * One cache entry of type `T` from a write's answer: either the object itself (`answer`), which is
 * stored as is, or a change to what is cached (a list gaining, losing or replacing an item), which
 * leaves an entry not in the cache alone.
 */
export function fromAnswer<T>(queryKey: QueryKey, answer: T | ((cached: T) => T)): CacheUpdate {
  const update = (cached: unknown) => {
    if (typeof answer !== 'function') return answer;
    return cached === undefined ? undefined : (answer as (cached: T) => T)(cached as T);
  };
  return { queryKey, update };
}

export function afterWrite(queryClient: QueryClient, { update = [], invalidate = [] }: Written): void {
  // An updater that returns undefined leaves the entry as it is.
  for (const u of update) queryClient.setQueryData(u.queryKey, u.update);
  for (const queryKey of invalidate) void queryClient.invalidateQueries({ queryKey });
}
