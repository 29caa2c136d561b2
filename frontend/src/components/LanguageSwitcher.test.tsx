import { act, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { I18nextProvider } from 'react-i18next';
import { describe, expect, it } from 'vitest';

import { changeLanguage, initI18n } from '../i18n';
import { LanguageSwitcher } from './LanguageSwitcher';

describe('<LanguageSwitcher>', () => {
  it('is a labelled select that switches the page to right-to-left Arabic and back', async () => {
    const i18n = initI18n('en');
    await changeLanguage('en');
    render(
      <I18nextProvider i18n={i18n}>
        <LanguageSwitcher />
      </I18nextProvider>,
    );
    const user = userEvent.setup();
    const select = screen.getByLabelText('Language');
    expect(select).toHaveValue('en');
    expect(screen.getAllByRole('option').map((o) => o.textContent)).toEqual(['English', 'Français', 'Español', 'العربية']);

    await user.selectOptions(select, 'ar');
    expect(document.documentElement).toHaveAttribute('dir', 'rtl');
    expect(document.documentElement).toHaveAttribute('lang', 'ar');
    expect(screen.getByLabelText('اللغة')).toHaveValue('ar');
    expect(window.localStorage.getItem('portal.language')).toBe('ar');

    await user.selectOptions(screen.getByLabelText('اللغة'), 'es');
    expect(document.documentElement).toHaveAttribute('dir', 'ltr');
    expect(screen.getByLabelText('Idioma')).toHaveValue('es');
    await act(() => changeLanguage('en'));
  });
});
