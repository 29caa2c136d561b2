import { render, screen } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { describe, expect, it } from 'vitest';

import { changeLanguage, initI18n } from '../i18n';
import { DateTime, formatDate, formatDateTime, formatPartialDate } from './DateTime';

const AT = '2026-04-11T14:03:00Z';
const local = new Date(AT);

describe('one date format for every screen', () => {
  it('writes a date and time in the interface language', () => {
    // The portal's English is British: "11 Apr 2026, 14:03", never "Apr 11, 2026, 2:03 PM".
    expect(formatDateTime(AT, 'en')).toBe(new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short' }).format(local));
    expect(formatDateTime(AT, 'en')).not.toMatch(/AM|PM/);
    expect(formatDateTime(AT, 'fr')).toBe(new Intl.DateTimeFormat('fr', { dateStyle: 'medium', timeStyle: 'short' }).format(local));
  });

  it('has no AM/PM in Arabic: the 24-hour clock', () => {
    const ar = formatDateTime('2026-04-11T21:05:00', 'ar'); // local 21:05
    // The language's own default would say "٩:٠٥ م" (or 9:05 PM): the day period is what must go.
    const parts = new Intl.DateTimeFormat('ar', { timeStyle: 'short' }).formatToParts(new Date('2026-04-11T21:05:00'));
    const period = parts.find((p) => p.type === 'dayPeriod')?.value;
    if (period) expect(ar).not.toContain(period);
    expect(ar).not.toMatch(/AM|PM/);
    expect(ar).toMatch(/(21|٢١):(05|٠٥)/);
  });

  it('writes a date only where only a date is meant, never shifted by the time zone', () => {
    expect(formatDate('2026-04-11', 'en-GB')).toBe('11 Apr 2026');
    expect(formatDateTime('2026-04-11', 'en-GB')).toBe('11 Apr 2026');
    expect(formatDate(AT, 'en-GB')).toBe(new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium' }).format(local));
    // A whole date of the content model reads like every other date.
    expect(formatPartialDate('2026-04-11', 'en-GB')).toBe(formatDate('2026-04-11', 'en-GB'));
    expect(formatPartialDate('1968-04', 'en-GB')).toBe('April 1968');
  });

  it('gives back what it cannot read as typed', () => {
    expect(formatDateTime('not a date', 'en')).toBe('not a date');
    expect(formatDate('2021-02-31', 'en')).toBe('2021-02-31');
  });

  it('<DateTime> marks up the instant and follows the language', async () => {
    const i18n = initI18n('en');
    await changeLanguage('ar');
    const { unmount } = render(
      <I18nextProvider i18n={i18n}>
        <DateTime value="2026-04-11T21:05:00" />
        <DateTime value="2026-04-11T21:05:00" dateOnly />
        <DateTime value={null} />
      </I18nextProvider>,
    );
    const times = document.querySelectorAll('time');
    expect(times).toHaveLength(2);
    expect(times[0]!).toHaveAttribute('datetime', '2026-04-11T21:05:00');
    expect(times[0]!.textContent).toBe(formatDateTime('2026-04-11T21:05:00', 'ar'));
    expect(times[1]!.textContent).toBe(formatDate('2026-04-11T21:05:00', 'ar'));
    expect(times[1]!.textContent).not.toMatch(/:/);
    expect(screen.getByText(i18n.t('common.never'))).toBeInTheDocument();
    unmount();
    await changeLanguage('en');
  });
});
