import { useEffect, useState, type MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, Outlet, useLocation } from 'react-router';

import { can, useMe } from '../auth/session';
import { useSignOut } from '../auth/signOut';
import { LanguageSwitcher } from '../components/LanguageSwitcher';
import { draftUser } from '../features/drafts/store';
import { OfflineSession } from '../features/offline/session';
import { navFor } from '../navigation';
import { ConnectionIndicator } from './ConnectionIndicator';
import { NotificationsBell } from './NotificationsBell';
import { UpdatePrompt } from './UpdatePrompt';

export function AppShell() {
  const { t } = useTranslation();
  const me = useMe();
  const location = useLocation();
  const [menuOpen, setMenuOpen] = useState(false);
  const { signOut, pending: signingOut } = useSignOut({ signedOut: true });

  useEffect(() => setMenuOpen(false), [location.pathname]);

  const skipToMain = (e: MouseEvent<HTMLAnchorElement>) => {
    e.preventDefault();
    document.getElementById('main')?.focus();
  };

  return (
    <div className="shell">
      <a className="skip-link" href="#main" onClick={skipToMain}>
        {t('shell.skipToMain')}
      </a>
      <header className="topbar">
        <div className="topbar__brand">
          <span className="brand-mark" aria-hidden="true" />
          <span className="brand-name">{t('app.name')}</span>
        </div>
        <button
          type="button"
          className="btn btn--ghost topbar__menu"
          aria-expanded={menuOpen}
          aria-controls="primary-nav"
          onClick={() => setMenuOpen((o) => !o)}
        >
          {t('shell.menu')}
        </button>
        <div className="topbar__account">
          <p className="who">
            <span className="who__name">{me.display_name ?? me.email}</span>
            <span className="who__org">
              {me.organization.name} · <span className="badge">{t(`roles.${me.role}`)}</span>
            </span>
          </p>
          <ConnectionIndicator />
          {can(me, 'notifications') ? <NotificationsBell /> : null}
          <LanguageSwitcher className="lang-switcher--compact" />
          <button type="button" className="btn btn--ghost" onClick={signOut} disabled={signingOut}>
            {t('shell.signOut')}
          </button>
        </div>
      </header>
      <UpdatePrompt />
      <div className="shell__body">
        <nav
          id="primary-nav"
          className={menuOpen ? 'sidenav sidenav--open' : 'sidenav'}
          aria-label={t('shell.mainNavigation')}
        >
          <ul>
            {navFor(me).map((n) => (
              <li key={n.id}>
                <NavLink to={n.to(me)} end={n.id === 'home'} className="sidenav__link">
                  {t(`nav.${n.id}`)}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <main id="main" className="main" tabIndex={-1}>
          {/* This person's key for what is kept on this device, before the pages that keep it open. */}
          <OfflineSession user={draftUser(me)}>
            <Outlet />
          </OfflineSession>
        </main>
      </div>
    </div>
  );
}
