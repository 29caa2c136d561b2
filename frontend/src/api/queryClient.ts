import { hashKey, MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import i18n from 'i18next';

import { getMeQueryKey } from '../client/@tanstack/react-query.gen';
import { ApiError } from './errors';

function retry(failureCount: number, error: unknown): boolean {
  // Client errors are answers, not accidents: never retry them.
  if (error instanceof ApiError && error.status >= 400 && error.status < 500) return false;
  return failureCount < 2;
}

export function createQueryClient(): QueryClient {
  const queryClient: QueryClient = new QueryClient({
    queryCache: new QueryCache({
      onError: (error, query) => {
        // A session that expired while a page was open: re-check who we are, which leads to sign-in.
        if (error instanceof ApiError && error.status === 401 && query.queryHash !== hashKey(meKey())) {
          void queryClient.invalidateQueries({ queryKey: meKey() });
        }
      },
    }),
    mutationCache: new MutationCache({
      onError: (error) => {
        if (error instanceof ApiError && error.status === 401) {
          void queryClient.invalidateQueries({ queryKey: meKey() });
        }
      },
    }),
    defaultOptions: {
      queries: { retry, staleTime: 15_000, refetchOnWindowFocus: false },
      mutations: { retry: false },
    },
  });
  // Answers with labels in the chosen language (Accept-Language, api/setup.ts) are fetched again in the new one.
  i18n.on('languageChanged', () => {
    void queryClient.invalidateQueries({
      predicate: (q) => {
        const id = (q.queryKey[0] as { _id?: string } | undefined)?._id;
        return id === 'caseReadiness' || id === 'diffCase' || id === 'listJurisdictions';
      },
    });
  });
  return queryClient;
}

export function meKey() {
  return getMeQueryKey();
}
