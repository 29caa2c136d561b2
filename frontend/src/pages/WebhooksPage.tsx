import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';

import {
  createWebhookMutation,
  deleteWebhookMutation,
  listDeliveriesOptions,
  listDeliveriesQueryKey,
  listWebhookEventTypesOptions,
  listWebhooksOptions,
  listWebhooksQueryKey,
  replayDeliveryMutation,
} from '../client/@tanstack/react-query.gen';
import type { WebhookCreatedOut, WebhookEventType, WebhookOut } from '../client/types.gen';
import { ConfirmButton } from '../components/ConfirmButton';
import { CopyButton } from '../components/CopyButton';
import { DateTime } from '../components/DateTime';
import { ListTable } from '../components/ListTable';
import { PageHeader } from '../components/PageHeader';
import { ProblemAlert } from '../components/ProblemAlert';
import { Spinner } from '../components/Spinner';

const API_LANGS = ['en', 'fr', 'es', 'ar'] as const;
type ApiLang = (typeof API_LANGS)[number];

/** The events a subscription may choose, named and described by the server in the app's language
 * (`GET /webhooks/event-types`: the same registry as the payloads and the OpenAPI `webhooks`). */
function useEventTypes() {
  const { i18n } = useTranslation();
  const lang: ApiLang = API_LANGS.find((l) => l === (i18n.resolvedLanguage ?? i18n.language)) ?? 'en';
  // The language is in the query key: switching language fetches the words in the new one.
  const types = useQuery({ ...listWebhookEventTypesOptions({ query: { lang } }), staleTime: Infinity });
  const byName = new Map((types.data ?? []).map((e) => [e.name, e]));
  const label = (event: string) => byName.get(event)?.label ?? event;
  return { types, label };
}

export function WebhooksPage() {
  const { t: ta } = useTranslation('admin');
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const hooks = useQuery(listWebhooksOptions());
  const [created, setCreated] = useState<WebhookCreatedOut | null>(null);
  const remove = useMutation({
    ...deleteWebhookMutation(),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: listWebhooksQueryKey() }),
  });
  const { label } = useEventTypes();

  return (
    <div className="page">
      <PageHeader title={ta('webhooks.title')}>
        <p>{ta('webhooks.intro')}</p>
      </PageHeader>
      {created ? (
        <section className="section panel" aria-labelledby="secret-heading">
          <div className="alert alert--success" role="status">
            <h2 id="secret-heading" className="alert__title">
              {ta('webhooks.secretTitle')}
            </h2>
            <p>{ta('webhooks.secretText')}</p>
            <p>
              <code className="hash" data-testid="webhook-secret">
                {created.secret}
              </code>
            </p>
            <div className="form__actions">
              <CopyButton text={created.secret} label={ta('webhooks.copySecret')} />
              <button type="button" className="btn" onClick={() => setCreated(null)}>
                {ta('webhooks.stored')}
              </button>
            </div>
          </div>
        </section>
      ) : (
        <RegisterForm
          onCreated={(hook) => {
            setCreated(hook);
            void queryClient.invalidateQueries({ queryKey: listWebhooksQueryKey() });
          }}
        />
      )}
      <section aria-labelledby="endpoints-heading" className="section">
        <h2 id="endpoints-heading">{ta('webhooks.endpointsTitle')}</h2>
        {remove.isError ? <ProblemAlert error={remove.error} /> : null}
        <ListTable
          query={hooks}
          caption={ta('webhooks.endpointsTitle')}
          columns={[ta('webhooks.url'), ta('webhooks.events'), ta('webhooks.created'), t('common.actions')]}
          empty={ta('webhooks.noEndpoints')}
          row={(hook: WebhookOut) => (
            <tr key={hook.id}>
              <td data-label={ta('webhooks.url')}>
                <code dir="ltr" style={{ overflowWrap: 'anywhere' }}>
                  {hook.url}
                </code>
                <Deliveries endpointId={hook.id} />
              </td>
              <td data-label={ta('webhooks.events')}>
                <ul className="chips">
                  {hook.events.map((e) => (
                    <li key={e} className="chip" title={e}>
                      {label(e)}
                    </li>
                  ))}
                </ul>
              </td>
              <td data-label={ta('webhooks.created')}>
                <DateTime value={hook.created_at} />
              </td>
              <td data-label={t('common.actions')}>
                <ConfirmButton
                  danger
                  disabled={remove.isPending}
                  ariaLabel={`${ta('webhooks.delete')} ${hook.url}`}
                  question={ta('webhooks.deleteConfirm')}
                  confirmLabel={ta('webhooks.delete')}
                  onConfirm={() => remove.mutate({ path: { endpoint_id: hook.id } })}
                >
                  {ta('webhooks.delete')}
                </ConfirmButton>
              </td>
            </tr>
          )}
        />
      </section>
    </div>
  );
}

