import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';

import {
  createWebhookMutation,
  deleteWebhookMutation,
  listDeliveriesOptions,
  listDeliveriesQueryKey,
  listWebhooksOptions,
  listWebhooksQueryKey,
  replayDeliveryMutation,
} from '../client/@tanstack/react-query.gen';
import type { WebhookCreatedOut, WebhookOut } from '../client/types.gen';
import { ConfirmButton } from '../components/ConfirmButton';
import { CopyButton } from '../components/CopyButton';
import { DateTime } from '../components/DateTime';
import { ListTable } from '../components/ListTable';
import { PageHeader } from '../components/PageHeader';
import { ProblemAlert } from '../components/ProblemAlert';

// What the API sends (app/workflows/webhooks.py, declared in the OpenAPI document's `webhooks`).
export const WEBHOOK_EVENTS = [
  'case.submitted',
  'case.changes_requested',
  'case.approved',
  'case.rejected',
  'package.built',
  'submission.status_changed',
  'designation.confirmed',
  'designation.rejected',
  'designation.delisted',
] as const;
type EventKey = (typeof WEBHOOK_EVENTS)[number];
function useEventLabel(): (event: string) => string {
  const { t } = useTranslation('admin');
  const names: Record<string, string> = t('webhooks.eventNames', { returnObjects: true });
  return (event) => names[event.replace(/\./g, '_')] ?? event;
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
  const label = useEventLabel();

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
  const [events, setEvents] = useState<EventKey[]>(['case.submitted', 'case.approved']);
  const create = useMutation({
    ...createWebhookMutation(),
    onSuccess: (hook) => {
      setUrl('');
      onCreated(hook);
    },
  });
  const label = useEventLabel();
  const toggle = (e: EventKey) => setEvents((cur) => (cur.includes(e) ? cur.filter((x) => x !== e) : [...cur, e]));
  const submit = (ev: FormEvent) => {
    ev.preventDefault();
    create.mutate({ body: { url: url.trim(), events } });
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
          <ul className="checklist">
            {WEBHOOK_EVENTS.map((e) => (
              <li key={e}>
                <label className="check">
                  <input type="checkbox" checked={events.includes(e)} onChange={() => toggle(e)} />
                  <span>
                    {label(e)} <code dir="ltr">{e}</code>
                  </span>
                </label>
              </li>
            ))}
          </ul>
        </fieldset>
        {create.isError ? <ProblemAlert error={create.error} /> : null}
        <div className="form__actions">
          <button type="submit" className="btn btn--primary" disabled={create.isPending || events.length === 0}>
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
  const label = useEventLabel();
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
