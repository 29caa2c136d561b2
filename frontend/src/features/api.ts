import './work.css';

/** Short names for the generated SDK calls this part of the app uses; every call throws ApiError on failure. */
export * as sdk from '../client/sdk.gen';
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
