import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { afterWrite, fromAnswer } from '../api/cache';
import { meKey } from '../api/queryClient';
import { MfaEnrolment } from '../auth/MfaEnrolment';
import { mfaStatusOptions, mfaStatusQueryKey } from '../client/@tanstack/react-query.gen';
import type { MeOut, MfaStatusOut } from '../client/types.gen';
import { DateTime } from '../components/DateTime';
import { PageHeader } from '../components/PageHeader';
import { ProblemAlert } from '../components/ProblemAlert';
import { Spinner } from '../components/Spinner';

export function SecurityPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const status = useQuery(mfaStatusOptions());
  const [enrolling, setEnrolling] = useState(false);

  const done = (codes: number) => {
    setEnrolling(false);
    // What the confirmation's answer implies at once; both are then read afresh (api/cache.ts).
    const statusKey = mfaStatusQueryKey();
    afterWrite(queryClient, {
      update: [
        fromAnswer<MfaStatusOut>(statusKey, (s) => ({ ...s, enabled: true, pending: false, confirmed_at: new Date().toISOString(), recovery_codes_left: codes })),
        fromAnswer<MeOut>(meKey(), (me) => ({ ...me, mfa_enrolled: true, mfa_passed: true })),
      ],
      invalidate: [statusKey, meKey()],
    });
  };

  return (
    <div className="page">
      <PageHeader title={t('security.title')}>
        <p>{t('security.intro')}</p>
      </PageHeader>
      <section aria-labelledby="mfa-heading" className="section panel">
        <h2 id="mfa-heading">{t('mfa.title')}</h2>
        {status.isPending ? (
          <Spinner label={t('common.loading')} />
        ) : status.isError ? (
          <ProblemAlert error={status.error} />
        ) : enrolling ? (
          <MfaEnrolment onDone={done} />
        ) : status.data.enabled ? (
          <dl className="summary summary--compact">
            <div>
              <dt>{t('mfa.status')}</dt>
              <dd>
                <span className="badge badge--accepted">{t('mfa.on')}</span>
              </dd>
            </div>
            <div>
              <dt>{t('mfa.since')}</dt>
              <dd>
                <DateTime value={status.data.confirmed_at} />
              </dd>
            </div>
            <div>
              <dt>{t('mfa.codesLeft')}</dt>
              <dd>{status.data.recovery_codes_left}</dd>
            </div>
          </dl>
        ) : (
          <>
            <p>
              <span className="badge badge--expired">{t('mfa.off')}</span>{' '}
              {status.data.required ? t('mfa.requiredForRole') : t('mfa.recommended')}
            </p>
            <button type="button" className="btn btn--primary" onClick={() => setEnrolling(true)}>
              {t('mfa.setUp')}
            </button>
          </>
        )}
      </section>
    </div>
  );
}
