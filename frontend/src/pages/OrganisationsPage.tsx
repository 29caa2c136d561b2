import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

import {
  createOrgMutation,
  listOrgsOptions,
  listOrgsQueryKey,
} from '../client/@tanstack/react-query.gen';
import { afterWrite, fromAnswer } from '../api/cache';
import type { OrgKind, OrgOut } from '../client/types.gen';
import { DateTime } from '../components/DateTime';
import { Field } from '../components/Field';
import { ListTable } from '../components/ListTable';
import { PageHeader } from '../components/PageHeader';
import { ProblemAlert } from '../components/ProblemAlert';

export function parseDomains(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((d) => d.trim().toLowerCase())
    .filter(Boolean);
}

export function OrganisationsPage() {
  const { t } = useTranslation();
  const orgs = useQuery(listOrgsOptions());
  return (
    <div className="page">
      <PageHeader title={t('orgs.title')}>
        <p>{t('orgs.intro')}</p>
      </PageHeader>
      <CreateOrgForm />
      <section aria-labelledby="orgs-heading" className="section">
        <h2 id="orgs-heading">{t('orgs.listTitle')}</h2>
        <ListTable
          query={orgs}
          caption={t('orgs.listTitle')}
          columns={[t('orgs.name'), t('orgs.kind'), t('orgs.country'), t('orgs.created'), t('common.actions')]}
          row={(o) => (
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
          )}
        />
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
  const create = useMutation({
    ...createOrgMutation(),
    onSuccess: (org) => {
      setName('');
      setCountry('');
      setDomains('');
      const listKey = listOrgsQueryKey();
      afterWrite(queryClient, {
        update: [fromAnswer<OrgOut[]>(listKey, (list) => [...list, org].sort((a, b) => a.name.localeCompare(b.name)))],
        invalidate: [listKey],
      });
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
        {create.isSuccess ? (
          <p className="alert alert--success" role="status">
            {t('orgs.created_ok', { name: create.data.name })}
          </p>
        ) : null}
        <div className="form__grid">
          <Field label={t('orgs.name')}>
            {(control) => <input {...control} value={name} onChange={(e) => setName(e.target.value)} maxLength={200} required />}
          </Field>
          <Field label={t('orgs.kind')}>
            {(control) => (
              <select {...control} value={kind} onChange={(e) => setKind(e.target.value as OrgKind)}>
                <option value="ngo">{t('orgs.kinds.ngo')}</option>
                <option value="coalition">{t('orgs.kinds.coalition')}</option>
              </select>
            )}
          </Field>
          <Field label={t('orgs.country')} hint={t('orgs.countryHint')}>
            {(control) => (
              <input {...control} value={country} onChange={(e) => setCountry(e.target.value)} maxLength={2} autoComplete="off" className="input--short" />
            )}
          </Field>
          <Field label={t('orgs.domains')} hint={t('orgs.domainsHint')}>
            {(control) => <input {...control} value={domains} onChange={(e) => setDomains(e.target.value)} autoComplete="off" />}
          </Field>
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
