import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';

import {
  createTokenMutation,
  listScopesOptions,
  listTokensOptions,
  listTokensQueryKey,
  revokeTokenMutation,
} from '../client/@tanstack/react-query.gen';
import { afterWrite, fromAnswer } from '../api/cache';
import type { TokenCreatedOut, TokenOut } from '../client/types.gen';
import { ConfirmButton } from '../components/ConfirmButton';
import { CopyButton } from '../components/CopyButton';
import { DateTime } from '../components/DateTime';
import { Field } from '../components/Field';
import { ListTable } from '../components/ListTable';
import { PageHeader } from '../components/PageHeader';
import { ProblemAlert } from '../components/ProblemAlert';
import { Spinner } from '../components/Spinner';

export function tokenStatus(token: TokenOut, now: Date = new Date()): 'active' | 'revoked' | 'expired' {
  if (token.revoked_at) return 'revoked';
  if (new Date(token.expires_at) <= now) return 'expired';
  return 'active';
}

export function TokensPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const tokens = useQuery(listTokensOptions());
  const listKey = listTokensQueryKey();
  const revoke = useMutation({
    ...revokeTokenMutation(),
    onSuccess: (revoked) =>
      afterWrite(queryClient, { update: [fromAnswer<TokenOut[]>(listKey, (list) => list.map((x) => (x.id === revoked.id ? revoked : x)))], invalidate: [listKey] }),
  });
  const [created, setCreated] = useState<TokenCreatedOut | null>(null);

  return (
    <div className="page">
      <PageHeader title={t('tokens.title')}>
        <p>{t('tokens.intro')}</p>
      </PageHeader>
      {created ? (
        <NewToken token={created} onDone={() => setCreated(null)} />
      ) : (
        <CreateTokenForm
          onCreated={(tok) => {
            setCreated(tok);
            // Into the list without its secret: the raw token lives only in the one-time panel.
            const { token: _secret, ...listed } = tok;
            afterWrite(queryClient, { update: [fromAnswer<TokenOut[]>(listKey, (list) => [listed, ...list])], invalidate: [listKey] });
          }}
        />
      )}
      <section aria-labelledby="tokens-heading" className="section">
        <h2 id="tokens-heading">{t('tokens.listTitle')}</h2>
        {revoke.isError ? <ProblemAlert error={revoke.error} /> : null}
        <ListTable
          query={tokens}
          caption={t('tokens.listTitle')}
          columns={[t('tokens.name'), t('tokens.prefix'), t('tokens.scopes'), t('tokens.status'), t('tokens.expires'), t('tokens.lastUsed'), t('common.actions')]}
          empty={t('tokens.empty')}
          row={(tok) => {
            const status = tokenStatus(tok);
            return (
              <tr key={tok.id}>
                <td data-label={t('tokens.name')}>{tok.name}</td>
                <td data-label={t('tokens.prefix')}>
                  <code>{tok.prefix}…</code>
                </td>
                <td data-label={t('tokens.scopes')}>
                  <ul className="chips">
                    {tok.scopes.map((s) => (
                      <li key={s} className="chip">
                        {s}
                      </li>
                    ))}
                  </ul>
                </td>
                <td data-label={t('tokens.status')}>
                  <span className={`badge badge--${status}`}>{t(`tokens.statuses.${status}`)}</span>
                </td>
                <td data-label={t('tokens.expires')}>
                  <DateTime value={tok.expires_at} />
                </td>
                <td data-label={t('tokens.lastUsed')}>
                  <DateTime value={tok.last_used_at} />
                </td>
                <td data-label={t('common.actions')}>
                  {status === 'active' ? (
                    <ConfirmButton
                      danger
                      disabled={revoke.isPending}
                      ariaLabel={t('tokens.revokeNamed', { name: tok.name })}
                      question={t('tokens.revokeConfirm', { name: tok.name })}
                      confirmLabel={t('tokens.revoke')}
                      onConfirm={() => revoke.mutate({ path: { token_id: tok.id } })}
                    >
                      {t('tokens.revoke')}
                    </ConfirmButton>
                  ) : (
                    <span className="muted">—</span>
                  )}
                </td>
              </tr>
            );
          }}
        />
      </section>
    </div>
  );
}

