import { fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { initI18n, LANGUAGES, resources } from '../../i18n';
import { ReadinessPanel } from '../ReadinessPanel';

type Tree = { [key: string]: string | Tree };
function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    if (typeof v === 'string') out.set(prefix + k, v);
    else for (const [kk, vv] of flatten(v, `${prefix}${k}.`)) out.set(kk, vv);
  }
  return out;
}
const placeholders = (s: string) => [...s.matchAll(/{{\s*(\w+)\s*}}/g)].map((m) => m[1]).sort();

describe('lists translations', () => {
  const en = flatten(resources.en.lists as unknown as Tree);
  it.each(LANGUAGES.map((l) => l.code))('%s has every English key, non-empty, with the same placeholders', (code) => {
    const other = flatten(resources[code].lists as unknown as Tree);
    expect([...other.keys()].sort()).toEqual([...en.keys()].sort());
    for (const [key, text] of other) {
      expect(text.trim(), key).not.toBe('');
      expect(placeholders(text), key).toEqual(placeholders(en.get(key) ?? ''));
    }
  });
});

describe('readiness labels', () => {
  it('shows the API labels, and each item links to and focuses its field when the form is on the page', () => {
    initI18n('en');
    render(
      <>
        <fieldset id="f-perpetrators-0" tabIndex={-1}>
          <legend>Perpetrator 1</legend>
          <input id="f-perpetrators-0-name" aria-label="Name" />
        </fieldset>
        <ReadinessPanel
          readiness={{
            uk: {
              jurisdiction: 'uk', name: 'United Kingdom', label: 'United Kingdom', addressee: 'FCDO', eligible: true, ready: false,
              eligible_regimes: [{ code: 'uk_ghr', name: 'Global Human Rights sanctions', label: 'Global Human Rights sanctions', legal_basis: '', kind: 'human_rights', standard_of_proof: '', abuses: [], perpetrator_ids: ['p1'], perpetrators: [{ id: 'p1', label: 'Perpetrator 2 (Ivan Petrov)' }] }],
              missing: ['perpetrators[0].name', 'jurisdictions.uk.ties_and_assets'],
              missing_items: [
                { path: 'perpetrators[0].name', field: 'perpetrators.0.name', label: 'Perpetrator 1 › Name', code: 'need_perpetrator_name', msg: 'every perpetrator needs a name' },
                { path: 'jurisdictions.uk.ties_and_assets', field: 'jurisdictions.uk.ties_and_assets', label: 'United Kingdom › Ties and assets', code: 'need_ties', msg: 'assets, travel and financial ties there' },
              ],
              warnings: [{ code: 'perpetrator_not_linked', loc: ['perpetrators', 0], msg: '9c29c643aadc1cd5 is not linked to any abuse', field: 'perpetrators.0', label: 'Perpetrator 1', text: 'Perpetrator 1 is not linked to any abuse' }],
              reasons: [],
            },
          }}
        />
      </>,
    );
    const uk = within(screen.getByTestId('readiness-uk'));
    expect(uk.getByText('Global Human Rights sanctions')).toBeTruthy();
    expect(uk.queryByText(/9c29c643aadc1cd5/)).toBeNull();
    // Its subject said once: the link stands for it (ReadinessPanel `withoutSubject`).
    const warning = uk.getByText((_, el) => el?.tagName === 'LI' && el.textContent === 'Perpetrator 1 is not linked to any abuse');
    expect(within(warning).getByRole('link', { name: 'Perpetrator 1' })).toBeTruthy();
    const name = uk.getByRole('link', { name: 'Perpetrator 1 › Name' });
    expect(name.getAttribute('href')).toBe('#f-perpetrators-0-name');
    fireEvent.click(name);
    expect(document.activeElement?.id).toBe('f-perpetrators-0-name');
    fireEvent.click(uk.getByRole('link', { name: 'Perpetrator 1' }));
    expect(document.activeElement?.id).toBe('f-perpetrators-0');
    // Not on this page (no ties section): words, not a dead link.
    expect(uk.getByText('United Kingdom › Ties and assets').closest('a')).toBeNull();
  });
});
