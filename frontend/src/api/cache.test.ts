import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';

import { listCasesQueryKey, listTokensQueryKey, getMeQueryKey } from '../client/@tanstack/react-query.gen';
import { afterWrite, fromAnswer } from './cache';

describe('afterWrite: the one cache policy', () => {
  it('stores an answer object, and changes a cached list only where it is cached', () => {
    const qc = new QueryClient();
    const tokens = listTokensQueryKey();
    afterWrite(qc, { update: [fromAnswer<string[]>(tokens, (list) => ['new', ...list]), fromAnswer(getMeQueryKey(), { id: 'u1' })] });
    expect(qc.getQueryData(tokens)).toBeUndefined();
    expect(qc.getQueryData(getMeQueryKey())).toEqual({ id: 'u1' });

    qc.setQueryData(tokens, ['old']);
    afterWrite(qc, { update: [fromAnswer<string[]>(tokens, (list) => ['new', ...list])] });
    expect(qc.getQueryData(tokens)).toEqual(['new', 'old']);
  });

  it('invalidates every variant of a generated key at once (the write is committed: no waiting)', () => {
    const qc = new QueryClient();
    const drafts = listCasesQueryKey({ query: { status: ['draft'] } });
    const all = listCasesQueryKey({ query: { limit: 200 } });
    const tokens = listTokensQueryKey();
    for (const key of [drafts, all, tokens]) qc.setQueryData(key, []);
    afterWrite(qc, { invalidate: [listCasesQueryKey()] });
    expect(qc.getQueryState(drafts)?.isInvalidated).toBe(true);
    expect(qc.getQueryState(all)?.isInvalidated).toBe(true);
    expect(qc.getQueryState(tokens)?.isInvalidated).toBe(false);
  });
});
