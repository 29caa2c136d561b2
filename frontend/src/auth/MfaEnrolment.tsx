import { useMutation } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';

import {
  beginTotpEnrolmentMutation,
  confirmTotpEnrolmentMutation,
} from '../client/@tanstack/react-query.gen';
import { CopyButton } from '../components/CopyButton';
import { Field } from '../components/Field';
import { ProblemAlert } from '../components/ProblemAlert';

/** The QR code comes as SVG text; shown as an image (a data: URL runs no script, and the CSP allows it). */
export function svgDataUrl(svg: string): string {
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}

/**
 * Two steps: a new TOTP secret (QR code and text), then a code from the app to confirm it; the API then
 * answers ten recovery codes, shown once. `onDone` runs when the person has stored them.
 */
export function MfaEnrolment({ onDone }: { onDone: (recoveryCodes: number) => void }) {
  const { t } = useTranslation();
  const begin = useMutation(beginTotpEnrolmentMutation());
  const confirm = useMutation(confirmTotpEnrolmentMutation());
  const [code, setCode] = useState('');
  const codesRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (confirm.isSuccess) codesRef.current?.focus();
  }, [confirm.isSuccess]);

  if (confirm.isSuccess) {
    const codes = confirm.data.recovery_codes;
    return (
      <div className="panel panel--warning" ref={codesRef} tabIndex={-1} role="region" aria-labelledby="recovery-heading">
        <h2 id="recovery-heading">{t('mfa.enabledTitle')}</h2>
        <p className="warning-text">
          <strong>{t('mfa.recoveryWarning')}</strong>
        </p>
        <ul className="recovery-codes" aria-label={t('mfa.recoveryCodes')}>
          {codes.map((c) => (
            <li key={c}>
              <code>{c}</code>
            </li>
          ))}
        </ul>
        <div className="form__actions">
          <CopyButton text={codes.join('\n')} label={t('mfa.copyCodes')} />
          <button type="button" className="btn" onClick={() => onDone(codes.length)}>
            {t('mfa.storedCodes')}
          </button>
        </div>
      </div>
    );
  }

  if (!begin.isSuccess) {
    return (
      <div className="stack">
        {begin.isError ? <ProblemAlert error={begin.error} /> : null}
        <p>{t('mfa.startIntro')}</p>
        <div className="form__actions">
          <button type="button" className="btn btn--primary" onClick={() => begin.mutate({})} disabled={begin.isPending}>
            {t('mfa.start')}
          </button>
        </div>
      </div>
    );
  }

  const submit = (e: FormEvent) => {
    e.preventDefault();
    confirm.mutate({ body: { code: code.replace(/\s+/g, '') } });
  };
  return (
    <div className="enrol">
      <ol className="steps">
        <li>
          <p>{t('mfa.scan')}</p>
          <img className="qr" src={svgDataUrl(begin.data.qr_svg)} alt={t('mfa.qrAlt')} width={200} height={200} />
          <Field label={t('mfa.secret')}>
            {(control) => <input {...control} className="mono input--secret" readOnly value={begin.data.secret} onFocus={(e) => e.target.select()} />}
          </Field>
        </li>
        <li>
          <form className="form" onSubmit={submit}>
            {confirm.isError ? <ProblemAlert error={confirm.error} title={t('mfa.confirmFailed')} /> : null}
            <Field label={t('mfa.code')}>
              {(control) => (
                <input
                  {...control}
                  inputMode="numeric"
                  autoComplete="one-time-code"
                  value={code}
                  onChange={(e) => setCode(e.target.value)}
                  className="input--code"
                  required
                />
              )}
            </Field>
            <div className="form__actions">
              <button type="submit" className="btn btn--primary" disabled={confirm.isPending}>
                {t('mfa.confirm')}
              </button>
            </div>
          </form>
        </li>
      </ol>
    </div>
  );
}
