import './work.css';

import { useQuery, type QueryKey } from '@tanstack/react-query';

import {
  getCaseOptions,
  getCaseQueryKey,
  listCasesQueryKey,
  listPackagesQueryKey,
  reviewQueueQueryKey,
  caseReadinessQueryKey,
  reviewStateQueryKey,
  sinceReviewedQueryKey,
} from '../client/@tanstack/react-query.gen';
import * as sdk from '../client/sdk.gen';

/** Short names for the generated SDK calls this part of the app uses; every call throws ApiError on failure. */
export { sdk };
export type {
  CaseOut,
  CaseSummaryOut,
  CommentOut,
  EvidenceOut,
  JurisdictionReadiness,
  PackageOut,
  QueueItemOut,
  SubmissionOut,
} from '../client/types.gen';

/** Throws the error the configured client produced; returns the body. */
export async function call<T>(p: Promise<{ data?: T; error?: unknown }>): Promise<T> {
  const r = await p;
  if (r.error !== undefined) throw r.error;
  return r.data as T;
}

/** One case file (GET /cases/{id}); the editor, review and packages screens share this cache entry. */
export function useCase(caseId: string) {
  return useQuery(getCaseOptions({ path: { case_id: caseId } }));
}

/**
 * The reads a workflow step on one case file (submit, assign, decide, package, send, status) can change:
 * the case, every case list and queue (status and counts), its review state and diff, its readiness
 * (every jurisdiction choice) and its packages. For `afterWrite` (api/cache.ts).
 */
export function caseReads(caseId: string): QueryKey[] {
  const path = { case_id: caseId };
  return [
    getCaseQueryKey({ path }),
    listCasesQueryKey(),
    reviewQueueQueryKey(),
    reviewStateQueryKey({ path }),
    sinceReviewedQueryKey({ path }),
    caseReadinessQueryKey({ path }),
    listPackagesQueryKey({ path }),
  ];
}
