import type { QueryClient, QueryKey } from '@tanstack/react-query';

/**
 * After a write, the list on screen is updated from the write's own answer instead of being fetched
 * again at once: the backend commits its transaction after the response is sent (FastAPI request-scoped
 * dependency), so an immediate re-read can still see the old state. The list is only marked stale, so
 * the next visit reads it afresh.
 */
export function updateList<T>(queryClient: QueryClient, queryKey: QueryKey, update: (items: T[]) => T[]): void {
  queryClient.setQueryData<T[]>(queryKey, (items) => (items ? update(items) : items));
  void queryClient.invalidateQueries({ queryKey, refetchType: 'none' });
}
