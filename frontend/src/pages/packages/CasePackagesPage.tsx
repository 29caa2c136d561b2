import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';

import { afterWrite, fromAnswer } from '../../api/cache';
import { can, useMe } from '../../auth/session';
import {
  changeSubmissionStatusMutation,
  listPackagesOptions,
  packageSubmissionOptions,
  packageSubmissionQueryKey,
  caseReadinessOptions,
  requestPackagesMutation,
  sendPackageMutation,
} from '../../client/@tanstack/react-query.gen';
import { PageHeader } from '../../components/PageHeader';
import { ProblemAlert } from '../../components/ProblemAlert';
import { Spinner } from '../../components/Spinner';
import { caseReads, useCase, type PackageOut, type SubmissionOut } from '../../features/api';
import { JURISDICTIONS } from '../../features/content';
import { ReadinessPanel } from '../../features/ReadinessPanel';
import { StatusBadge } from '../../features/StatusBadge';
import type { RefusalOut } from '../../client/types.gen';

const CHANNELS = ['email', 'official_form', 'meeting', 'via_partner'] as const;
const today = () => new Date().toISOString().slice(0, 10);

export default function CasePackagesPage() {
  const { caseId = '' } = useParams();
  const { t } = useTranslation('work');
  const me = useMe();
  const qc = useQueryClient();
  const [chosen, setChosen] = useState<string[]>([]);
  const [refused, setRefused] = useState<RefusalOut[]>([]);
  const c = useCase(caseId);
  const readiness = useQuery(caseReadinessOptions({ path: { case_id: caseId }, query: { jurisdiction: [...JURISDICTIONS] } }));
  const pkgs = useQuery({
    ...listPackagesOptions({ path: { case_id: caseId } }),
    // Follows the background build job while a package is building (not a wait for a write).
    refetchInterval: (q) => (q.state.data?.some((p) => p.state === 'building') ? 700 : false),
  });
  const build = useMutation({
    ...requestPackagesMutation(),
    onSuccess: (r) => {
      setRefused(r.refused);
      afterWrite(qc, { invalidate: caseReads(caseId) });
    },
  });
  if (c.isPending) return <Spinner label={t('packages.title')} />;
  if (c.isError) return <div className="page"><ProblemAlert error={c.error} /></div>;
  const allowed = c.data.allowed_transitions ?? [];
  const onBuild = (e: FormEvent) => {
    e.preventDefault();
    if (chosen.length) build.mutate({ path: { case_id: caseId }, body: { jurisdictions: chosen } });
  };
  return (
    <div className="page">
      <p><Link to="/packages">{t('packages.back')}</Link></p>
      <PageHeader title={t('packages.caseTitle', { title: c.data.title })}>
        <p><StatusBadge status={c.data.status} /> {t('editor.revision', { n: c.data.revision_number })}</p>
      </PageHeader>
      <div className="work-layout">
        <div className="work-main">
          {can(me, 'packages') && allowed.includes('package') ? (
            <form className="panel" onSubmit={onBuild}>
              <fieldset className="work-checks">
                <legend>{t('packages.choose')}</legend>
                {JURISDICTIONS.map((j) => (
                  <label key={j} className="work-check">
                    <input type="checkbox" checked={chosen.includes(j)} onChange={(e) => setChosen((s) => (e.target.checked ? [...s, j] : s.filter((x) => x !== j)))} /> {t(`jur.${j}`)}
                  </label>
                ))}
              </fieldset>
              <button type="submit" className="btn btn--primary" disabled={build.isPending || chosen.length === 0}>{t('packages.build')}</button>
              <ProblemAlert error={build.error} />
              {refused.map((r) => (
                <div key={r.jurisdiction} className="alert alert--error" role="alert">
                  <p className="alert__title">{t('packages.refused', { jur: t(`jur.${r.jurisdiction}` as 'jur.us', { defaultValue: r.jurisdiction }) })}</p>
                  <ul className="alert__list">{[...r.reasons, ...r.missing].map((x) => <li key={x}>{x}</li>)}</ul>
                </div>
              ))}
            </form>
          ) : null}
          <ProblemAlert error={pkgs.error} />
          {pkgs.data && pkgs.data.length === 0 ? <p>{t('packages.none')}</p> : null}
          <ul className="work-list">
            {pkgs.data?.map((p) => <PackageItem key={p.id} pkg={p} />)}
          </ul>
        </div>
        <aside className="work-side">
          <ReadinessPanel readiness={readiness.data} />
        </aside>
      </div>
    </div>
  );
}

