import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { initI18n } from '../i18n';
import type { Draft } from './content';
import { fieldId, locToField, mapFieldErrors } from './fieldErrors';
import { differingSections, resolveConflict, type ServerCase } from './merge';
import { ReadinessPanel } from './ReadinessPanel';

describe('field errors from problem+json loc', () => {
  it('maps a content path to its field key', () => {
    expect(locToField(['body', 'content', 'abuses', 0, 'incidents', 0, 'date'])).toBe('abuses.0.incidents.0.date');
    expect(locToField(['body', 'title'])).toBe('title');
    expect(locToField(['body', 'content', 'perpetrators', 1, 'name'])).toBe('perpetrators.1.name');
  });
  it('keeps errors that are not about a field apart', () => {
    const { fields, other } = mapFieldErrors([
      { loc: ['body', 'content', 'abuses', 0, 'incidents', 0, 'date'], msg: 'not a date' },
      { loc: ['body', 'content', 'abuses', 0, 'incidents', 0, 'date'], msg: 'in the future' },
      { loc: ['header', 'If-Match'], msg: 'not a version' },
      { loc: ['body'], msg: 'broken' },
    ]);
    expect(fields).toEqual({ 'abuses.0.incidents.0.date': ['not a date', 'in the future'] });
    expect(other.map((o) => o.msg)).toEqual(['not a version', 'broken']);
  });
  it('gives ids the editor puts on the inputs', () => {
    expect(fieldId('abuses.0.incidents.0.date')).toBe('f-abuses-0-incidents-0-date');
  });
});

describe('412 merge choice', () => {
  const mine: Draft = { title: 'Mine', target_jurisdictions: ['us'], content: { exculpatory_information: 'mine' } };
  const server: ServerCase = { title: 'Theirs', target_jurisdictions: ['us', 'uk'], content: { exculpatory_information: 'theirs' }, version: 7 };
  it('keeping mine re-sends my draft against the server version', () => {
    const r = resolveConflict('mine', mine, server);
    expect(r).toEqual({ draft: mine, version: 7, resave: true });
  });
  it("taking the server's drops my edits and does not save", () => {
    const r = resolveConflict('theirs', mine, server);
    expect(r.draft).toEqual({ title: 'Theirs', target_jurisdictions: ['us', 'uk'], content: { exculpatory_information: 'theirs' } });
    expect(r.version).toBe(7);
    expect(r.resave).toBe(false);
    expect(r.draft.content).not.toBe(server.content);
  });
  it('names the sections that differ', () => {
    expect(differingSections(mine, server)).toEqual(['title', 'target_jurisdictions', 'exculpatory_information']);
  });
});

describe('readiness panel', () => {
  it('shows ready, missing and not-eligible jurisdictions as the API said', () => {
    initI18n('en');
    render(
      <ReadinessPanel
        readiness={{
          us: { jurisdiction: 'us', name: 'United States', addressee: 'OFAC', eligible: true, ready: true, eligible_regimes: [{ code: 'glomag', name: 'Global Magnitsky', legal_basis: 'EO 13818', kind: 'human_rights', standard_of_proof: 'credible evidence', abuses: [], perpetrator_ids: [] }], missing: [], warnings: [], reasons: [] },
          uk: { jurisdiction: 'uk', name: 'United Kingdom', addressee: 'FCDO', eligible: true, ready: false, eligible_regimes: [], missing: ['jurisdictions.uk.impact_argument'], warnings: [{ code: 'duplicate_name', loc: ['perpetrators', 0, 'name'], msg: 'duplicate?' }], reasons: [] },
          eu: { jurisdiction: 'eu', name: 'European Union', addressee: 'EEAS', eligible: false, ready: false, eligible_regimes: [], missing: [], warnings: [], reasons: ['corruption only: no EU regime'] },
        }}
      />,
    );
    const us = within(screen.getByTestId('readiness-us'));
    expect(us.getByText('Ready')).toBeTruthy();
    expect(us.getByText(/Global Magnitsky/)).toBeTruthy();
    const uk = within(screen.getByTestId('readiness-uk'));
    expect(uk.getByText('Not ready yet')).toBeTruthy();
    expect(uk.getByText('jurisdictions.uk.impact_argument')).toBeTruthy();
    expect(uk.getByText(/duplicate\?/)).toBeTruthy();
    const eu = within(screen.getByTestId('readiness-eu'));
    expect(eu.getByText('Not eligible')).toBeTruthy();
    expect(eu.getByText('corruption only: no EU regime')).toBeTruthy();
  });
  it('asks for target jurisdictions when there are none', () => {
    initI18n('en');
    render(<ReadinessPanel readiness={{}} />);
    expect(screen.getByText('Choose target jurisdictions to see readiness.')).toBeTruthy();
  });
});

describe('work translations', () => {
  type Tree = { [key: string]: string | Tree };
  const flatten = (tree: Tree, prefix = ''): Map<string, string> => {
    const out = new Map<string, string>();
    for (const [k, v] of Object.entries(tree)) {
      if (typeof v === 'string') out.set(prefix + k, v);
      else for (const [kk, vv] of flatten(v, `${prefix}${k}.`)) out.set(kk, vv);
    }
    return out;
  };
  const ph = (s: string) => [...s.matchAll(/{{\s*(\w+)\s*}}/g)].map((m) => m[1]).sort();
  it.each(['fr', 'es', 'ar'] as const)('%s has every English key with the same placeholders', async (code) => {
    const { resources } = await import('../i18n');
    const en = flatten(resources.en.work as unknown as Tree);
    const other = flatten(resources[code].work as unknown as Tree);
    expect([...other.keys()].sort()).toEqual([...en.keys()].sort());
    for (const [key, text] of other) {
      expect(text.trim(), key).not.toBe('');
      expect(ph(text), key).toEqual(ph(en.get(key) ?? ''));
    }
  });
});
