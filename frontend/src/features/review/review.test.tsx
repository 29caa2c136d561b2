import { render, screen } from '@testing-library/react';
import i18n from 'i18next';
import { describe, expect, it } from 'vitest';

import { ApiError } from '../../api/errors';
import { initI18n } from '../../i18n';
import { errorsByField, FormProblem } from '../../pages/packages/formErrors';
import type { CaseContent } from '../content';
import { countryName, formatPartialDate, formatSize } from './format';
import { describePath, describeValue, isUnder, parsePath, sectionOfPath } from './paths';

const content: CaseContent = {
  perpetrators: [{ id: 'p1', name: 'Ivan Sidorov', positions: [{ title: 'Colonel' }] }, { id: 'p2', name: 'Oleg Volkov' }],
  abuses: [{ id: 'a1', category: 'torture', incidents: [{ id: 'i1', date: '2021-03-04' }] }],
};

function tr() {
  initI18n('en');
  return { t: i18n.getFixedT('en', 'review'), tw: i18n.getFixedT('en', 'work') } as Parameters<typeof describePath>[1];
}

describe('content paths in words', () => {
  it('parses both bracket and dot indices', () => {
    expect(parsePath('perpetrators[1].positions[0].title')).toEqual(['perpetrators', 1, 'positions', 0, 'title']);
    expect(parsePath('perpetrators.1.name')).toEqual(['perpetrators', 1, 'name']);
    expect(sectionOfPath('jurisdictions.uk.ties_and_assets')).toBe('jurisdictions');
  });
  it('anchors a path under its item, not under a neighbour', () => {
    expect(isUnder('perpetrators[0].positions', 'perpetrators[0]')).toBe(true);
    expect(isUnder('perpetrators[10].name', 'perpetrators[1]')).toBe(false);
    expect(isUnder('perpetrators', 'perpetrators[0]')).toBe(false);
  });
  it('names sections, items (with their name) and fields', () => {
    const x = tr();
    expect(describePath('perpetrators[1].positions[0].title', x, content)).toBe('Perpetrator 2 (Oleg Volkov) › Position 1 › Title');
    expect(describePath('abuses[0].incidents[0].date', x, content)).toBe('Abuse 1 (Torture) › Incident 1 › Date');
    expect(describePath('jurisdictions.uk.impact_argument', x, content)).toBe('United Kingdom › Impact argument');
    expect(describePath('victims.groups', x)).toBe('Victims › Groups of victims');
  });
  it('says values in words', () => {
    const { t } = tr();
    expect(describeValue(null, t)).toBe('(empty)');
    expect(describeValue(true, t)).toBe('Yes');
    expect(describeValue(['a', 'b'], t)).toBe('a; b');
    expect(describeValue({ name: 'Oleg Volkov', schema: 'Person' }, t)).toBe('“Oleg Volkov” (2 fields)');
  });
});

describe('Intl formatting', () => {
  it('formats partial dates, countries and sizes in the language', () => {
    expect(formatPartialDate('1968', 'en')).toBe('1968');
    expect(formatPartialDate('1968-04', 'en-GB')).toBe('April 1968');
    expect(formatPartialDate('1968-04-11', 'en-GB')).toBe('11 Apr 1968'); // the shared date style (components/DateTime)
    expect(formatPartialDate('31/02/2021', 'en')).toBe('31/02/2021');
    expect(countryName('ru', 'en')).toBe('Russia');
    expect(countryName('ru', 'fr')).toBe('Russie');
    expect(formatSize(1_200_000, 'en')).toBe('1.2 MB');
    expect(formatSize(512, 'en')).toBe('512 byte');
  });
});

describe('tracking form errors name the field', () => {
  const fields = {
    follow_up_date: { label: 'Follow-up date', id: 'fu' },
    'designation.program': { label: 'Programme', id: 'pg' },
    designation: { label: 'Designation', id: 'dd' },
  };
  const error = new ApiError(422, {
    detail: 'The follow-up date is in the past',
    errors: [
      { loc: ['body', 'follow_up_date'], msg: '2020-01-01 is in the past' },
      { loc: ['body', 'designation', 'program'], msg: 'String should have at least 1 character' },
      { loc: ['body', 'designation'], msg: 'required for status designated' },
      { loc: ['body', 'mystery'], msg: 'odd' },
    ],
  });
  it('maps every loc to the longest matching field', () => {
    expect(errorsByField(error, fields)).toEqual({
      follow_up_date: ['2020-01-01 is in the past'],
      'designation.program': ['String should have at least 1 character'],
      designation: ['required for status designated'],
    });
  });
  it('lists each error by the field label, linking to the field', () => {
    initI18n('en');
    render(<FormProblem error={error} fields={fields} />);
    expect(screen.getByRole('link', { name: 'Follow-up date' })).toHaveAttribute('href', '#fu');
    expect(screen.getByRole('link', { name: 'Programme' })).toHaveAttribute('href', '#pg');
    expect(screen.getByRole('alert')).toHaveTextContent('Field “mystery”: odd');
    expect(screen.getByRole('alert')).not.toHaveTextContent('body.');
  });
});