function PackageItem({ pkg }: { pkg: PackageOut }) {
  const { t } = useTranslation('work');
  const me = useMe();
  const jur = t(`jur.${pkg.jurisdiction}` as 'jur.us', { defaultValue: pkg.jurisdiction });
  // Sending is recorded while there is no submission yet or it is only prepared; the list says which.
  const unsent = !pkg.submission_id || pkg.submission_status === 'prepared';
  const sub = useQuery({ ...packageSubmissionOptions({ path: { package_id: pkg.id } }), enabled: !unsent });
  return (
    <li className="panel work-package" data-testid={`package-${pkg.jurisdiction}`} data-state={pkg.state}>
      <h2>{t('packages.package', { jur, rev: pkg.revision_number })}</h2>
      <p>
        <span className="badge">{t(`enum.package.${pkg.state}`)}</span> {t('packages.regimes')}: {pkg.regimes.join(', ')}
      </p>
      {pkg.state === 'building' ? <progress max={100} value={pkg.progress} aria-label={t('packages.progress', { jur })} /> : null}
      {pkg.error ? <p className="alert alert--error">{pkg.error}</p> : null}
      {pkg.state === 'built' ? (
        <>
          <p>{t('packages.sha256')}: <code className="hash">{pkg.sha256}</code></p>
          <p><a className="btn" href={pkg.download_url ?? `/api/v1/packages/${pkg.id}/download`} download>{t('packages.download', { jur })}</a></p>
          {can(me, 'packages') && unsent ? <SendForm pkg={pkg} /> : null}
          {sub.data && sub.data.status !== 'prepared' ? <SubmissionView key={sub.data.updated_at} sub={sub.data} /> : null}
        </>
      ) : null}
    </li>
  );
}

/** A submission answer replaces its package's cached submission (the list shows its status: caseReads). */
const submissionAnswer = (out: SubmissionOut) =>
  fromAnswer<SubmissionOut>(packageSubmissionQueryKey({ path: { package_id: out.package_id } }), out);

function SendForm({ pkg }: { pkg: PackageOut }) {
  const { t } = useTranslation('work');
  const qc = useQueryClient();
  const [f, setF] = useState({ sent_on: today(), channel: 'email' as (typeof CHANNELS)[number], reference: '', follow_up_date: '' });
  const send = useMutation({
    ...sendPackageMutation(),
    onSuccess: (out) => afterWrite(qc, { update: [submissionAnswer(out)], invalidate: caseReads(pkg.case_id) }),
  });
  const id = (s: string) => `send-${pkg.id}-${s}`;
  const onSend = (e: FormEvent) => {
    e.preventDefault();
    send.mutate({ path: { package_id: pkg.id }, body: { sent_on: f.sent_on, channel: f.channel, reference: f.reference || null, follow_up_date: f.follow_up_date || null } });
  };
  return (
    <form className="work-send" onSubmit={onSend} aria-label={t('packages.recordSending')}>
      <h3>{t('packages.recordSending')}</h3>
      <div className="work-row">
        <div className="work-field"><label htmlFor={id('on')}>{t('packages.sentOn')}</label><input id={id('on')} type="date" required value={f.sent_on} onChange={(e) => setF({ ...f, sent_on: e.target.value })} /></div>
        <div className="work-field">
          <label htmlFor={id('ch')}>{t('packages.channel')}</label>
          <select id={id('ch')} value={f.channel} onChange={(e) => setF({ ...f, channel: e.target.value as (typeof CHANNELS)[number] })}>
            {CHANNELS.map((c) => <option key={c} value={c}>{t(`enum.channel.${c}`)}</option>)}
          </select>
        </div>
        <div className="work-field"><label htmlFor={id('ref')}>{t('packages.reference')}</label><input id={id('ref')} value={f.reference} onChange={(e) => setF({ ...f, reference: e.target.value })} /></div>
        <div className="work-field"><label htmlFor={id('fu')}>{t('packages.followUp')}</label><input id={id('fu')} type="date" value={f.follow_up_date} onChange={(e) => setF({ ...f, follow_up_date: e.target.value })} /></div>
      </div>
      <button type="submit" className="btn btn--primary" disabled={send.isPending}>{t('packages.record')}</button>
      <ProblemAlert error={send.error} />
    </form>
  );
}

