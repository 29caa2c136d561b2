import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';

import { requestPasswordResetMutation } from '../client/@tanstack/react-query.gen';
import { AuthLayout } from '../components/AuthLayout';
import { Field } from '../components/Field';
import { PageHeader } from '../components/PageHeader';
import { ProblemAlert } from '../components/ProblemAlert';

/** "Forgot your password?": asks for the address; the answer is the same whether an account exists. */
export function ForgotPasswordPage() {
  const { t } = useTranslation('account');
  const location = useLocation();
  const [email, setEmail] = useState(((location.state ?? {}) as { email?: string }).email ?? '');
  const [missing, setMissing] = useState(false);
  const request = useMutation(requestPasswordResetMutation());

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!email.trim()) {
      setMissing(true);
      return;
    }
    setMissing(false);
    request.mutate({ body: { email: email.trim() } });
  };

  return (
    <AuthLayout>
      <PageHeader title={request.isSuccess ? t('forgot.sentTitle') : t('forgot.title')}>
        {request.isSuccess ? null : <p>{t('forgot.intro')}</p>}
      </PageHeader>
      {request.isSuccess ? (
        <div className="alert alert--success" role="status">
          <p>{t('forgot.sent')}</p>
          <p>{t('forgot.ssoNote')}</p>
        </div>
      ) : (
        <form onSubmit={submit} className="form" noValidate>
          {request.isError ? <ProblemAlert error={request.error} title={t('forgot.failed')} /> : null}
          <Field label={t('forgot.email')} hint={missing ? <span role="alert">{t('forgot.emailMissing')}</span> : undefined}>
            {(control) => (
              <input
                {...control}
                name="email"
                type="email"
                autoComplete="username"
                value={email}
                onChange={(e) => setEmail(e.target.value)}
                aria-invalid={missing || undefined}
                required
              />
            )}
          </Field>
          <div className="form__actions">
            <button type="submit" className="btn btn--primary" disabled={request.isPending}>
              {request.isPending ? t('forgot.submitting') : t('forgot.submit')}
            </button>
          </div>
        </form>
      )}
      <p>
        <Link to="/signin" style={{ display: 'inline-block', paddingBlock: '0.3rem' }}>{t('forgot.backToSignIn')}</Link>
      </p>
    </AuthLayout>
  );
}
