import { describe, expect, it } from 'vitest';

import { differences } from './compare';

describe('differences (412: both versions side by side)', () => {
  it('lists each differing leaf with both values, and what only one side has', () => {
    const mine = { title: 'Case A', content: { perpetrators: [{ name: 'Ivan Petrov', nationality: ['RU'] }], summary: 'same' } };
    const theirs = { title: 'Case A (coordinator)', content: { perpetrators: [{ name: 'Ivan Petrov' }], summary: 'same', notes: 'new' } };
    expect(differences(mine, theirs)).toEqual([
      { path: ['title'], mine: 'Case A', theirs: 'Case A (coordinator)' },
      { path: ['content', 'perpetrators', 0, 'nationality', 0], mine: 'RU', theirs: null },
      { path: ['content', 'notes'], mine: null, theirs: 'new' },
    ]);
  });

  it('treats empty strings, nulls and empty lists as no value', () => {
    expect(differences({ a: '', b: null, c: [] }, {})).toEqual([]);
    expect(differences({ a: 'x' }, { a: 'x' })).toEqual([]);
  });
});
