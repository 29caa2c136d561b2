import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

import {
  createOrgApiV1OrgsPostMutation,
  listOrgsApiV1OrgsGetOptions,
  listOrgsApiV1OrgsGetQueryKey,
} from '../client/@tanstack/react-query.gen';
import { updateList } from '../api/cache';
import type { OrgKind, OrgOut } from '../client/types.gen';
import { DateTime } from '../components/DateTime';
import { PageHeader } from '../components/PageHeader';
import { ProblemAlert } from '../components/ProblemAlert';
import { Spinner } from '../components/Spinner';

export function parseDomains(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((d) => d.trim().toLowerCase())
    .filter(Boolean);
}

export function OrganisationsPage() {
  const { t } = useTranslation();
  const orgs = useQuery(listOrgsApiV1OrgsGetOptions());
  return (
    <div className="page">
      <PageHeader title={t('orgs.title')}>
        <p>{t('orgs.intro')}</p>
      </PageHeader>
      <CreateOrgForm />
      <section aria-labelledby="orgs-heading" className="section">
        <h2 id="orgs-heading">{t('orgs.listTitle')}</h2>
        {orgs.isPending ? (
          <Spinner label={t('common.loading')} />
        ) : orgs.isError ? (
          <ProblemAlert error={orgs.error} />
        ) : (
          <table className="table table--stack">
            <caption className="visually-hidden">{t('orgs.listTitle')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('orgs.name')}</th>
                <th scope="col">{t('orgs.kind')}</th>
                <th scope="col">{t('orgs.country')}</th>
                <th scope="col">{t('orgs.created')}</th>
                <th scope="col">{t('common.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {orgs.data.map((o) => (
                <tr key={o.id}>
                  <td data-label={t('orgs.name')}>{o.name}</td>
                  <td data-label={t('orgs.kind')}>{t(`orgs.kinds.${o.kind}`)}</td>
                  <td data-label={t('orgs.country')}>{o.country ?? '—'}</td>
                  <td data-label={t('orgs.created')}>
                    <DateTime value={o.created_at} />
                  </td>
                  <td data-label={t('common.actions')}>
                    <Link to={`/orgs/${encodeURIComponent(o.id)}/members`} aria-label={t('orgs.membersOf', { name: o.name })}>
                      {t('orgs.members')}
                    </Link>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}

function CreateOrgForm() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [kind, setKind] = useState<OrgKind>('ngo');
  const [country, setCountry] = useState('');
  const [domains, setDomains] = useState('');
  const [createdName, setCreatedName] = useState<string | null>(null);
  const ids = { name: useId(), kind: useId(), country: useId(), countryHint: useId(), domains: useId(), domainsHint: useId() };
  const create = useMutation({
    ...createOrgApiV1OrgsPostMutation(),
    onSuccess: (org) => {
      setCreatedName(org.name);
      setName('');
      setCountry('');
      setDomains('');
      updateList<OrgOut>(queryClient, listOrgsApiV1OrgsGetQueryKey(), (list) =>
        [...list, org].sort((a, b) => a.name.localeCompare(b.name)),
      );
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate({
      body: {
        name: name.trim(),
        kind,
        country: country.trim() ? country.trim().toUpperCase() : null,
        email_domains: parseDomains(domains),
      },
    });
  };
  return (
    <section aria-labelledby="create-org-heading" className="section panel">
      <h2 id="create-org-heading">{t('orgs.createTitle')}</h2>
      <form className="form" onSubmit={submit}>
        {create.isError ? <ProblemAlert error={create.error} /> : null}
        {createdName && create.isSuccess ? (
          <p className="alert alert--success" role="status">
            {t('orgs.created_ok', { name: createdName })}
          </p>
        ) : null}
        <div className="form__grid">
          <div className="field">
            <label htmlFor={ids.name}>{t('orgs.name')}</label>
            <input id={ids.name} value={name} onChange={(e) => setName(e.target.value)} maxLength={200} required />
          </div>
          <div className="field">
            <label htmlFor={ids.kind}>{t('orgs.kind')}</label>
            <select id={ids.kind} value={kind} onChange={(e) => setKind(e.target.value as OrgKind)}>
              <option value="ngo">{t('orgs.kinds.ngo')}</option>
              <option value="coalition">{t('orgs.kinds.coalition')}</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor={ids.country}>{t('orgs.country')}</label>
            <input
              id={ids.country}
              value={country}
              onChange={(e) => setCountry(e.target.value)}
              maxLength={2}
              autoComplete="off"
              aria-describedby={ids.countryHint}
              className="input--short"
            />
            <p id={ids.countryHint} className="hint">
              {t('orgs.countryHint')}
            </p>
          </div>
          <div className="field">
            <label htmlFor={ids.domains}>{t('orgs.domains')}</label>
            <input id={ids.domains} value={domains} onChange={(e) => setDomains(e.target.value)} aria-describedby={ids.domainsHint} autoComplete="off" />
            <p id={ids.domainsHint} className="hint">
              {t('orgs.domainsHint')}
            </p>
          </div>
        </div>
        <div className="form__actions">
          <button type="submit" className="btn btn--primary" disabled={create.isPending}>
            {t('orgs.create')}
          </button>
        </div>
      </form>
    </section>
  );
}
