import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useSearchParams } from 'react-router';

import { afterWrite, fromAnswer } from '../api/cache';
import { meKey } from '../api/queryClient';
import { isMfaChallenge } from '../auth/mfa';
import {
  listProvidersOptions,
  loginMutation,
  loginMfaMutation,
} from '../client/@tanstack/react-query.gen';
import type { LoginOut, MeOut, MfaChallengeOut } from '../client/types.gen';
import { AuthLayout } from '../components/AuthLayout';
import { Field } from '../components/Field';
import { PageHeader } from '../components/PageHeader';
import { ProblemAlert } from '../components/ProblemAlert';

/** Only same-site paths are followed after sign-in (no open redirect through ?next=). */
export function safeNext(next: string | null): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  return next;
}

interface LocationState {
  email?: string;
  accepted?: boolean;
  signedOut?: boolean;
}

export function SignInPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const [params] = useSearchParams();
  const queryClient = useQueryClient();
  const state = (location.state ?? {}) as LocationState;
  const [email, setEmail] = useState(state.email ?? '');
  const [password, setPassword] = useState('');
  const [challenge, setChallenge] = useState<MfaChallengeOut | null>(null);
  const [code, setCode] = useState('');

  // Single sign-on providers the coalition configured (none in the embedded default).
  const providers = useQuery({ ...listProvidersOptions(), retry: false, staleTime: Infinity });
  const finish = (data: LoginOut) => {
    afterWrite(queryClient, { update: [fromAnswer<MeOut>(meKey(), data.me)] });
    void navigate(safeNext(params.get('next')), { replace: true });
  };

  const login = useMutation({
    ...loginMutation(),
    onSuccess: (data) => {
      // With a second factor, the API answers {mfa_required, challenge} instead of a session.
      if (isMfaChallenge(data)) {
        setChallenge(data);
        return;
      }
      finish(data);
    },
  });
  const mfa = useMutation({ ...loginMfaMutation(), onSuccess: finish });

  const [missing, setMissing] = useState(false);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!email.trim() || !password) {
      setMissing(true);
      return;
    }
    setMissing(false);
    login.mutate({ body: { email: email.trim(), password } });
  };
  const submitCode = (e: FormEvent) => {
    e.preventDefault();
    if (challenge) mfa.mutate({ body: { challenge: challenge.challenge, code: code.replace(/\s+/g, '') } });
  };

  return (
    <AuthLayout>
      <PageHeader title={challenge ? t('signin.mfaTitle') : t('signin.title')}>
        <p>{challenge ? t('signin.mfaIntro') : t('signin.intro')}</p>
      </PageHeader>
      {state.accepted && !challenge ? (
        <p className="alert alert--success" role="status">
          {t('signin.accountReady')}
        </p>
      ) : null}
      {state.signedOut && login.isIdle ? (
        <p className="alert alert--info" role="status">
          {t('signin.signedOut')}
        </p>
      ) : null}
      {challenge ? (
        <form onSubmit={submitCode} className="form" noValidate>
          {mfa.isError ? <ProblemAlert error={mfa.error} title={t('signin.mfaFailed')} /> : null}
          <Field label={t('signin.code')} hint={t('signin.codeHint')}>
            {(control) => (
              <input
                {...control}
                name="code"
                inputMode="numeric"
                autoComplete="one-time-code"
                value={code}
                onChange={(e) => setCode(e.target.value)}
                required
                autoFocus
              />
            )}
          </Field>
          <div className="form__actions">
            <button type="submit" className="btn btn--primary" disabled={mfa.isPending}>
              {mfa.isPending ? t('signin.verifying') : t('signin.verify')}
            </button>
            <button
              type="button"
              className="btn"
              onClick={() => {
                setChallenge(null);
                setCode('');
                setPassword('');
                mfa.reset();
              }}
            >
              {t('common.back')}
            </button>
          </div>
        </form>
      ) : (
        <form onSubmit={submit} className="form" noValidate>
          {login.isError ? <ProblemAlert error={login.error} title={t('signin.failed')} /> : null}
          {missing ? (
            <p className="alert alert--error" role="alert">
              {t('signin.missing')}
            </p>
          ) : null}
          <Field label={t('signin.email')}>
            {(control) => (
              <input {...control} name="email" type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} required />
            )}
          </Field>
          <Field label={t('signin.password')}>
            {(control) => (
              <input
                {...control}
                name="password"
                type="password"
                autoComplete="current-password"
                value={password}
                onChange={(e) => setPassword(e.target.value)}
                required
              />
            )}
          </Field>
          <div className="form__actions">
            <button type="submit" className="btn btn--primary" disabled={login.isPending}>
              {login.isPending ? t('signin.submitting') : t('signin.submit')}
            </button>
          </div>
          <p>
            <Link to="/forgot-password" state={{ email: email.trim() || undefined }} style={{ display: 'inline-block', paddingBlock: '0.3rem' }}>
              {t('forgotLink', { ns: 'account' })}
            </Link>
          </p>
        </form>
      )}
      {!challenge && providers.data && providers.data.length > 0 ? (
        <div className="sso">
          <p>{t('signin.orUse')}</p>
          <ul className="sso__list">
            {providers.data.map((p) => (
              <li key={p.name}>
                <a className="btn" href={p.login_url}>
                  {t('signin.ssoWith', { provider: p.name })}
                </a>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </AuthLayout>
  );
}