function CreateTokenForm({ onCreated }: { onCreated: (t: TokenCreatedOut) => void }) {
  const { t } = useTranslation();
  const scopes = useQuery(listScopesOptions());
  const create = useMutation({ ...createTokenMutation(), onSuccess: onCreated });
  const [name, setName] = useState('');
  const [chosen, setChosen] = useState<string[]>([]);
  const [days, setDays] = useState(90);
  const [localError, setLocalError] = useState<string | null>(null);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) return setLocalError(t('tokens.nameRequired'));
    if (chosen.length === 0) return setLocalError(t('tokens.scopeRequired'));
    setLocalError(null);
    create.mutate({ body: { name: name.trim(), scopes: chosen, expires_in_days: days } });
  };

  return (
    <section aria-labelledby="create-token-heading" className="section panel">
      <h2 id="create-token-heading">{t('tokens.createTitle')}</h2>
      <form className="form" onSubmit={submit} noValidate>
        {localError ? (
          <p className="alert alert--error" role="alert">
            {localError}
          </p>
        ) : null}
        {create.isError ? <ProblemAlert error={create.error} /> : null}
        <div className="form__grid">
          <Field label={t('tokens.name')}>
            {(control) => <input {...control} value={name} onChange={(e) => setName(e.target.value)} maxLength={200} required />}
          </Field>
          <Field label={t('tokens.expiresInDays')} hint={t('tokens.expiresHint')}>
            {(control) => <input {...control} type="number" min={1} max={365} value={days} onChange={(e) => setDays(Number(e.target.value))} />}
          </Field>
        </div>
        <fieldset className="fieldset">
          <legend>{t('tokens.scopes')}</legend>
          {scopes.isPending ? (
            <Spinner label={t('common.loading')} />
          ) : scopes.isError ? (
            <ProblemAlert error={scopes.error} />
          ) : (
            <ul className="checklist">
              {Object.entries(scopes.data).map(([scope, grants]) => (
                <li key={scope}>
                  <label className="check">
                    <input
                      type="checkbox"
                      value={scope}
                      checked={chosen.includes(scope)}
                      onChange={(e) => setChosen((c) => (e.target.checked ? [...c, scope] : c.filter((x) => x !== scope)))}
                    />
                    <span>
                      <code>{scope}</code>
                      <span className="hint"> — {t('tokens.grants', { permissions: grants.join(', ') })}</span>
                    </span>
                  </label>
                </li>
              ))}
            </ul>
          )}
        </fieldset>
        <div className="form__actions">
          <button type="submit" className="btn btn--primary" disabled={create.isPending}>
            {t('tokens.create')}
          </button>
        </div>
      </form>
    </section>
  );
}

function NewToken({ token, onDone }: { token: TokenCreatedOut; onDone: () => void }) {
  const { t } = useTranslation();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <div className="panel panel--warning" ref={ref} tabIndex={-1} role="region" aria-labelledby="new-token-heading">
      <h2 id="new-token-heading">{t('tokens.createdTitle', { name: token.name })}</h2>
      <p className="warning-text">
        <strong>{t('tokens.onceWarning')}</strong>
      </p>
      <Field label={t('tokens.value')}>
        {(control) => <input {...control} className="mono" readOnly value={token.token} onFocus={(e) => e.target.select()} />}
      </Field>
      <div className="form__actions">
        <CopyButton text={token.token} label={t('tokens.copy')} />
        <button type="button" className="btn" onClick={onDone}>
          {t('tokens.done')}
        </button>
      </div>
    </div>
  );
}
