import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';

import { listCasesApiV1CasesGetQueryKey, listTokensApiV1TokensGetQueryKey, meApiV1MeGetQueryKey } from '../client/@tanstack/react-query.gen';
import { afterWrite, fromAnswer } from './cache';

describe('afterWrite: the one cache policy', () => {
  it('stores an answer object, and changes a cached list only where it is cached', () => {
    const qc = new QueryClient();
    const tokens = listTokensApiV1TokensGetQueryKey();
    afterWrite(qc, { update: [fromAnswer<string[]>(tokens, (list) => ['new', ...list]), fromAnswer(meApiV1MeGetQueryKey(), { id: 'u1' })] });
    expect(qc.getQueryData(tokens)).toBeUndefined();
    expect(qc.getQueryData(meApiV1MeGetQueryKey())).toEqual({ id: 'u1' });

    qc.setQueryData(tokens, ['old']);
    afterWrite(qc, { update: [fromAnswer<string[]>(tokens, (list) => ['new', ...list])] });
    expect(qc.getQueryData(tokens)).toEqual(['new', 'old']);
  });

  it('invalidates every variant of a generated key at once (the write is committed: no waiting)', () => {
    const qc = new QueryClient();
    const drafts = listCasesApiV1CasesGetQueryKey({ query: { status: ['draft'] } });
    const all = listCasesApiV1CasesGetQueryKey({ query: { limit: 200 } });
    const tokens = listTokensApiV1TokensGetQueryKey();
    for (const key of [drafts, all, tokens]) qc.setQueryData(key, []);
    afterWrite(qc, { invalidate: [listCasesApiV1CasesGetQueryKey()] });
    expect(qc.getQueryState(drafts)?.isInvalidated).toBe(true);
    expect(qc.getQueryState(all)?.isInvalidated).toBe(true);
    expect(qc.getQueryState(tokens)?.isInvalidated).toBe(false);
  });
});
