import './work.css';

import { useQuery } from '@tanstack/react-query';

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
  return useQuery({ queryKey: ['work', 'case', caseId], queryFn: () => call(sdk.getCaseApiV1CasesCaseIdGet({ path: { case_id: caseId } })) });
}
