import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import type { CommentOut } from '../api';
import { CommentForm, CommentThreads } from '../Comments';
import type { Abuse, CaseContent, JurisdictionContent, Perpetrator, Source } from '../content';
import { countryName, formatNumber, formatPartialDate } from './format';
import { describePath, describeValue, isUnder, sectionOfPath, type Tr } from './paths';

interface DocProps {
  caseId: string;
  caseOrgId: string;
  content: CaseContent;
  targets: readonly string[];
  comments: readonly CommentOut[];
  /** Reviewers may open new threads. */
  canComment: boolean;
}

/** One value row: nothing at all when the value is empty, so the document only shows what was written. */
function Row({ label, children, free }: { label: string; children: ReactNode; free?: boolean }) {
  if (children === null || children === undefined || children === '' || (Array.isArray(children) && children.length === 0)) return null;
  return (
    <div className="rv-row">
      <dt>{label}</dt>
      <dd dir={free ? 'auto' : undefined}>{children}</dd>
    </div>
  );
}

function useTr(): Tr & { lang: string } {
  const { t, i18n } = useTranslation('review');
  const { t: tw } = useTranslation('work');
  return { t, tw, lang: i18n.resolvedLanguage ?? i18n.language };
}

/** A list of free-text values, each in its own direction (Cyrillic, Arabic and Latin names side by side). */
function texts(values?: readonly (string | null | undefined)[] | null): ReactNode {
  const xs = (values ?? []).filter((v): v is string => !!v);
  if (xs.length === 0) return null;
  return (
    <ul className="rv-inline">
      {xs.map((v, i) => <li key={i} dir="auto">{v}</li>)}
    </ul>
  );
}

const pdate = (v: string | null | undefined, lang: string) => (v ? formatPartialDate(v, lang) : null);

/** Comments under one item, and a folded form to comment on it. */
function ItemComments({ anchor, label, ...p }: { anchor: string; label: string } & Pick<DocProps, 'caseId' | 'caseOrgId' | 'comments' | 'canComment' | 'content'>) {
  const { t } = useTranslation('review');
  return (
    <>
      <CommentThreads caseId={p.caseId} comments={p.comments} anchor={anchor} matches={(c) => isUnder(c.path, anchor)} caseOrgId={p.caseOrgId} content={p.content} title={t('comments.onItem', { item: label })} />
      {p.canComment ? (
        <details className="rv-comment-here">
          <summary>{t('comments.commentHere')}<span className="visually-hidden">: {label}</span></summary>
          <CommentForm caseId={p.caseId} anchor={anchor} label={t('comments.newOn', { item: label })} />
        </details>
      ) : null}
    </>
  );
}

const KNOWN_PERPETRATOR = new Set(['id', 'schema', 'name', 'aliases', 'transliterations', 'birth_date', 'place_of_birth', 'gender', 'nationality', 'id_numbers', 'positions', 'affiliated_units', 'notes']);
const KNOWN_ABUSE = new Set(['id', 'category', 'description', 'incidents', 'perpetrator_roles', 'widespread_or_systematic', 'of_serious_concern']);

/** Fields the document does not lay out by name (added to the content model later) still show, in words. */
function Others({ item, known }: { item: Record<string, unknown>; known: Set<string> }) {
  const tr = useTr();
  return (
    <>
      {Object.entries(item)
        .filter(([k, v]) => !known.has(k) && v !== null && v !== undefined && v !== '' && !(Array.isArray(v) && v.length === 0))
        .map(([k, v]) => (
          <Row key={k} label={tr.t(`field.${k}` as 'field.name', { defaultValue: k.replace(/_/g, ' ') })} free>
            {describeValue(v, tr.t)}
          </Row>
        ))}
    </>
  );
}

