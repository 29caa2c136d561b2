import { render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { initI18n } from '../../i18n';
import type { Draft } from '../content';
import { fieldId, locToField } from '../fieldErrors';
import { CaseFields } from './CaseFields';
import model from './content-model.json';
import { contentPaths, mapToControls, onPage, resolveFieldKey } from './fieldMap';

/** One of everything the content model has: every list with an item, every jurisdiction, every section. */
const FULL: Draft = {
  title: 'Case',
  target_jurisdictions: ['us', 'uk', 'ca', 'eu'],
  content: {
    perpetrators: [
      {
        id: 'p1',
        schema: 'Person',
        name: 'Ivan Petrov',
        aliases: ['Vanya'],
        transliterations: ['Иван Петров'],
        birth_date: '1971',
        place_of_birth: 'Omsk',
        gender: 'male',
        nationality: ['ru'],
        id_numbers: [{ kind: 'passport', number: '123', country: 'ru' }],
        positions: [{ title: 'Colonel', organisation: 'OSN-7', start_date: '2019', end_date: '2021' }],
        affiliated_units: ['OSN-7'],
        notes: 'n',
      },
    ],
    abuses: [
      {
        id: 'a1',
        category: 'torture',
        description: 'd',
        incidents: [{ id: 'i1', date: '2020', end_date: '2021', country: 'ru', locality: 'Omsk', description: 'd' }],
        perpetrator_roles: [{ perpetrator_id: 'p1', role: 'ordered', description: 'd' }],
        widespread_or_systematic: true,
        of_serious_concern: false,
      },
    ],
    victims: { count: 3, count_is_estimate: true, groups: ['other'], other_description: 'o', description: 'd' },
    jurisdictions: Object.fromEntries(
      ['us', 'uk', 'ca', 'eu'].map((j) => [
        j,
        { ties_and_assets: [{ kind: 'property', description: 'd', location: 'l', value: 'v' }], sanctions_in_force: [{ authority: 'a', program: 'p', reference: 'r', date: '2020' }], impact_argument: 'i' },
      ]),
    ),
    exculpatory_information: 'e',
    sources: [{ id: 's1', kind: 'witness', description: 'd', confidential: true }],
    contact: { name: 'n', email: 'a@b.org', phone: '+44 20 7946 0000' },
    partner_organisations: ['Partner'],
    unmapped_content: [{ text: 't', heading: 'h', where: 'paragraph 3' }],
  },
};

function renderAll() {
  initI18n('en');
  return render(<CaseFields draft={FULL} edit={() => undefined} errors={{}} readOnly={false} />);
}

/** The control a path must be shown at: itself, its list's control (values of a list of names or
 * countries), its item (ids, which nobody types), or the block it came from (imported leftovers). */
function expectedTarget(path: (string | number)[], scalarListItem: boolean): string {
  const key = path.join('.');
  if (/^abuses\.0\.perpetrator_roles\.0\.perpetrator_id$/.test(key)) return 'abuses.0.perpetrator_roles.0.role';
  if (path[0] === 'unmapped_content' && path.length > 2) return path.slice(0, 2).join('.');
  if (path[path.length - 1] === 'id') return path.slice(0, -1).join('.');
  if (scalarListItem && !['nationality'].includes(String(path[path.length - 2]))) return path.slice(0, -1).join('.');
  return key;
}

describe('every errors[].loc of the content model maps to a field', () => {
  const paths = contentPaths(model.schema as Parameters<typeof contentPaths>[0]);

  it('walks the whole model (every section and the fields added for readiness)', () => {
    const keys = new Set(paths.map((p) => p.path.join('.')));
    for (const k of [
      'perpetrators.0.nationality.0',
      'perpetrators.0.id_numbers.0.number',
      'perpetrators.0.place_of_birth',
      'perpetrators.0.gender',
      'perpetrators.0.positions.0.end_date',
      'abuses.0.widespread_or_systematic',
      'abuses.0.of_serious_concern',
      'jurisdictions.eu.sanctions_in_force.0.date',
      'jurisdictions.uk.ties_and_assets.0.location',
      'contact.phone',
      'unmapped_content.0.where',
    ])
      expect(keys, k).toContain(k);
    expect(paths.filter((p) => p.leaf).length).toBeGreaterThan(80);
  });

  it('each leaf path has its own control on the page, each item and list an element', () => {
    renderAll();
    const exists = onPage();
    const wrong: string[] = [];
    for (const { path, leaf, scalarListItem } of paths) {
      const key = locToField(['body', 'content', ...path]);
      expect(key).not.toBeNull();
      const got = resolveFieldKey(key as string, exists);
      if (leaf) {
        const want = expectedTarget(path, scalarListItem);
        if (got !== want) wrong.push(`${key} → ${got ?? 'nothing'} (want ${want})`);
      } else if (got !== key) wrong.push(`${key} → ${got ?? 'nothing'} (an item or list without an element)`);
    }
    expect(wrong).toEqual([]);
  });

  it('the title and the target jurisdictions too', () => {
    renderAll();
    expect(resolveFieldKey('title', onPage())).toBe('title');
    expect(resolveFieldKey('target_jurisdictions.0', onPage())).toBe('target_jurisdictions');
  });

  it('puts the server message next to the field, and keeps the others apart', () => {
    renderAll();
    const { fields, other } = mapToControls(
      [
        { loc: ['body', 'content', 'perpetrators', 0, 'nationality', 0], msg: "'Russian' is not an ISO 3166-1 alpha-2 country code" },
        { loc: ['body', 'content', 'perpetrators', 0, 'birth_date'], msg: "'14/03/1971' is not an ISO date" },
        { loc: ['body', 'content', 'perpetrators', 0, 'aliases', 0], msg: 'too long' },
        { loc: ['header', 'if-match'], msg: 'missing' },
        { loc: ['body', 'content', 'perpetrators', 7, 'name'], msg: 'no such item on the page' },
      ],
      onPage(),
    );
    expect(fields).toEqual({
      'perpetrators.0.nationality.0': ["'Russian' is not an ISO 3166-1 alpha-2 country code"],
      'perpetrators.0.birth_date': ["'14/03/1971' is not an ISO date"],
      'perpetrators.0.aliases': ['too long'],
      perpetrators: ['no such item on the page'],
    });
    expect(other.map((o) => o.msg)).toEqual(['missing']);
    expect(document.getElementById(fieldId('perpetrators.0.nationality.0'))).toHaveValue('Russia');
  });
});
