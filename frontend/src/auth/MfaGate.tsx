import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';

import { meKey } from '../api/queryClient';
import { logoutApiV1AuthLogoutPostMutation } from '../client/@tanstack/react-query.gen';
import type { MeOut } from '../client/types.gen';
import { LanguageSwitcher } from '../components/LanguageSwitcher';
import { PageHeader } from '../components/PageHeader';
import { MfaEnrolment } from './MfaEnrolment';

/**
 * A session the API limits until a second factor is in place (me.mfa_required): it may only enrol,
 * see who it is, and sign out. Shown instead of the portal.
 */
export function MfaGate({ me }: { me: MeOut }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const logout = useMutation(logoutApiV1AuthLogoutPostMutation());
  const signOut = () =>
    logout.mutate(
      {},
      {
        onSettled: () => {
          queryClient.clear();
          void navigate('/signin', { replace: true });
        },
      },
    );
  return (
    <div className="auth-layout">
      <header className="auth-layout__top">
        <span className="brand-name">{t('app.name')}</span>
        <LanguageSwitcher />
      </header>
      <main id="main" className="auth-card auth-card--wide" tabIndex={-1}>
        <PageHeader title={t('mfa.requiredTitle')}>
          <p>{me.mfa_enrolled ? t('mfa.notPassed') : t('mfa.requiredIntro', { email: me.email ?? '' })}</p>
        </PageHeader>
        {me.mfa_enrolled ? null : (
          <MfaEnrolment
            onDone={() =>
              // This session has now passed the second factor (the API marks it so on confirmation).
              queryClient.setQueryData<MeOut>(meKey(), (m) => (m ? { ...m, mfa_required: false, mfa_passed: true, mfa_enrolled: true } : m))
            }
          />
        )}
        <p className="gate-signout">
          <button type="button" className="btn" onClick={signOut} disabled={logout.isPending}>
            {t('shell.signOut')}
          </button>
        </p>
      </main>
    </div>
  );
}