function PerpetratorItem({ p, i, ...doc }: { p: Perpetrator; i: number } & DocProps) {
  const { t, tw, lang } = useTr();
  const anchor = `perpetrators[${i}]`;
  const label = describePath(anchor, { t, tw }, doc.content).split(' › ').pop()!;
  return (
    <article className="rv-item" aria-labelledby={`rv-${domId(anchor)}`} id={`rv-item-${domId(anchor)}`}>
      <h3 id={`rv-${domId(anchor)}`} dir="auto">{label}</h3>
      <dl className="rv-dl">
        <Row label={t('field.schema')}>{p.schema ? tw(`editor.schema${p.schema}` as 'editor.schemaPerson') : null}</Row>
        <Row label={t('field.name')} free>{p.name}</Row>
        <Row label={t('field.aliases')}>{texts(p.aliases)}</Row>
        <Row label={t('field.transliterations')}>{texts(p.transliterations)}</Row>
        <Row label={t('field.birth_date')}>{pdate(p.birth_date, lang)}</Row>
        <Row label={t('field.place_of_birth')} free>{p.place_of_birth}</Row>
        <Row label={t('field.gender')}>{p.gender ? t(`gender.${p.gender}`) : null}</Row>
        <Row label={t('field.nationality')}>{(p.nationality ?? []).map((c) => countryName(c, lang)).join(', ')}</Row>
        <Row label={t('field.id_numbers')}>
          {(p.id_numbers ?? []).length ? (
            <ul className="rv-plain">
              {(p.id_numbers ?? []).map((n, k) => (
                <li key={k}>
                  {n.kind ? t(`idKind.${n.kind}` as 'idKind.passport', { defaultValue: n.kind }) : t('field.id_number')}: <span dir="ltr" className="rv-code">{n.number}</span>
                  {n.country ? <> ({countryName(n.country, lang)})</> : null}
                </li>
              ))}
            </ul>
          ) : null}
        </Row>
        <Row label={t('field.positions')}>
          {(p.positions ?? []).length ? (
            <ul className="rv-plain">
              {(p.positions ?? []).map((pos, k) => (
                <li key={k} dir="auto">
                  {[pos.title, pos.organisation].filter(Boolean).join(', ')}
                  {pos.start_date || pos.end_date ? (
                    <span className="muted"> ({t('value.period', { from: pdate(pos.start_date, lang) ?? '…', to: pdate(pos.end_date, lang) ?? t('value.present') })})</span>
                  ) : null}
                </li>
              ))}
            </ul>
          ) : null}
        </Row>
        <Row label={t('field.affiliated_units')}>{texts(p.affiliated_units)}</Row>
        <Row label={t('field.notes')} free>{p.notes}</Row>
        <Others item={p} known={KNOWN_PERPETRATOR} />
      </dl>
      <ItemComments anchor={anchor} label={label} {...doc} />
    </article>
  );
}

function AbuseItem({ a, i, ...doc }: { a: Abuse; i: number } & DocProps) {
  const { t, tw, lang } = useTr();
  const anchor = `abuses[${i}]`;
  const label = describePath(anchor, { t, tw }, doc.content).split(' › ').pop()!;
  const perps = doc.content.perpetrators ?? [];
  const nameOf = (id: string) => perps.find((p) => p.id === id)?.name ?? t('value.unknownPerpetrator');
  const qualifiers = [a.widespread_or_systematic ? t('field.widespread_or_systematic') : null, a.of_serious_concern ? t('field.of_serious_concern') : null].filter(Boolean);
  return (
    <article className="rv-item" aria-labelledby={`rv-${domId(anchor)}`} id={`rv-item-${domId(anchor)}`}>
      <h3 id={`rv-${domId(anchor)}`}>{label}</h3>
      <dl className="rv-dl">
        <Row label={t('field.description')} free>{a.description}</Row>
        <Row label={t('field.qualifiers')}>{qualifiers.join(' · ')}</Row>
        <Row label={t('field.perpetrator_roles')}>
          {(a.perpetrator_roles ?? []).length ? (
            <ul className="rv-plain">
              {(a.perpetrator_roles ?? []).map((r, k) => (
                <li key={k}>
                  <span dir="auto">{nameOf(r.perpetrator_id)}</span>: {r.role ? tw(`enum.roles.${r.role}` as 'enum.roles.ordered', { defaultValue: r.role }) : t('value.empty')}
                  {r.description ? <> — <span dir="auto">{r.description}</span></> : null}
                </li>
              ))}
            </ul>
          ) : null}
        </Row>
        <Others item={a} known={KNOWN_ABUSE} />
      </dl>
      {(a.incidents ?? []).length ? (
        <>
          <h4>{t('field.incidents')}</h4>
          <ol className="rv-incidents">
            {(a.incidents ?? []).map((inc, k) => (
              <li key={inc.id ?? k} id={`rv-item-${domId(`${anchor}.incidents[${k}]`)}`}>
                <p className="rv-incident__when">
                  {inc.date ? (inc.end_date ? t('value.period', { from: pdate(inc.date, lang), to: pdate(inc.end_date, lang) }) : pdate(inc.date, lang)) : t('value.noDate')}
                  {inc.locality || inc.country ? <> — <span dir="auto">{[inc.locality, inc.country ? countryName(inc.country, lang) : null].filter(Boolean).join(', ')}</span></> : null}
                </p>
                {inc.description ? <p dir="auto">{inc.description}</p> : null}
              </li>
            ))}
          </ol>
        </>
      ) : null}
      <ItemComments anchor={anchor} label={label} {...doc} />
    </article>
  );
}

