import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import { LanguageSwitcher } from './LanguageSwitcher';

/** The frame of the screens shown without a session (sign-in, invitation, two-factor gate). */
export function AuthLayout({ wide, children }: { wide?: boolean; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div className="auth-layout">
      <header className="auth-layout__top">
        <span className="brand-name">{t('app.name')}</span>
        <LanguageSwitcher />
      </header>
      <main id="main" className={wide ? 'auth-card auth-card--wide' : 'auth-card'} tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}
