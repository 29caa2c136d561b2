import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';

import { listAuditEventsOptions, verifyAuditChainOptions } from '../client/@tanstack/react-query.gen';
import { DateTime } from '../components/DateTime';
import { ListTable } from '../components/ListTable';
import { PageHeader } from '../components/PageHeader';
import { ProblemAlert } from '../components/ProblemAlert';

const RECENT = 50;

export function AuditPage() {
  const { t } = useTranslation();
  // Verification re-hashes the whole chain: run it when asked, not on every visit.
  const verify = useQuery({ ...verifyAuditChainOptions(), enabled: false, gcTime: 0 });
  const events = useQuery(listAuditEventsOptions({ query: { limit: RECENT } }));

  return (
    <div className="page">
      <PageHeader title={t('audit.title')}>
        <p>{t('audit.intro')}</p>
      </PageHeader>
      <section aria-labelledby="verify-heading" className="section panel">
        <h2 id="verify-heading">{t('audit.verifyTitle')}</h2>
        <p>{t('audit.verifyIntro')}</p>
        <div className="form__actions">
          <button type="button" className="btn btn--primary" onClick={() => void verify.refetch()} disabled={verify.isFetching}>
            {verify.isFetching ? t('audit.verifying') : t('audit.verify')}
          </button>
        </div>
        <div aria-live="polite" className="result">
          {verify.isError ? <ProblemAlert error={verify.error} /> : null}
          {verify.data && !verify.isFetching ? (
            verify.data.ok ? (
              <div className="alert alert--success" role="status">
                <p className="alert__title">{t('audit.ok', { events: verify.data.events })}</p>
                <dl className="summary summary--compact">
                  <div>
                    <dt>{t('audit.headHash')}</dt>
                    <dd>
                      <code className="hash">{verify.data.head_hash ?? '—'}</code>
                    </dd>
                  </div>
                  <div>
                    <dt>{t('audit.checkedAt')}</dt>
                    <dd>
                      <DateTime value={verify.data.checked_at} />
                    </dd>
                  </div>
                </dl>
              </div>
            ) : (
              <div className="alert alert--error" role="alert">
                <p className="alert__title">{t('audit.broken', { seq: verify.data.first_broken_seq ?? '?' })}</p>
                {verify.data.reason ? <p>{verify.data.reason}</p> : null}
              </div>
            )
          ) : null}
        </div>
      </section>
      <section aria-labelledby="events-heading" className="section">
        <h2 id="events-heading">{t('audit.eventsTitle', { limit: RECENT })}</h2>
        <ListTable
          query={events}
          caption={t('audit.eventsTitle', { limit: RECENT })}
          columns={[t('audit.seq'), t('audit.at'), t('audit.action'), t('audit.actor'), t('audit.target')]}
          empty={t('audit.empty')}
          row={(ev) => (
            <tr key={ev.seq}>
              <td data-label={t('audit.seq')}>{ev.seq}</td>
              <td data-label={t('audit.at')}>
                <DateTime value={ev.at} />
              </td>
              <td data-label={t('audit.action')}>
                <code>{ev.action}</code>
              </td>
              <td data-label={t('audit.actor')}>
                <Short id={ev.actor_user_id ?? ev.actor_token_id} kind={ev.actor_token_id ? t('audit.token') : t('audit.user')} />
              </td>
              <td data-label={t('audit.target')}>
                {ev.target_type ? (
                  <>
                    {ev.target_type} <Short id={ev.target_id} />
                  </>
                ) : (
                  '—'
                )}
              </td>
            </tr>
          )}
        />
      </section>
    </div>
  );
}

function Short({ id, kind }: { id: string | null | undefined; kind?: string }) {
  const { t } = useTranslation();
  if (!id) return <span className="muted">{t('audit.system')}</span>;
  return (
    <span title={id}>
      {kind ? `${kind} ` : ''}
      <code>{id.slice(0, 8)}</code>
    </span>
  );
}