function RegisterForm({ onCreated }: { onCreated: (hook: WebhookCreatedOut) => void }) {
  const { t: ta } = useTranslation('admin');
  const [url, setUrl] = useState('');
  const { t } = useTranslation();
  const [events, setEvents] = useState<string[]>(['case.submitted', 'case.approved']);
  const { types } = useEventTypes();
  const descId = useId();
  // Only events the server lists are sent (the two preselected ones included).
  const chosen = events.filter((e) => types.data?.some((type) => type.name === e));
  const create = useMutation({
    ...createWebhookMutation(),
    onSuccess: (hook) => {
      setUrl('');
      onCreated(hook);
    },
  });
  const toggle = (e: string) => setEvents((cur) => (cur.includes(e) ? cur.filter((x) => x !== e) : [...cur, e]));
  const submit = (ev: FormEvent) => {
    ev.preventDefault();
    create.mutate({ body: { url: url.trim(), events: chosen } });
  };
  return (
    <section aria-labelledby="register-heading" className="section panel">
      <h2 id="register-heading">{ta('webhooks.registerTitle')}</h2>
      <form className="form" onSubmit={submit}>
        <label className="field">
          <span>{ta('webhooks.url')}</span>
          <input type="url" required value={url} onChange={(e) => setUrl(e.target.value)} dir="ltr" placeholder="https://" maxLength={2000} />
        </label>
        <fieldset className="fieldset">
          <legend>{ta('webhooks.events')}</legend>
          {types.isPending ? <Spinner label={t('common.loading')} /> : null}
          {types.isError ? <ProblemAlert error={types.error} /> : null}
          <ul className="checklist" data-testid="webhook-event-types">
            {(types.data ?? []).map((e: WebhookEventType, i) => (
              <li key={e.name}>
                <label className="check">
                  <input
                    type="checkbox"
                    checked={events.includes(e.name)}
                    onChange={() => toggle(e.name)}
                    aria-describedby={`${descId}-${i}`}
                  />
                  <span>
                    {e.label} <code dir="ltr">{e.name}</code>
                  </span>
                </label>
                {/* Beside its checkbox, under the name: the server's words for what the event means. */}
                <p id={`${descId}-${i}`} className="hint" style={{ paddingInlineStart: '1.75rem' }}>
                  {e.description}
                </p>
              </li>
            ))}
          </ul>
        </fieldset>
        {create.isError ? <ProblemAlert error={create.error} /> : null}
        <div className="form__actions">
          <button type="submit" className="btn btn--primary" disabled={create.isPending || chosen.length === 0}>
            {create.isPending ? ta('webhooks.registering') : ta('webhooks.register')}
          </button>
        </div>
      </form>
    </section>
  );
}

function Deliveries({ endpointId }: { endpointId: string }) {
  const { t: ta } = useTranslation('admin');
  const [open, setOpen] = useState(false);
  const queryClient = useQueryClient();
  const options = { path: { endpoint_id: endpointId } };
  const deliveries = useQuery({ ...listDeliveriesOptions(options), enabled: open });
  const replay = useMutation({
    ...replayDeliveryMutation(),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: listDeliveriesQueryKey(options) }),
  });
  const { label } = useEventTypes();
  const state = (s: string) => {
    const key = `webhooks.states.${s}` as 'webhooks.states.pending';
    return ['pending', 'delivered', 'failed', 'dead'].includes(s) ? ta(key) : s;
  };
  return (
    <div className="deliveries">
      <button type="button" className="btn btn--small" aria-expanded={open} onClick={() => setOpen((o) => !o)}>
        {open ? ta('webhooks.hideDeliveries') : ta('webhooks.showDeliveries')}
      </button>
      {open ? (
        <>
          {replay.isSuccess ? (
            <p role="status" className="muted">
              {ta('webhooks.replayed')}
            </p>
          ) : null}
          {replay.isError ? <ProblemAlert error={replay.error} /> : null}
          <ListTable
            query={deliveries}
            caption={ta('webhooks.deliveries')}
            columns={[ta('webhooks.event'), ta('webhooks.status'), ta('webhooks.attempts'), ta('webhooks.lastStatus'), ta('webhooks.at'), '']}
            empty={ta('webhooks.noDeliveries')}
            row={(d) => (
              <tr key={d.id}>
                <td data-label={ta('webhooks.event')}>{label(d.event)}</td>
                <td data-label={ta('webhooks.status')}>
                  <span className={`badge badge--${d.status}`}>{state(d.status)}</span>
                </td>
                <td data-label={ta('webhooks.attempts')}>{d.attempts}</td>
                <td data-label={ta('webhooks.lastStatus')}>
                  {d.last_status_code ?? '—'}
                  {d.last_error ? <span className="muted"> · {d.last_error}</span> : null}
                </td>
                <td data-label={ta('webhooks.at')}>
                  <DateTime value={d.delivered_at ?? d.created_at} />
                </td>
                <td>
                  <button
                    type="button"
                    className="btn btn--small"
                    disabled={replay.isPending}
                    onClick={() => replay.mutate({ path: { endpoint_id: endpointId, delivery_id: d.id } })}
                  >
                    {ta('webhooks.replay')}
                  </button>
                </td>
              </tr>
            )}
          />
        </>
      ) : null}
    </div>
  );
}
