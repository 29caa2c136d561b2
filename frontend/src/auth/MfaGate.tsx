import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';

import { afterWrite, fromAnswer } from '../api/cache';
import { meKey } from '../api/queryClient';
import type { MeOut } from '../client/types.gen';
import { AuthLayout } from '../components/AuthLayout';
import { PageHeader } from '../components/PageHeader';
import { MfaEnrolment } from './MfaEnrolment';
import { useSignOut } from './signOut';

/**
 * A session the API limits until a second factor is in place (me.mfa_required): it may only enrol,
 * see who it is, and sign out. Shown instead of the portal.
 */
export function MfaGate({ me }: { me: MeOut }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const { signOut, pending } = useSignOut();
  return (
    <AuthLayout wide>
      <PageHeader title={t('mfa.requiredTitle')}>
        <p>{me.mfa_enrolled ? t('mfa.notPassed') : t('mfa.requiredIntro', { email: me.email ?? '' })}</p>
      </PageHeader>
      {me.mfa_enrolled ? null : (
        <MfaEnrolment
          onDone={() =>
            // This session has now passed the second factor (the API marks it so on confirmation).
            afterWrite(queryClient, {
              update: [fromAnswer<MeOut>(meKey(), (m) => ({ ...m, mfa_required: false, mfa_passed: true, mfa_enrolled: true }))],
              invalidate: [meKey()],
            })
          }
        />
      )}
      <p className="gate-signout">
        <button type="button" className="btn" onClick={signOut} disabled={pending}>
          {t('shell.signOut')}
        </button>
      </p>
    </AuthLayout>
  );
}
