import '../../features/review/review.css';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';

import { afterWrite, fromAnswer } from '../../api/cache';
import { asApiError } from '../../api/errors';
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
import { DateTime } from '../../components/DateTime';
import { PageHeader } from '../../components/PageHeader';
import { ProblemAlert } from '../../components/ProblemAlert';
import { Spinner } from '../../components/Spinner';
import { caseReads, useCase, type PackageOut, type SubmissionOut } from '../../features/api';
import { JURISDICTIONS } from '../../features/content';
import { ReadinessPanel } from '../../features/ReadinessPanel';
import { StatusBadge } from '../../features/StatusBadge';
import type { RefusalOut } from '../../client/types.gen';
import { formatPartialDate } from '../../features/review/format';
import { errorsByField, FieldMessage, FormProblem, invalidProps, type FormFields } from './formErrors';

const CHANNELS = ['email', 'official_form', 'meeting', 'via_partner'] as const;
const today = () => new Date().toISOString().slice(0, 10);

export default function CasePackagesPage() {
  const { caseId = '' } = useParams();
  const { t } = useTranslation('work');
  const { t: tr } = useTranslation('review');
  const me = useMe();
  const qc = useQueryClient();
  const [chosen, setChosen] = useState<string[] | null>(null);
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
    onMutate: () => setRefused([]),
    onSuccess: (r) => {
      setRefused(r.refused);
      afterWrite(qc, { invalidate: caseReads(caseId) });
    },
    // Nothing could be built (422, or 409 when every build is already running): the answer lists why.
    onError: (e) => setRefused(refusalsOf(e)),
  });
  if (c.isPending) return <Spinner label={t('packages.title')} />;
  if (c.isError) return <div className="page"><ProblemAlert error={c.error} /></div>;
  const allowed = c.data.allowed_transitions ?? [];
  const targets = c.data.target_jurisdictions;
  // The case's target jurisdictions are chosen until the coordinator changes the choice.
  const picked = chosen ?? targets.filter((j) => (JURISDICTIONS as readonly string[]).includes(j));
  const onBuild = (e: FormEvent) => {
    e.preventDefault();
    if (picked.length) build.mutate({ path: { case_id: caseId }, body: { jurisdictions: picked } });
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
              <fieldset className="work-checks" id="pkg-jurisdictions">
                <legend>{t('packages.choose')}</legend>
                {JURISDICTIONS.map((j) => (
                  <label key={j} className="work-check">
                    <input type="checkbox" checked={picked.includes(j)} onChange={(e) => setChosen(e.target.checked ? [...picked, j] : picked.filter((x) => x !== j))} /> {t(`jur.${j}`)}
                    {targets.includes(j) ? <span className="badge">{tr('track.targeted')}</span> : null}
                  </label>
                ))}
              </fieldset>
              <p className="hint">{targets.length ? tr('track.preselected', { list: targets.map((j) => t(`jur.${j}` as 'jur.us', { defaultValue: j })).join(', ') }) : tr('track.noTargets')}</p>
              <button type="submit" className="btn btn--primary" disabled={build.isPending || picked.length === 0}>{t('packages.build')}</button>
              {/* A refused request is shown by its refusals (in the user's language), not the English problem. */}
              {refusalsOf(build.error).length ? null : <FormProblem error={build.error} fields={{ jurisdictions: { label: t('packages.choose'), id: 'pkg-jurisdictions' } }} />}
              {refused.map((r) => (
                <div key={r.jurisdiction} className="alert alert--error" role="alert" data-testid={`refused-${r.jurisdiction}`}>
                  <p className="alert__title">{t('packages.refused', { jur: t(`jur.${r.jurisdiction}` as 'jur.us', { defaultValue: r.jurisdiction }) })}</p>
                  <ul className="alert__list">{refusalLines(r).map((x, i) => <li key={i}><bdi>{x}</bdi></li>)}</ul>
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

/** The refusals in the body of a refused request (none for any other error). */
function refusalsOf(error: unknown): RefusalOut[] {
  if (!error) return [];
  const refused = asApiError(error).problem.refused;
  return Array.isArray(refused) ? (refused as RefusalOut[]) : [];
}

/** Each reason in the user's language (content named by its labels); an older answer's English reasons and paths. */
function refusalLines(r: RefusalOut): string[] {
  if (!r.reason_details?.length) return [...r.reasons, ...r.missing];
  return r.reason_details.map((d, i) => d.text ?? r.reasons[i] ?? d.msg);
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
  const { t: tr } = useTranslation('review');
  const qc = useQueryClient();
  const [f, setF] = useState({ sent_on: today(), channel: 'email' as (typeof CHANNELS)[number], addressee: '', reference: '', note: '', follow_up_date: '' });
  const send = useMutation({
    ...sendPackageMutation(),
    onSuccess: (out) => afterWrite(qc, { update: [submissionAnswer(out)], invalidate: caseReads(pkg.case_id) }),
  });
  const id = (s: string) => `send-${pkg.id}-${s}`;
  const fields: FormFields = {
    sent_on: { label: t('packages.sentOn'), id: id('on') },
    channel: { label: t('packages.channel'), id: id('ch') },
    addressee: { label: tr('track.addressee'), id: id('to') },
    reference: { label: t('packages.reference'), id: id('ref') },
    note: { label: t('packages.note'), id: id('n') },
    follow_up_date: { label: t('packages.followUp'), id: id('fu') },
  };
  const errs = errorsByField(send.error, fields);
  const onSend = (e: FormEvent) => {
    e.preventDefault();
    send.mutate({
      path: { package_id: pkg.id },
      body: {
        sent_on: f.sent_on,
        channel: f.channel,
        addressee: f.addressee.trim() || null,
        reference: f.reference.trim() || null,
        note: f.note.trim() || null,
        follow_up_date: f.follow_up_date || null,
      },
    });
  };
  const field = (k: keyof typeof f & keyof typeof fields, control: ReactNode) => (
    <div className={`work-field${errs[k] ? ' work-field--error' : ''}`}>
      <label htmlFor={fields[k]!.id}>{fields[k]!.label}</label>
      {control}
      <FieldMessage id={fields[k]!.id} msgs={errs[k]} />
    </div>
  );
  return (
    <form className="work-send" onSubmit={onSend} aria-label={t('packages.recordSending')}>
      <h3>{t('packages.recordSending')}</h3>
      <div className="work-row">
        {field('sent_on', <input id={id('on')} type="date" required value={f.sent_on} onChange={(e) => setF({ ...f, sent_on: e.target.value })} {...invalidProps(id('on'), errs.sent_on)} />)}
        {field(
          'channel',
          <select id={id('ch')} value={f.channel} onChange={(e) => setF({ ...f, channel: e.target.value as (typeof CHANNELS)[number] })} {...invalidProps(id('ch'), errs.channel)}>
            {CHANNELS.map((c) => <option key={c} value={c}>{t(`enum.channel.${c}`)}</option>)}
          </select>,
        )}
        {field('reference', <input id={id('ref')} dir="auto" value={f.reference} onChange={(e) => setF({ ...f, reference: e.target.value })} {...invalidProps(id('ref'), errs.reference)} />)}
        {field('follow_up_date', <input id={id('fu')} type="date" value={f.follow_up_date} onChange={(e) => setF({ ...f, follow_up_date: e.target.value })} {...invalidProps(id('fu'), errs.follow_up_date)} />)}
      </div>
      <div className="work-row">
        {field(
          'addressee',
          <input id={id('to')} dir="auto" value={f.addressee} placeholder={tr('track.addresseeDefault')} onChange={(e) => setF({ ...f, addressee: e.target.value })} {...invalidProps(id('to'), errs.addressee)} />,
        )}
        {field('note', <input id={id('n')} dir="auto" value={f.note} onChange={(e) => setF({ ...f, note: e.target.value })} {...invalidProps(id('n'), errs.note)} />)}
      </div>
      <button type="submit" className="btn btn--primary" disabled={send.isPending}>{t('packages.record')}</button>
      <FormProblem error={send.error} fields={fields} />
    </form>
  );
}

/** What was sent, to whom, how, under which reference; the designation when there is one. */
function SubmissionFacts({ sub }: { sub: SubmissionOut }) {
  const { t, i18n } = useTranslation('work');
  const { t: tr } = useTranslation('review');
  const lang = i18n.resolvedLanguage ?? i18n.language;
  const d = (v: string | null | undefined) => (v ? formatPartialDate(v, lang) : null);
  const rows: [string, ReactNode][] = [
    [t('packages.sentOn'), d(sub.sent_on)],
    [t('packages.channel'), sub.channel ? t(`enum.channel.${sub.channel}`) : null],
    [tr('track.addressee'), sub.addressee ? <span dir="auto">{sub.addressee}</span> : null],
    [t('packages.reference'), sub.reference ? <span dir="auto">{sub.reference}</span> : null],
    [tr('track.outcomeOn'), d(sub.outcome_on)],
    [t('packages.program'), sub.designation?.program ? <span dir="auto">{sub.designation.program}</span> : null],
    [t('packages.designationDate'), d(sub.designation?.date)],
    [tr('track.listReference'), sub.designation?.list_reference ? <span dir="auto">{sub.designation.list_reference}</span> : null],
  ];
  return (
    <dl className="work-facts" data-testid="submission-facts">
      {rows.filter(([, v]) => v !== null && v !== undefined).map(([k, v]) => (
        <div key={k} className="work-facts__row">
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

function SubmissionView({ sub }: { sub: SubmissionOut }) {
  const { t, i18n } = useTranslation('work');
  const { t: tr } = useTranslation('review');
  const lang = i18n.resolvedLanguage ?? i18n.language;
  const me = useMe();
  const qc = useQueryClient();
  const [f, setF] = useState({ status: sub.allowed_statuses[0] ?? '', on: today(), note: '', follow_up_date: '', designation_date: today(), program: '', list_reference: '' });
  const change = useMutation({
    ...changeSubmissionStatusMutation(),
    onSuccess: (out) => afterWrite(qc, { update: [submissionAnswer(out)], invalidate: caseReads(sub.case_id) }),
  });
  const id = (s: string) => `st-${sub.id}-${s}`;
  const fields: FormFields = {
    status: { label: t('packages.newStatus'), id: id('s') },
    on: { label: t('packages.on'), id: id('on') },
    follow_up_date: { label: t('packages.followUp'), id: id('fu') },
    note: { label: t('packages.note'), id: id('n') },
    'designation.date': { label: t('packages.designationDate'), id: id('dd') },
    'designation.program': { label: t('packages.program'), id: id('pg') },
    'designation.list_reference': { label: tr('track.listReference'), id: id('lr') },
    designation: { label: tr('track.designation'), id: id('dd') },
  };
  const errs = errorsByField(change.error, fields);
  const onChange = (e: FormEvent) => {
    e.preventDefault();
    change.mutate({
      path: { submission_id: sub.id },
      body: {
        status: f.status as SubmissionOut['status'],
        on: f.on || null,
        note: f.note.trim() || null,
        follow_up_date: f.follow_up_date || null,
        designation: f.status === 'designated' ? { date: f.designation_date, program: f.program, list_reference: f.list_reference.trim() || null } : null,
      },
    });
  };
  const field = (k: string, control: ReactNode) => (
    <div className={`work-field${errs[k] ? ' work-field--error' : ''}`}>
      <label htmlFor={fields[k]!.id}>{fields[k]!.label}</label>
      {control}
      <FieldMessage id={fields[k]!.id} msgs={errs[k]} />
    </div>
  );
  const designationErr = [...(errs['designation.date'] ?? []), ...(errs.designation ?? [])];
  return (
    <section className="work-submission" aria-label={t('packages.submission', { status: t(`enum.submission.${sub.status}`) })}>
      <h3>{t('packages.submission', { status: t(`enum.submission.${sub.status}`) })}</h3>
      <SubmissionFacts sub={sub} />
      {sub.follow_up_date ? <p>{t('packages.followUpDue', { date: formatPartialDate(sub.follow_up_date, lang) })}</p> : null}
      <h4>{t('packages.timeline')}</h4>
      <ol className="work-timeline" data-testid="timeline">
        {sub.timeline.map((e) => (
          <li key={e.seq} data-testid="timeline-step">
            <time dateTime={e.on}>{formatPartialDate(e.on, lang)}</time> — <strong>{t(`enum.submission.${e.status}`)}</strong>
            {e.note ? <> · <span dir="auto">{e.note}</span></> : null}
            <span className="work-timeline__by">
              {' '}
              {tr('track.recordedBy', { name: e.actor_name ?? (e.actor_user_id ? tr('track.formerMember') : tr('track.thePortal')) })}, <DateTime value={e.created_at} />
            </span>
          </li>
        ))}
      </ol>
      {can(me, 'packages') && sub.allowed_statuses.length > 0 ? (
        <form onSubmit={onChange} aria-label={t('packages.changeStatus')}>
          <div className="work-row">
            {field(
              'status',
              <select id={id('s')} value={f.status} onChange={(e) => setF({ ...f, status: e.target.value })} {...invalidProps(id('s'), errs.status)}>
                {sub.allowed_statuses.map((s) => <option key={s} value={s}>{t(`enum.submission.${s}`)}</option>)}
              </select>,
            )}
            {field('on', <input id={id('on')} type="date" value={f.on} onChange={(e) => setF({ ...f, on: e.target.value })} {...invalidProps(id('on'), errs.on)} />)}
            {field('follow_up_date', <input id={id('fu')} type="date" value={f.follow_up_date} onChange={(e) => setF({ ...f, follow_up_date: e.target.value })} {...invalidProps(id('fu'), errs.follow_up_date)} />)}
            {field('note', <input id={id('n')} dir="auto" value={f.note} onChange={(e) => setF({ ...f, note: e.target.value })} {...invalidProps(id('n'), errs.note)} />)}
            {f.status === 'designated' ? (
              <>
                <div className={`work-field${designationErr.length ? ' work-field--error' : ''}`}>
                  <label htmlFor={id('dd')}>{t('packages.designationDate')}</label>
                  <input id={id('dd')} type="date" required value={f.designation_date} onChange={(e) => setF({ ...f, designation_date: e.target.value })} {...invalidProps(id('dd'), designationErr)} />
                  <FieldMessage id={id('dd')} msgs={designationErr} />
                </div>
                {field('designation.program', <input id={id('pg')} dir="auto" required value={f.program} onChange={(e) => setF({ ...f, program: e.target.value })} {...invalidProps(id('pg'), errs['designation.program'])} />)}
                {field('designation.list_reference', <input id={id('lr')} dir="auto" value={f.list_reference} onChange={(e) => setF({ ...f, list_reference: e.target.value })} {...invalidProps(id('lr'), errs['designation.list_reference'])} />)}
              </>
            ) : null}
          </div>
          <button type="submit" className="btn" disabled={change.isPending}>{t('packages.changeStatus')}</button>
          <FormProblem error={change.error} fields={fields} />
        </form>
      ) : null}
    </section>
  );
}
