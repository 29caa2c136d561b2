import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';

import {
  acceptInvitationMutation,
  invitationInfoOptions,
} from '../client/@tanstack/react-query.gen';
import { AuthLayout } from '../components/AuthLayout';
import { DateTime } from '../components/DateTime';
import { Field } from '../components/Field';
import { PageHeader } from '../components/PageHeader';
import { ProblemAlert } from '../components/ProblemAlert';
import { Spinner } from '../components/Spinner';

export const MIN_PASSWORD_LENGTH = 12; // the API checks it too and says so if it changes

/** The invitation token travels in the URL fragment (#token=…), which browsers never send to a server. */
export function tokenFromHash(hash: string): string | null {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  const token = params.get('token');
  return token && token.length >= 10 ? token : null;
}

export function AcceptInvitationPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [token] = useState(() => tokenFromHash(window.location.hash));
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [localError, setLocalError] = useState<string | null>(null);

  useEffect(() => {
    // Keep the token out of the address bar and history once it has been read.
    if (window.location.hash) {
      window.history.replaceState(window.history.state, '', window.location.pathname + window.location.search);
    }
  }, []);

  // A read sent as POST so the token stays out of URLs; openapi-ts.config.ts gives it query options.
  const lookup = useQuery({
    ...invitationInfoOptions({ body: { token: token ?? '' } }),
    enabled: token !== null,
    retry: false,
    staleTime: Infinity,
  });

  const accept = useMutation({
    ...acceptInvitationMutation(),
    onSuccess: () => {
      void navigate('/signin', { replace: true, state: { email: lookup.data?.email, accepted: true } });
    },
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!displayName.trim()) return setLocalError(t('invitation.nameRequired'));
    if (password.length < MIN_PASSWORD_LENGTH) return setLocalError(t('invitation.passwordTooShort', { min: MIN_PASSWORD_LENGTH }));
    if (password !== confirm) return setLocalError(t('invitation.passwordMismatch'));
    setLocalError(null);
    if (token) accept.mutate({ body: { token, display_name: displayName.trim(), password } });
  };

  let body;
  if (!token) {
    body = (
      <div className="alert alert--error" role="alert">
        <p className="alert__title">{t('invitation.noToken')}</p>
        <p>{t('invitation.noTokenHelp')}</p>
      </div>
    );
  } else if (lookup.isPending) {
    body = <Spinner label={t('invitation.checking')} />;
  } else if (lookup.isError) {
    body = (
      <>
        <ProblemAlert error={lookup.error} title={t('invitation.invalid')} />
        <p>
          <Link to="/signin">{t('invitation.goToSignIn')}</Link>
        </p>
      </>
    );
  } else {
    const inv = lookup.data;
    body = (
      <>
        <dl className="summary">
          <div>
            <dt>{t('invitation.organisation')}</dt>
            <dd>{inv.organization}</dd>
          </div>
          <div>
            <dt>{t('invitation.email')}</dt>
            <dd>{inv.email}</dd>
          </div>
          <div>
            <dt>{t('invitation.role')}</dt>
            <dd>{t(`roles.${inv.role}`)}</dd>
          </div>
          <div>
            <dt>{t('invitation.expires')}</dt>
            <dd>
              <DateTime value={inv.expires_at} />
            </dd>
          </div>
        </dl>
        <form className="form" onSubmit={submit} noValidate>
          {localError ? (
            <p className="alert alert--error" role="alert">
              {localError}
            </p>
          ) : null}
          {accept.isError ? <ProblemAlert error={accept.error} /> : null}
          <Field label={t('invitation.displayName')}>
            {(control) => <input {...control} name="display_name" autoComplete="name" value={displayName} onChange={(e) => setDisplayName(e.target.value)} required />}
          </Field>
          <input type="email" name="username" autoComplete="username" value={inv.email} readOnly hidden />
          <Field label={t('invitation.password')} hint={t('invitation.passwordHint', { min: MIN_PASSWORD_LENGTH })}>
            {(control) => (
              <input {...control} name="password" type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
            )}
          </Field>
          <Field label={t('invitation.confirmPassword')}>
            {(control) => (
              <input {...control} name="confirm" type="password" autoComplete="new-password" value={confirm} onChange={(e) => setConfirm(e.target.value)} required />
            )}
          </Field>
          <div className="form__actions">
            <button type="submit" className="btn btn--primary" disabled={accept.isPending}>
              {accept.isPending ? t('invitation.accepting') : t('invitation.accept')}
            </button>
          </div>
        </form>
      </>
    );
  }

  return (
    <AuthLayout>
      <PageHeader title={t('invitation.title')}>
        <p>{t('invitation.intro')}</p>
      </PageHeader>
      {body}
    </AuthLayout>
  );
}
