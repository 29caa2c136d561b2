/**
 * Whether an upload answer is a refusal that trying again cannot change (a 4xx other than the tus
 * "busy" answers 409 Conflict, 423 Locked and 429 Too Many Requests), and why, in the person's words.
 */
export interface Refusal {
  /** i18n key (namespace `drafts`) of the sentence. */
  key: 'upload.type' | 'upload.size' | 'upload.checksum' | 'upload.refused';
  /** The server's own explanation (problem+json `detail`), when it gave one. */
  detail: string;
  status: number;
}

const RETRYABLE_4XX = new Set([408, 409, 423, 429]);

export function isRefusal(status: number | undefined): status is number {
  return status !== undefined && status >= 400 && status < 500 && !RETRYABLE_4XX.has(status);
}

function detailOf(body: string | undefined): string {
  if (!body) return '';
  try {
    const p = JSON.parse(body) as { detail?: unknown; title?: unknown };
    if (typeof p.detail === 'string') return p.detail;
    if (typeof p.title === 'string') return p.title;
  } catch {
    // not JSON: a short plain-text reason is shown as is
  }
  return body.length < 300 ? body.trim() : '';
}

export function refusal(status: number, body: string | undefined): Refusal {
  const detail = detailOf(body);
  const key = status === 415 ? 'upload.type' : status === 413 ? 'upload.size' : status === 460 ? 'upload.checksum' : 'upload.refused';
  return { key, detail, status };
}
