import { useMutation } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

import { asApiError } from '../api/errors';
import { confirmPasswordResetMutation } from '../client/@tanstack/react-query.gen';
import { AuthLayout } from '../components/AuthLayout';
import { Field } from '../components/Field';
import { PageHeader } from '../components/PageHeader';
import { ProblemAlert } from '../components/ProblemAlert';
import { MIN_PASSWORD_LENGTH, tokenFromHash } from './AcceptInvitationPage';

/**
 * The link's token travels in the URL fragment (#token=…, never sent to a server nor in a Referer);
 * `?token=` is read too. Either is removed from the address bar once read.
 */
export function resetToken(hash: string, search: string): string | null {
  const fromSearch = new URLSearchParams(search).get('token');
  return tokenFromHash(hash) ?? (fromSearch && fromSearch.length >= 10 ? fromSearch : null);
}

function FieldError({ id, message }: { id: string; message: string | null }) {
  if (!message) return null;
  return (
    <span id={id} role="alert" style={{ color: 'var(--c-danger)', fontWeight: 600 }}>
      {message}
    </span>
  );
}

export function ResetPasswordPage() {
  const { t } = useTranslation('account');
  const [token] = useState(() => resetToken(window.location.hash, window.location.search));
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<{ password: string | null; confirm: string | null }>({ password: null, confirm: null });

  useEffect(() => {
    if (window.location.hash || window.location.search) {
      window.history.replaceState(window.history.state, '', window.location.pathname);
    }
  }, []);

  const reset = useMutation(confirmPasswordResetMutation());
  // The API's own word on the new password (its policy) is shown at that field.
  const apiPasswordError = reset.isError
    ? (asApiError(reset.error).fieldErrors.find((f) => f.loc[f.loc.length - 1] === 'new_password')?.msg ?? null)
    : null;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const next = {
      password: password.length < MIN_PASSWORD_LENGTH ? t('reset.tooShort', { min: MIN_PASSWORD_LENGTH }) : null,
      confirm: password.length >= MIN_PASSWORD_LENGTH && password !== confirm ? t('reset.mismatch') : null,
    };
    setErrors(next);
    if (next.password || next.confirm || !token) return;
    reset.mutate({ body: { token, new_password: password } });
  };

  let body;
  if (!token) {
    body = (
      <div className="alert alert--error" role="alert">
        <p className="alert__title">{t('reset.noToken')}</p>
        <p>{t('reset.noTokenHelp')}</p>
        <p>
          <Link to="/forgot-password" style={{ display: 'inline-block', paddingBlock: '0.3rem' }}>{t('reset.requestNew')}</Link>
        </p>
      </div>
    );
  } else if (reset.isSuccess) {
    body = (
      <div className="alert alert--success" role="status">
        <p className="alert__title">{t('reset.doneTitle')}</p>
        <p>{t('reset.done')}</p>
        <p>
          <Link to="/signin" replace style={{ display: 'inline-block', paddingBlock: '0.3rem' }}>
            {t('reset.signIn')}
          </Link>
        </p>
      </div>
    );
  } else if (reset.isError && asApiError(reset.error).status !== 422 && asApiError(reset.error).status !== 0) {
    // The link is not valid, expired or used: no form, a way to a new link.
    body = (
      <>
        <ProblemAlert error={reset.error} title={t('reset.failed')} />
        <p>
          <Link to="/forgot-password" style={{ display: 'inline-block', paddingBlock: '0.3rem' }}>{t('reset.requestNew')}</Link>
        </p>
      </>
    );
  } else {
    const passwordError = errors.password ?? apiPasswordError;
    body = (
      <form className="form" onSubmit={submit} noValidate>
        {reset.isError ? <ProblemAlert error={reset.error} title={t('reset.failed')} /> : null}
        <Field label={t('reset.password')} hint={t('reset.passwordHint', { min: MIN_PASSWORD_LENGTH })}>
          {(control) => (
            <>
              <input
                {...control}
                aria-describedby={[control['aria-describedby'], passwordError ? 'reset-password-error' : null].filter(Boolean).join(' ')}
                aria-invalid={passwordError ? true : undefined}
                name="new_password"
                type="password"
                autoComplete="new-password"
                value={password}
                onChange={(e) => setPassword(e.target.value)}
                required
              />
              <FieldError id="reset-password-error" message={passwordError} />
            </>
          )}
        </Field>
        <Field label={t('reset.confirm')}>
          {(control) => (
            <>
              <input
                {...control}
                aria-describedby={errors.confirm ? 'reset-confirm-error' : undefined}
                aria-invalid={errors.confirm ? true : undefined}
                name="confirm"
                type="password"
                autoComplete="new-password"
                value={confirm}
                onChange={(e) => setConfirm(e.target.value)}
                required
              />
              <FieldError id="reset-confirm-error" message={errors.confirm} />
            </>
          )}
        </Field>
        <div className="form__actions">
          <button type="submit" className="btn btn--primary" disabled={reset.isPending}>
            {reset.isPending ? t('reset.submitting') : t('reset.submit')}
          </button>
        </div>
      </form>
    );
  }

  return (
    <AuthLayout>
      <PageHeader title={t('reset.title')}>
        <p>{t('reset.intro')}</p>
      </PageHeader>
      {body}
    </AuthLayout>
  );
}
