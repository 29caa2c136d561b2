/** RFC 9457 problem details as the API sends them (application/problem+json). */
export interface FieldError {
  loc: (string | number)[];
  msg: string;
  type?: string | null;
}

export interface Problem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  instance?: string;
  errors?: FieldError[];
  [extra: string]: unknown;
}

/** Every failed API call surfaces as one of these (see setup.ts): status 0 means no answer at all. */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;

  constructor(status: number, problem: Problem) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.problem = problem;
  }

  get fieldErrors(): FieldError[] {
    return Array.isArray(this.problem.errors) ? this.problem.errors : [];
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Turns whatever the fetch layer produced into an ApiError. */
export function toApiError(body: unknown, status: number | undefined): ApiError {
  if (body instanceof ApiError) return body;
  if (status === undefined) {
    return new ApiError(0, { title: 'Network error', detail: body instanceof Error ? body.message : undefined });
  }
  if (isRecord(body)) {
    const problem: Problem = { ...body };
    // FastAPI's own shape ({"detail": [...]}) in case a route bypasses the problem handler.
    if (Array.isArray(body.detail)) {
      problem.errors = body.detail as FieldError[];
      problem.detail = undefined;
    } else if (typeof body.detail !== 'string') {
      problem.detail = undefined;
    }
    problem.status = typeof body.status === 'number' ? body.status : status;
    return new ApiError(status, problem);
  }
  return new ApiError(status, { status, detail: typeof body === 'string' && body.length < 500 ? body : undefined });
}

export function asApiError(error: unknown): ApiError {
  return error instanceof ApiError ? error : toApiError(error, undefined);
}