function SubmissionView({ sub }: { sub: SubmissionOut }) {
  const { t } = useTranslation('work');
  const me = useMe();
  const qc = useQueryClient();
  const [f, setF] = useState({ status: sub.allowed_statuses[0] ?? '', on: today(), note: '', follow_up_date: '', designation_date: today(), program: '' });
  const change = useMutation({
    ...changeSubmissionStatusMutation(),
    onSuccess: (out) => afterWrite(qc, { update: [submissionAnswer(out)], invalidate: caseReads(sub.case_id) }),
  });
  const onChange = (e: FormEvent) => {
    e.preventDefault();
    change.mutate({
      path: { submission_id: sub.id },
      body: {
        status: f.status as SubmissionOut['status'],
        on: f.on || null,
        note: f.note || null,
        follow_up_date: f.follow_up_date || null,
        designation: f.status === 'designated' ? { date: f.designation_date, program: f.program } : null,
      },
    });
  };
  const id = (s: string) => `st-${sub.id}-${s}`;
  return (
    <section className="work-submission" aria-label={t('packages.submission', { status: t(`enum.submission.${sub.status}`) })}>
      <h3>{t('packages.submission', { status: t(`enum.submission.${sub.status}`) })}</h3>
      {sub.follow_up_date ? <p>{t('packages.followUpDue', { date: sub.follow_up_date })}</p> : null}
      <h4>{t('packages.timeline')}</h4>
      <ol className="work-timeline" data-testid="timeline">
        {sub.timeline.map((e) => (
          <li key={e.seq}>
            <time dateTime={e.on}>{e.on}</time> — <strong>{t(`enum.submission.${e.status}`)}</strong>
            {e.note ? <> · {e.note}</> : null}
          </li>
        ))}
      </ol>
      {can(me, 'packages') && sub.allowed_statuses.length > 0 ? (
        <form onSubmit={onChange} aria-label={t('packages.changeStatus')}>
          <div className="work-row">
            <div className="work-field">
              <label htmlFor={id('s')}>{t('packages.newStatus')}</label>
              <select id={id('s')} value={f.status} onChange={(e) => setF({ ...f, status: e.target.value })}>
                {sub.allowed_statuses.map((s) => <option key={s} value={s}>{t(`enum.submission.${s}`)}</option>)}
              </select>
            </div>
            <div className="work-field"><label htmlFor={id('on')}>{t('packages.on')}</label><input id={id('on')} type="date" value={f.on} onChange={(e) => setF({ ...f, on: e.target.value })} /></div>
            <div className="work-field"><label htmlFor={id('fu')}>{t('packages.followUp')}</label><input id={id('fu')} type="date" value={f.follow_up_date} onChange={(e) => setF({ ...f, follow_up_date: e.target.value })} /></div>
            <div className="work-field"><label htmlFor={id('n')}>{t('packages.note')}</label><input id={id('n')} value={f.note} onChange={(e) => setF({ ...f, note: e.target.value })} /></div>
            {f.status === 'designated' ? (
              <>
                <div className="work-field"><label htmlFor={id('dd')}>{t('packages.designationDate')}</label><input id={id('dd')} type="date" value={f.designation_date} onChange={(e) => setF({ ...f, designation_date: e.target.value })} /></div>
                <div className="work-field"><label htmlFor={id('pg')}>{t('packages.program')}</label><input id={id('pg')} value={f.program} onChange={(e) => setF({ ...f, program: e.target.value })} /></div>
              </>
            ) : null}
          </div>
          <button type="submit" className="btn" disabled={change.isPending}>{t('packages.changeStatus')}</button>
          <ProblemAlert error={change.error} />
        </form>
      ) : null}
    </section>
  );
}