function SourceItem({ s, i, ...doc }: { s: Source; i: number } & DocProps) {
  const { t, tw } = useTr();
  const anchor = `sources[${i}]`;
  const label = t('item.sources', { n: i + 1 });
  return (
    <article className="rv-item" aria-labelledby={`rv-${domId(anchor)}`} id={`rv-item-${domId(anchor)}`}>
      <h3 id={`rv-${domId(anchor)}`}>
        {label}
        {s.kind ? <>: {tw(`enum.sources.${s.kind}` as 'enum.sources.witness', { defaultValue: s.kind })}</> : null}
        {s.confidential ? <> <span className="badge rv-badge--confidential">{t('value.confidential')}</span></> : null}
      </h3>
      {s.description ? <p dir="auto">{s.description}</p> : null}
      <ItemComments anchor={anchor} label={label} {...doc} />
    </article>
  );
}

function JurisdictionItem({ code, j, ...doc }: { code: string; j: JurisdictionContent | undefined } & DocProps) {
  const { t, tw, lang } = useTr();
  const anchor = `jurisdictions.${code}`;
  const label = tw(`jur.${code}` as 'jur.us', { defaultValue: code });
  const ties = j?.ties_and_assets ?? [];
  const inForce = j?.sanctions_in_force ?? [];
  const targeted = doc.targets.includes(code);
  return (
    <article className="rv-item" aria-labelledby={`rv-${domId(anchor)}`} id={`rv-item-${domId(anchor)}`}>
      <h3 id={`rv-${domId(anchor)}`}>
        {label} {targeted ? <span className="badge">{t('value.targeted')}</span> : <span className="badge badge--muted">{t('value.notTargeted')}</span>}
      </h3>
      {ties.length === 0 && inForce.length === 0 && !j?.impact_argument ? <p className="muted">{t('value.nothingEntered')}</p> : null}
      {ties.length ? (
        <>
          <h4>{t('field.ties_and_assets')}</h4>
          <ul className="rv-plain rv-ties">
            {ties.map((tie, k) => (
              <li key={k}>
                <strong>{tie.kind ? tw(`enum.ties.${tie.kind}` as 'enum.ties.property', { defaultValue: tie.kind }) : t('value.empty')}</strong>
                {tie.description ? <>: <span dir="auto">{tie.description}</span></> : null}
                {tie.location ? <> · {t('field.location')}: <span dir="auto">{tie.location}</span></> : null}
                {tie.value ? <> · {t('field.value')}: <span dir="auto">{tie.value}</span></> : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {inForce.length ? (
        <>
          <h4>{t('field.sanctions_in_force')}</h4>
          <ul className="rv-plain">
            {inForce.map((s, k) => (
              <li key={k} dir="auto">
                {[s.authority, s.program, s.reference].filter(Boolean).join(' · ')}
                {s.date ? <> ({pdate(s.date, lang)})</> : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {j?.impact_argument ? (
        <>
          <h4>{t('field.impact_argument')}</h4>
          <p dir="auto">{j.impact_argument}</p>
        </>
      ) : null}
      <ItemComments anchor={anchor} label={label} {...doc} />
    </article>
  );
}

function domId(s: string): string {
  return s.replace(/[^A-Za-z0-9_-]/g, '-');
}

/** One section of the document: heading, body, its own comments (those not shown at an item) and a new-comment form. */
function DocSection({ id, title, itemAnchors, children, ...doc }: { id: string; title: string; itemAnchors: string[]; children: ReactNode } & DocProps) {
  const { t } = useTranslation('work');
  const open = doc.comments.filter((c) => !c.parent_id && !c.resolved_at && sectionOfPath(c.path) === id).length;
  return (
    <section className="panel rv-section" id={`section-${id}`} aria-labelledby={`section-${id}-h`}>
      <h2 id={`section-${id}-h`}>
        {title}
        {open ? <> <OpenCount n={open} /></> : null}
      </h2>
      {children}
      <CommentThreads
        caseId={doc.caseId}
        comments={doc.comments}
        anchor={id}
        matches={(c) => sectionOfPath(c.path) === id && !itemAnchors.some((a) => isUnder(c.path, a))}
        caseOrgId={doc.caseOrgId}
        content={doc.content}
        newLabel={doc.canComment ? t('comments.add', { section: title }) : undefined}
        title={t('comments.onSection', { section: title })}
      />
    </section>
  );
}

function OpenCount({ n }: { n: number }) {
  const { t } = useTranslation('review');
  return <span className="badge rv-badge--open">{t('comments.openCount', { count: n })}</span>;
}

export const DOC_SECTIONS = ['perpetrators', 'abuses', 'victims', 'jurisdictions', 'sources', 'exculpatory_information', 'contact'] as const;

/** The case as a document to read: every section in words, each comment where it belongs. */
export function CaseDocument(doc: DocProps) {
  const { t, tw, lang } = useTr();
  const c = doc.content;
  const perps = c.perpetrators ?? [];
  const abuses = c.abuses ?? [];
  const sources = c.sources ?? [];
  const victims = c.victims ?? {};
  const jurCodes = [...new Set([...doc.targets, ...Object.keys(c.jurisdictions ?? {})])];
  const sectionTitle = (s: string) => tw(`sections.${s}` as 'sections.title', { defaultValue: s });
  const empty = <p className="muted">{t('value.nothingEntered')}</p>;
  return (
    <div className="rv-doc">
      <DocSection id="perpetrators" title={sectionTitle('perpetrators')} itemAnchors={perps.map((_, i) => `perpetrators[${i}]`)} {...doc}>
        {perps.length ? perps.map((p, i) => <PerpetratorItem key={p.id ?? i} p={p} i={i} {...doc} />) : empty}
      </DocSection>
      <DocSection id="abuses" title={sectionTitle('abuses')} itemAnchors={abuses.map((_, i) => `abuses[${i}]`)} {...doc}>
        {abuses.length ? abuses.map((a, i) => <AbuseItem key={a.id ?? i} a={a} i={i} {...doc} />) : empty}
      </DocSection>
      <DocSection id="victims" title={sectionTitle('victims')} itemAnchors={[]} {...doc}>
        <dl className="rv-dl">
          <Row label={t('field.count')}>
            {typeof victims.count === 'number' ? (
              <>
                {formatNumber(victims.count, lang)}
                {victims.count_is_estimate ? <> ({t('value.estimate')})</> : null}
              </>
            ) : null}
          </Row>
          <Row label={t('field.groups')}>
            {(victims.groups ?? []).length ? (
              <ul className="rv-inline rv-groups">
                {(victims.groups ?? []).map((g) => <li key={g} className="badge rv-badge--group">{tw(`enum.groups.${g}` as 'enum.groups.women', { defaultValue: g })}</li>)}
              </ul>
            ) : null}
          </Row>
          <Row label={t('field.description')} free>{victims.description}</Row>
          <Others item={victims} known={new Set(['count', 'count_is_estimate', 'groups', 'description'])} />
        </dl>
        {typeof victims.count !== 'number' && !(victims.groups ?? []).length && !victims.description ? empty : null}
      </DocSection>
      <DocSection id="jurisdictions" title={sectionTitle('jurisdictions')} itemAnchors={jurCodes.map((j) => `jurisdictions.${j}`)} {...doc}>
        {jurCodes.length ? jurCodes.map((j) => <JurisdictionItem key={j} code={j} j={c.jurisdictions?.[j]} {...doc} />) : empty}
      </DocSection>
      <DocSection id="sources" title={sectionTitle('sources')} itemAnchors={sources.map((_, i) => `sources[${i}]`)} {...doc}>
        {sources.length ? sources.map((s, i) => <SourceItem key={s.id ?? i} s={s} i={i} {...doc} />) : empty}
      </DocSection>
      <DocSection id="exculpatory_information" title={sectionTitle('exculpatory_information')} itemAnchors={[]} {...doc}>
        {c.exculpatory_information ? <p dir="auto" className="rv-text">{c.exculpatory_information}</p> : empty}
      </DocSection>
      <DocSection id="contact" title={sectionTitle('contact')} itemAnchors={[]} {...doc}>
        <dl className="rv-dl">
          <Row label={t('field.contact_name')} free>{c.contact?.name}</Row>
          <Row label={t('field.email')}>{c.contact?.email ? <span dir="ltr">{c.contact.email}</span> : null}</Row>
          <Row label={t('field.phone')}>{c.contact?.phone ? <span dir="ltr">{c.contact.phone}</span> : null}</Row>
          <Row label={t('field.partner_organisations')}>{texts(c.partner_organisations)}</Row>
        </dl>
        {!c.contact?.name && !c.contact?.email && !c.contact?.phone && !(c.partner_organisations ?? []).length ? empty : null}
      </DocSection>
    </div>
  );
}
