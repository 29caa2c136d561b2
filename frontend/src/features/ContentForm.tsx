import { useTranslation } from 'react-i18next';

import {
  CATEGORIES,
  GROUPS,
  JURISDICTIONS,
  newId,
  ROLES,
  SCHEMAS,
  SOURCE_KINDS,
  TIE_KINDS,
  type Abuse,
  type CaseContent,
  type Perpetrator,
  type Source,
} from './content';
import { CheckboxGroup, ReadOnlyContext, Section, SelectField, TextField } from './fields';
import type { ReactNode } from 'react';

type Update = (fn: (c: CaseContent) => CaseContent) => void;

function replaceAt<T>(list: T[] | undefined, i: number, value: T): T[] {
  const out = [...(list ?? [])];
  out[i] = value;
  return out;
}
function removeAt<T>(list: T[] | undefined, i: number): T[] {
  return (list ?? []).filter((_, j) => j !== i);
}
const lines = (v: string | null) => (v ?? '').split('\n').map((s) => s.trim()).filter(Boolean);
const commaList = (v: string | null) => (v ?? '').split(',').map((s) => s.trim()).filter(Boolean);

/** The case content in sections (all read-only when `readOnly`); `sectionAside` adds e.g. comments under each section. */
export function ContentForm({
  content,
  update,
  targets,
  readOnly,
  sectionAside,
}: {
  content: CaseContent;
  update: Update;
  targets: string[];
  readOnly: boolean;
  sectionAside?: (section: string) => ReactNode;
}) {
  const { t } = useTranslation('work');
  const perps = content.perpetrators ?? [];
  const abuses = content.abuses ?? [];
  const sources = content.sources ?? [];
  const setPerp = (i: number, p: Perpetrator) => update((c) => ({ ...c, perpetrators: replaceAt(c.perpetrators, i, p) }));
  const setAbuse = (i: number, a: Abuse) => update((c) => ({ ...c, abuses: replaceAt(c.abuses, i, a) }));
  const setSource = (i: number, s: Source) => update((c) => ({ ...c, sources: replaceAt(c.sources, i, s) }));
  const opts = <T extends string>(values: readonly T[], prefix: string) =>
    values.map((v) => ({ value: v, label: t(`${prefix}.${v}` as 'jur.us') }));

  return (
    <ReadOnlyContext.Provider value={readOnly}>
      <Section id="perpetrators" title={t('sections.perpetrators')} aside={sectionAside?.('perpetrators')}>
        {perps.map((p, i) => (
          <fieldset key={p.id} className="work-item">
            <legend>{t('editor.perpetrator', { n: i + 1 })}</legend>
            <SelectField
              k={`perpetrators.${i}.schema`}
              label={t('editor.schema')}
              value={p.schema ?? 'Person'}
              options={SCHEMAS.map((s) => ({ value: s, label: t(`editor.schema${s}`) }))}
              onChange={(v) => setPerp(i, { ...p, schema: (v ?? 'Person') as Perpetrator['schema'] })}
            />
            <TextField k={`perpetrators.${i}.name`} label={t('editor.name')} value={p.name} onChange={(v) => setPerp(i, { ...p, name: v })} />
            <TextField
              k={`perpetrators.${i}.aliases`}
              label={t('editor.aliases')}
              multiline
              value={(p.aliases ?? []).join('\n')}
              onChange={(v) => setPerp(i, { ...p, aliases: lines(v) })}
            />
            <TextField k={`perpetrators.${i}.birth_date`} label={t('editor.birthDate')} value={p.birth_date} onChange={(v) => setPerp(i, { ...p, birth_date: v })} />
            <TextField
              k={`perpetrators.${i}.nationality`}
              label={t('editor.nationality')}
              value={(p.nationality ?? []).join(', ')}
              onChange={(v) => setPerp(i, { ...p, nationality: commaList(v) })}
            />
            <TextField
              k={`perpetrators.${i}.positions.0.title`}
              label={t('editor.positionTitle')}
              value={p.positions?.[0]?.title}
              onChange={(v) => setPerp(i, { ...p, positions: [{ ...(p.positions?.[0] ?? {}), title: v }, ...(p.positions ?? []).slice(1)] })}
            />
            <TextField
              k={`perpetrators.${i}.positions.0.organisation`}
              label={t('editor.positionOrg')}
              value={p.positions?.[0]?.organisation}
              onChange={(v) => setPerp(i, { ...p, positions: [{ ...(p.positions?.[0] ?? {}), organisation: v }, ...(p.positions ?? []).slice(1)] })}
            />
            <TextField k={`perpetrators.${i}.notes`} label={t('editor.notes')} multiline value={p.notes} onChange={(v) => setPerp(i, { ...p, notes: v })} />
            {!readOnly ? (
              <button type="button" className="btn btn--small btn--ghost" onClick={() => update((c) => ({ ...c, perpetrators: removeAt(c.perpetrators, i) }))}>
                {t('editor.remove')} <span className="visually-hidden">{t('editor.perpetrator', { n: i + 1 })}</span>
              </button>
            ) : null}
          </fieldset>
        ))}
        {!readOnly ? (
          <button type="button" className="btn" onClick={() => update((c) => ({ ...c, perpetrators: [...(c.perpetrators ?? []), { id: newId(), schema: 'Person' }] }))}>
            {t('editor.addPerpetrator')}
          </button>
        ) : null}
      </Section>

      <Section id="abuses" title={t('sections.abuses')} aside={sectionAside?.('abuses')}>
        {abuses.map((a, i) => (
          <fieldset key={a.id} className="work-item">
            <legend>{t('editor.abuse', { n: i + 1 })}</legend>
            <SelectField
              k={`abuses.${i}.category`}
              label={t('editor.category')}
              value={a.category}
              placeholder={t('editor.chooseCategory')}
              options={opts(CATEGORIES, 'enum.categories')}
              onChange={(v) => setAbuse(i, { ...a, category: v })}
            />
            <TextField k={`abuses.${i}.description`} label={t('editor.description')} multiline value={a.description} onChange={(v) => setAbuse(i, { ...a, description: v })} />
            {(a.incidents ?? []).map((inc, j) => {
              const setInc = (patch: object) => setAbuse(i, { ...a, incidents: replaceAt(a.incidents, j, { ...inc, ...patch }) });
              return (
                <fieldset key={inc.id} className="work-item work-item--nested">
                  <legend>{t('editor.incident', { n: j + 1 })}</legend>
                  <TextField k={`abuses.${i}.incidents.${j}.date`} label={t('editor.date')} value={inc.date} onChange={(v) => setInc({ date: v })} />
                  <TextField k={`abuses.${i}.incidents.${j}.country`} label={t('editor.country')} value={inc.country} onChange={(v) => setInc({ country: v })} />
                  <TextField k={`abuses.${i}.incidents.${j}.locality`} label={t('editor.locality')} value={inc.locality} onChange={(v) => setInc({ locality: v })} />
                  <TextField k={`abuses.${i}.incidents.${j}.description`} label={t('editor.description')} multiline value={inc.description} onChange={(v) => setInc({ description: v })} />
                </fieldset>
              );
            })}
            {!readOnly ? (
              <button type="button" className="btn btn--small" onClick={() => setAbuse(i, { ...a, incidents: [...(a.incidents ?? []), { id: newId() }] })}>
                {t('editor.addIncident')} <span className="visually-hidden">{t('editor.abuse', { n: i + 1 })}</span>
              </button>
            ) : null}
            {perps.length > 0 ? (
              <fieldset className="work-item work-item--nested">
                <legend>{t('editor.involved')}</legend>
                {perps.map((p, pi) => {
                  const roles = a.perpetrator_roles ?? [];
                  const current = roles.find((r) => r.perpetrator_id === p.id);
                  return (
                    <SelectField
                      key={p.id}
                      k={current ? `abuses.${i}.perpetrator_roles.${roles.indexOf(current)}.role` : `abuses.${i}.perpetrator_roles.new${pi}.role`}
                      label={t('editor.role', { name: p.name ?? t('editor.perpetrator', { n: pi + 1 }) })}
                      value={current?.role ?? ''}
                      placeholder={t('editor.noRole')}
                      options={opts(ROLES, 'enum.roles')}
                      onChange={(v) => {
                        const others = roles.filter((r) => r.perpetrator_id !== p.id);
                        setAbuse(i, { ...a, perpetrator_roles: v ? [...others, { perpetrator_id: p.id, role: v }] : others });
                      }}
                    />
                  );
                })}
              </fieldset>
            ) : null}
            {!readOnly ? (
              <button type="button" className="btn btn--small btn--ghost" onClick={() => update((c) => ({ ...c, abuses: removeAt(c.abuses, i) }))}>
                {t('editor.remove')} <span className="visually-hidden">{t('editor.abuse', { n: i + 1 })}</span>
              </button>
            ) : null}
          </fieldset>
        ))}
        {!readOnly ? (
          <button type="button" className="btn" onClick={() => update((c) => ({ ...c, abuses: [...(c.abuses ?? []), { id: newId(), incidents: [{ id: newId() }] }] }))}>
            {t('editor.addAbuse')}
          </button>
        ) : null}
      </Section>

      <Section id="victims" title={t('sections.victims')} aside={sectionAside?.('victims')}>
        <TextField
          k="victims.count"
          type="number"
          label={t('editor.victimCount')}
          value={content.victims?.count == null ? '' : String(content.victims.count)}
          onChange={(v) => update((c) => ({ ...c, victims: { ...(c.victims ?? {}), count: v === null ? null : Number(v) } }))}
        />
        <CheckboxGroup
          k="victims.count_is_estimate"
          legend={t('editor.estimate')}
          values={content.victims?.count_is_estimate ? ['yes'] : []}
          options={[{ value: 'yes', label: t('editor.estimate') }]}
          onChange={(v) => update((c) => ({ ...c, victims: { ...(c.victims ?? {}), count_is_estimate: v.includes('yes') } }))}
        />
        <CheckboxGroup
          k="victims.groups"
          legend={t('editor.groups')}
          values={content.victims?.groups ?? []}
          options={opts(GROUPS, 'enum.groups')}
          onChange={(v) => update((c) => ({ ...c, victims: { ...(c.victims ?? {}), groups: v } }))}
        />
        <TextField
          k="victims.description"
          label={t('editor.victimDescription')}
          multiline
          value={content.victims?.description}
          onChange={(v) => update((c) => ({ ...c, victims: { ...(c.victims ?? {}), description: v } }))}
        />
      </Section>

      <Section id="jurisdictions" title={t('sections.jurisdictions')} aside={sectionAside?.('jurisdictions')}>
        {JURISDICTIONS.filter((j) => targets.includes(j)).map((j) => {
          const jc = content.jurisdictions?.[j] ?? {};
          const setJ = (patch: object) => update((c) => ({ ...c, jurisdictions: { ...(c.jurisdictions ?? {}), [j]: { ...(c.jurisdictions?.[j] ?? {}), ...patch } } }));
          const ties = jc.ties_and_assets ?? [];
          return (
            <fieldset key={j} className="work-item">
              <legend>{t(`jur.${j}`)}</legend>
              {ties.map((tie, ti) => (
                <div key={ti} className="work-row">
                  <SelectField
                    k={`jurisdictions.${j}.ties_and_assets.${ti}.kind`}
                    label={t('editor.tieKind')}
                    value={tie.kind}
                    placeholder="—"
                    options={opts(TIE_KINDS, 'enum.ties')}
                    onChange={(v) => setJ({ ties_and_assets: replaceAt(ties, ti, { ...tie, kind: v }) })}
                  />
                  <TextField
                    k={`jurisdictions.${j}.ties_and_assets.${ti}.description`}
                    label={t('editor.tieDescription')}
                    value={tie.description}
                    onChange={(v) => setJ({ ties_and_assets: replaceAt(ties, ti, { ...tie, description: v }) })}
                  />
                </div>
              ))}
              {!readOnly ? (
                <button type="button" className="btn btn--small" onClick={() => setJ({ ties_and_assets: [...ties, { kind: null, description: null }] })}>
                  {t('editor.addTie')} <span className="visually-hidden">{t(`jur.${j}`)}</span>
                </button>
              ) : null}
              <TextField k={`jurisdictions.${j}.impact_argument`} label={`${t('editor.impact')} (${t(`jur.${j}`)})`} multiline value={jc.impact_argument} onChange={(v) => setJ({ impact_argument: v })} />
            </fieldset>
          );
        })}
      </Section>

      <Section id="sources" title={t('sections.sources')} aside={sectionAside?.('sources')}>
        {sources.map((s, i) => (
          <fieldset key={s.id} className="work-item">
            <legend>{t('editor.source', { n: i + 1 })}</legend>
            <SelectField k={`sources.${i}.kind`} label={t('editor.sourceKind')} value={s.kind} placeholder="—" options={opts(SOURCE_KINDS, 'enum.sources')} onChange={(v) => setSource(i, { ...s, kind: v })} />
            <TextField k={`sources.${i}.description`} label={t('editor.description')} multiline value={s.description} onChange={(v) => setSource(i, { ...s, description: v })} />
            <CheckboxGroup
              k={`sources.${i}.confidential`}
              legend={t('editor.source', { n: i + 1 })}
              values={s.confidential === false ? [] : ['yes']}
              options={[{ value: 'yes', label: t('editor.confidential') }]}
              onChange={(v) => setSource(i, { ...s, confidential: v.includes('yes') })}
            />
          </fieldset>
        ))}
        {!readOnly ? (
          <button type="button" className="btn" onClick={() => update((c) => ({ ...c, sources: [...(c.sources ?? []), { id: newId(), confidential: true }] }))}>
            {t('editor.addSource')}
          </button>
        ) : null}
      </Section>

      <Section id="contact" title={t('sections.contact')} aside={sectionAside?.('contact')}>
        <TextField k="contact.name" label={t('editor.contactName')} value={content.contact?.name} onChange={(v) => update((c) => ({ ...c, contact: { ...(c.contact ?? {}), name: v } }))} />
        <TextField k="contact.email" type="email" label={t('editor.contactEmail')} value={content.contact?.email} onChange={(v) => update((c) => ({ ...c, contact: { ...(c.contact ?? {}), email: v } }))} />
      </Section>

      <Section id="exculpatory_information" title={t('sections.exculpatory_information')} aside={sectionAside?.('exculpatory_information')}>
        <TextField
          k="exculpatory_information"
          label={t('editor.exculpatory')}
          multiline
          value={content.exculpatory_information}
          onChange={(v) => update((c) => ({ ...c, exculpatory_information: v }))}
        />
      </Section>
    </ReadOnlyContext.Provider>
  );
}
