import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

import {
  CATEGORIES,
  GENDERS,
  GROUPS,
  ID_KINDS,
  JURISDICTIONS,
  newId,
  ROLES,
  SCHEMAS,
  SOURCE_KINDS,
  TIE_KINDS,
  type Abuse,
  type CaseContent,
  type Incident,
  type Perpetrator,
  type Source,
} from './content';
import { CheckField, CountriesField, CountryField, Item, LinesField, Rows } from './drafts/controls';
import { fieldId } from './fieldErrors';
import { CheckboxGroup, ReadOnlyContext, Section, SelectField, TextField } from './fields';

type Update = (fn: (c: CaseContent) => CaseContent) => void;

function replaceAt<T>(list: T[] | undefined, i: number, value: T): T[] {
  const out = [...(list ?? [])];
  out[i] = value;
  return out;
}
function removeAt<T>(list: T[] | undefined, i: number): T[] {
  return (list ?? []).filter((_, j) => j !== i);
}

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
  const { t: td } = useTranslation('drafts');
  const perps = content.perpetrators ?? [];
  const abuses = content.abuses ?? [];
  const sources = content.sources ?? [];
  const setPerp = (i: number, p: Perpetrator) => update((c) => ({ ...c, perpetrators: replaceAt(c.perpetrators, i, p) }));
  const setAbuse = (i: number, a: Abuse) => update((c) => ({ ...c, abuses: replaceAt(c.abuses, i, a) }));
  const setSource = (i: number, s: Source) => update((c) => ({ ...c, sources: replaceAt(c.sources, i, s) }));
  const opts = <T extends string>(values: readonly T[], prefix: string) =>
    values.map((v) => ({ value: v, label: t(`${prefix}.${v}` as 'jur.us') }));
  const dopts = <T extends string>(values: readonly T[], prefix: string) =>
    values.map((v) => ({ value: v, label: td(`${prefix}.${v}` as 'gender.male') }));

  return (
    <ReadOnlyContext.Provider value={readOnly}>
      <Section id="perpetrators" title={t('sections.perpetrators')} aside={sectionAside?.('perpetrators')}>
        <p className="hint">{td('help.perpetrators')}</p>
        {perps.map((p, i) => {
          const k = `perpetrators.${i}`;
          const ids = p.id_numbers ?? [];
          const positions = p.positions ?? [];
          return (
            <Item
              key={p.id}
              k={k}
              legend={t('editor.perpetrator', { n: i + 1 })}
              onRemove={() => update((c) => ({ ...c, perpetrators: removeAt(c.perpetrators, i) }))}
              removeLabel={td('remove.perpetrator', { n: i + 1 })}
            >
              <SelectField
                k={`${k}.schema`}
                label={t('editor.schema')}
                value={p.schema ?? 'Person'}
                options={SCHEMAS.map((s) => ({ value: s, label: t(`editor.schema${s}`) }))}
                onChange={(v) => setPerp(i, { ...p, schema: (v ?? 'Person') as Perpetrator['schema'] })}
              />
              <TextField k={`${k}.name`} label={t('editor.name')} value={p.name} onChange={(v) => setPerp(i, { ...p, name: v })} />
              <LinesField k={`${k}.aliases`} label={t('editor.aliases')} values={p.aliases} onChange={(v) => setPerp(i, { ...p, aliases: v })} />
              <LinesField k={`${k}.transliterations`} label={td('field.transliterations')} values={p.transliterations} onChange={(v) => setPerp(i, { ...p, transliterations: v })} />
              <div className="work-row">
                <TextField k={`${k}.birth_date`} label={t('editor.birthDate')} value={p.birth_date} onChange={(v) => setPerp(i, { ...p, birth_date: v })} />
                <TextField k={`${k}.place_of_birth`} label={td('field.placeOfBirth')} value={p.place_of_birth} onChange={(v) => setPerp(i, { ...p, place_of_birth: v })} />
                <SelectField
                  k={`${k}.gender`}
                  label={td('field.gender')}
                  value={p.gender}
                  placeholder="—"
                  options={dopts(GENDERS, 'gender')}
                  onChange={(v) => setPerp(i, { ...p, gender: v as Perpetrator['gender'] })}
                />
              </div>
              <CountriesField k={`${k}.nationality`} legend={td('field.nationalities')} values={p.nationality} onChange={(v) => setPerp(i, { ...p, nationality: v })} />
              <Rows k={`${k}.id_numbers`} legend={td('field.idNumbers')} addLabel={td('add.idNumber')} onAdd={() => setPerp(i, { ...p, id_numbers: [...ids, { kind: 'passport', number: '' }] })}>
                {ids.map((idn, n) => {
                  const setId = (patch: object) => setPerp(i, { ...p, id_numbers: replaceAt(ids, n, { ...idn, ...patch }) });
                  return (
                    <Item key={n} nested k={`${k}.id_numbers.${n}`} legend={td('field.idNumberN', { n: n + 1 })} onRemove={() => setPerp(i, { ...p, id_numbers: removeAt(ids, n) })} removeLabel={td('remove.idNumber', { n: n + 1 })}>
                      <div className="work-row">
                        <SelectField k={`${k}.id_numbers.${n}.kind`} label={td('field.idKind')} value={idn.kind ?? 'other'} options={dopts(ID_KINDS, 'idKind')} onChange={(v) => setId({ kind: v ?? 'other' })} />
                        <TextField k={`${k}.id_numbers.${n}.number`} label={td('field.idNumber')} value={idn.number} onChange={(v) => setId({ number: v ?? '' })} />
                        <CountryField k={`${k}.id_numbers.${n}.country`} label={td('field.idCountry')} value={idn.country} onChange={(v) => setId({ country: v })} />
                      </div>
                    </Item>
                  );
                })}
              </Rows>
              <Rows k={`${k}.positions`} legend={td('field.positions')} addLabel={td('add.position')} onAdd={() => setPerp(i, { ...p, positions: [...positions, {}] })}>
                {positions.map((pos, n) => {
                  const setPos = (patch: object) => setPerp(i, { ...p, positions: replaceAt(positions, n, { ...pos, ...patch }) });
                  return (
                    <Item key={n} nested k={`${k}.positions.${n}`} legend={td('field.positionN', { n: n + 1 })} onRemove={() => setPerp(i, { ...p, positions: removeAt(positions, n) })} removeLabel={td('remove.position', { n: n + 1 })}>
                      <div className="work-row">
                        <TextField k={`${k}.positions.${n}.title`} label={t('editor.positionTitle')} value={pos.title} onChange={(v) => setPos({ title: v })} />
                        <TextField k={`${k}.positions.${n}.organisation`} label={t('editor.positionOrg')} value={pos.organisation} onChange={(v) => setPos({ organisation: v })} />
                      </div>
                      <div className="work-row">
                        <TextField k={`${k}.positions.${n}.start_date`} label={td('field.from')} value={pos.start_date} onChange={(v) => setPos({ start_date: v })} />
                        <TextField k={`${k}.positions.${n}.end_date`} label={td('field.until')} value={pos.end_date} onChange={(v) => setPos({ end_date: v })} />
                      </div>
                    </Item>
                  );
                })}
              </Rows>
              <LinesField k={`${k}.affiliated_units`} label={td('field.affiliatedUnits')} values={p.affiliated_units} onChange={(v) => setPerp(i, { ...p, affiliated_units: v })} />
              <TextField k={`${k}.notes`} label={t('editor.notes')} multiline value={p.notes} onChange={(v) => setPerp(i, { ...p, notes: v })} />
            </Item>
          );
        })}
        {!readOnly ? (
          <button type="button" className="btn" onClick={() => update((c) => ({ ...c, perpetrators: [...(c.perpetrators ?? []), { id: newId(), schema: 'Person' }] }))}>
            {t('editor.addPerpetrator')}
          </button>
        ) : null}
      </Section>

      <Section id="abuses" title={t('sections.abuses')} aside={sectionAside?.('abuses')}>
        <p className="hint">{td('help.abuses')}</p>
        {abuses.map((a, i) => {
          const k = `abuses.${i}`;
          return (
            <Item key={a.id} k={k} legend={t('editor.abuse', { n: i + 1 })} onRemove={() => update((c) => ({ ...c, abuses: removeAt(c.abuses, i) }))} removeLabel={td('remove.abuse', { n: i + 1 })}>
              <SelectField
                k={`${k}.category`}
                label={t('editor.category')}
                value={a.category}
                placeholder={t('editor.chooseCategory')}
                options={opts(CATEGORIES, 'enum.categories')}
                onChange={(v) => setAbuse(i, { ...a, category: v })}
              />
              <TextField k={`${k}.description`} label={t('editor.description')} multiline value={a.description} onChange={(v) => setAbuse(i, { ...a, description: v })} />
              <CheckField k={`${k}.widespread_or_systematic`} label={td('field.widespread')} hint={td('help.widespread')} checked={!!a.widespread_or_systematic} onChange={(v) => setAbuse(i, { ...a, widespread_or_systematic: v })} />
              <CheckField k={`${k}.of_serious_concern`} label={td('field.seriousConcern')} hint={td('help.seriousConcern')} checked={!!a.of_serious_concern} onChange={(v) => setAbuse(i, { ...a, of_serious_concern: v })} />
              <Rows k={`${k}.incidents`} legend={td('field.incidents')} addLabel={td('add.incident', { n: i + 1 })} onAdd={() => setAbuse(i, { ...a, incidents: [...(a.incidents ?? []), { id: newId() }] })}>
                {(a.incidents ?? []).map((inc, j) => {
                  const setInc = (patch: Partial<Incident>) => setAbuse(i, { ...a, incidents: replaceAt(a.incidents, j, { ...inc, ...patch }) });
                  const ik = `${k}.incidents.${j}`;
                  return (
                    <Item key={inc.id} nested k={ik} legend={t('editor.incident', { n: j + 1 })} onRemove={() => setAbuse(i, { ...a, incidents: removeAt(a.incidents, j) })} removeLabel={td('remove.incident', { n: j + 1 })}>
                      <div className="work-row">
                        <TextField k={`${ik}.date`} label={t('editor.date')} value={inc.date} onChange={(v) => setInc({ date: v })} />
                        <TextField k={`${ik}.end_date`} label={td('field.endDate')} value={inc.end_date} onChange={(v) => setInc({ end_date: v })} />
                      </div>
                      <div className="work-row">
                        <CountryField k={`${ik}.country`} label={td('field.country')} value={inc.country} onChange={(v) => setInc({ country: v })} />
                        <TextField k={`${ik}.locality`} label={t('editor.locality')} value={inc.locality} onChange={(v) => setInc({ locality: v })} />
                      </div>
                      <TextField k={`${ik}.description`} label={t('editor.description')} multiline value={inc.description} onChange={(v) => setInc({ description: v })} />
                    </Item>
                  );
                })}
              </Rows>
              {perps.length > 0 ? (
                <Item nested k={`${k}.perpetrator_roles`} legend={t('editor.involved')}>
                  {perps.map((p, pi) => {
                    const roles = a.perpetrator_roles ?? [];
                    const current = roles.find((r) => r.perpetrator_id === p.id);
                    const ri = current ? roles.indexOf(current) : -1;
                    const rk = current ? `${k}.perpetrator_roles.${ri}` : `${k}.perpetrator_roles.new${pi}`;
                    const who = p.name ?? t('editor.perpetrator', { n: pi + 1 });
                    return (
                      <div key={p.id} className="work-row" id={current ? fieldId(rk) : undefined} tabIndex={current ? -1 : undefined}>
                        <SelectField
                          k={`${rk}.role`}
                          label={t('editor.role', { name: who })}
                          value={current?.role ?? ''}
                          placeholder={t('editor.noRole')}
                          options={opts(ROLES, 'enum.roles')}
                          onChange={(v) => {
                            const others = roles.filter((r) => r.perpetrator_id !== p.id);
                            setAbuse(i, { ...a, perpetrator_roles: v ? [...others, { ...(current ?? {}), perpetrator_id: p.id, role: v }] : others });
                          }}
                        />
                        {current ? (
                          <TextField
                            k={`${rk}.description`}
                            label={td('field.roleDescription', { name: who })}
                            value={current.description}
                            onChange={(v) => setAbuse(i, { ...a, perpetrator_roles: replaceAt(roles, ri, { ...current, description: v }) })}
                          />
                        ) : null}
                      </div>
                    );
                  })}
                </Item>
              ) : null}
            </Item>
          );
        })}
        {!readOnly ? (
          <button type="button" className="btn" onClick={() => update((c) => ({ ...c, abuses: [...(c.abuses ?? []), { id: newId(), incidents: [{ id: newId() }] }] }))}>
            {t('editor.addAbuse')}
          </button>
        ) : null}
      </Section>

      <Section id="victims" title={t('sections.victims')} aside={sectionAside?.('victims')}>
        <div id="f-victims" tabIndex={-1} className="work-section">
          <div className="work-row">
            <TextField
              k="victims.count"
              type="number"
              label={t('editor.victimCount')}
              value={content.victims?.count == null ? '' : String(content.victims.count)}
              onChange={(v) => update((c) => ({ ...c, victims: { ...(c.victims ?? {}), count: v === null ? null : Number(v) } }))}
            />
            <CheckField
              k="victims.count_is_estimate"
              label={t('editor.estimate')}
              checked={!!content.victims?.count_is_estimate}
              onChange={(v) => update((c) => ({ ...c, victims: { ...(c.victims ?? {}), count_is_estimate: v } }))}
            />
          </div>
          <CheckboxGroup
            k="victims.groups"
            legend={t('editor.groups')}
            values={content.victims?.groups ?? []}
            options={opts(GROUPS, 'enum.groups')}
            onChange={(v) => update((c) => ({ ...c, victims: { ...(c.victims ?? {}), groups: GROUPS.filter((g) => v.includes(g)) } }))}
          />
          {(content.victims?.groups ?? []).includes('other') || content.victims?.other_description ? (
            <TextField
              k="victims.other_description"
              label={td('field.otherGroup')}
              value={content.victims?.other_description as string | null | undefined}
              onChange={(v) => update((c) => ({ ...c, victims: { ...(c.victims ?? {}), other_description: v } }))}
            />
          ) : null}
          <TextField
            k="victims.description"
            label={t('editor.victimDescription')}
            multiline
            value={content.victims?.description}
            onChange={(v) => update((c) => ({ ...c, victims: { ...(c.victims ?? {}), description: v } }))}
          />
        </div>
      </Section>

      <Section id="jurisdictions" title={t('sections.jurisdictions')} aside={sectionAside?.('jurisdictions')}>
        <p className="hint">{td('help.jurisdictions')}</p>
        <div id="f-jurisdictions" tabIndex={-1} className="work-section">
          {JURISDICTIONS.filter((j) => targets.includes(j) || content.jurisdictions?.[j]).map((j) => {
            const jc = content.jurisdictions?.[j] ?? {};
            const setJ = (patch: object) => update((c) => ({ ...c, jurisdictions: { ...(c.jurisdictions ?? {}), [j]: { ...(c.jurisdictions?.[j] ?? {}), ...patch } } }));
            const ties = jc.ties_and_assets ?? [];
            const sanctions = jc.sanctions_in_force ?? [];
            const k = `jurisdictions.${j}`;
            return (
              <Item key={j} k={k} legend={t(`jur.${j}`)}>
                <Rows k={`${k}.ties_and_assets`} legend={td('field.ties', { where: t(`jur.${j}`) })} addLabel={td('add.tie', { where: t(`jur.${j}`) })} onAdd={() => setJ({ ties_and_assets: [...ties, { kind: null, description: null }] })}>
                  {ties.map((tie, ti) => (
                    <Item key={ti} nested k={`${k}.ties_and_assets.${ti}`} legend={td('field.tieN', { n: ti + 1 })} onRemove={() => setJ({ ties_and_assets: removeAt(ties, ti) })} removeLabel={td('remove.tie', { n: ti + 1, where: t(`jur.${j}`) })}>
                      <div className="work-row">
                        <SelectField
                          k={`${k}.ties_and_assets.${ti}.kind`}
                          label={t('editor.tieKind')}
                          value={tie.kind}
                          placeholder="—"
                          options={opts(TIE_KINDS, 'enum.ties')}
                          onChange={(v) => setJ({ ties_and_assets: replaceAt(ties, ti, { ...tie, kind: v }) })}
                        />
                        <TextField k={`${k}.ties_and_assets.${ti}.location`} label={td('field.tieLocation')} value={tie.location} onChange={(v) => setJ({ ties_and_assets: replaceAt(ties, ti, { ...tie, location: v }) })} />
                        <TextField k={`${k}.ties_and_assets.${ti}.value`} label={td('field.tieValue')} value={tie.value} onChange={(v) => setJ({ ties_and_assets: replaceAt(ties, ti, { ...tie, value: v }) })} />
                      </div>
                      <TextField
                        k={`${k}.ties_and_assets.${ti}.description`}
                        label={td('field.tieDescription')}
                        multiline
                        value={tie.description}
                        onChange={(v) => setJ({ ties_and_assets: replaceAt(ties, ti, { ...tie, description: v }) })}
                      />
                    </Item>
                  ))}
                </Rows>
                <Rows k={`${k}.sanctions_in_force`} legend={td('field.sanctions')} addLabel={td('add.sanction', { where: t(`jur.${j}`) })} onAdd={() => setJ({ sanctions_in_force: [...sanctions, {}] })}>
                  {sanctions.map((s, si) => {
                    const setS = (patch: object) => setJ({ sanctions_in_force: replaceAt(sanctions, si, { ...s, ...patch }) });
                    const sk = `${k}.sanctions_in_force.${si}`;
                    return (
                      <Item key={si} nested k={sk} legend={td('field.sanctionN', { n: si + 1 })} onRemove={() => setJ({ sanctions_in_force: removeAt(sanctions, si) })} removeLabel={td('remove.sanction', { n: si + 1, where: t(`jur.${j}`) })}>
                        <div className="work-row">
                          <TextField k={`${sk}.authority`} label={td('field.authority')} value={s.authority} onChange={(v) => setS({ authority: v })} />
                          <TextField k={`${sk}.program`} label={td('field.program')} value={s.program} onChange={(v) => setS({ program: v })} />
                        </div>
                        <div className="work-row">
                          <TextField k={`${sk}.reference`} label={td('field.reference')} value={s.reference} onChange={(v) => setS({ reference: v })} />
                          <TextField k={`${sk}.date`} label={td('field.sanctionDate')} value={s.date} onChange={(v) => setS({ date: v })} />
                        </div>
                      </Item>
                    );
                  })}
                </Rows>
                <TextField k={`${k}.impact_argument`} label={`${t('editor.impact')} (${t(`jur.${j}`)})`} multiline value={jc.impact_argument} onChange={(v) => setJ({ impact_argument: v })} />
              </Item>
            );
          })}
        </div>
      </Section>

      <Section id="sources" title={t('sections.sources')} aside={sectionAside?.('sources')}>
        {sources.map((s, i) => (
          <Item key={s.id} k={`sources.${i}`} legend={t('editor.source', { n: i + 1 })} onRemove={() => update((c) => ({ ...c, sources: removeAt(c.sources, i) }))} removeLabel={td('remove.source', { n: i + 1 })}>
            <SelectField k={`sources.${i}.kind`} label={t('editor.sourceKind')} value={s.kind} placeholder="—" options={opts(SOURCE_KINDS, 'enum.sources')} onChange={(v) => setSource(i, { ...s, kind: v })} />
            <TextField k={`sources.${i}.description`} label={t('editor.description')} multiline value={s.description} onChange={(v) => setSource(i, { ...s, description: v })} />
            <CheckField k={`sources.${i}.confidential`} label={t('editor.confidential')} checked={s.confidential !== false} onChange={(v) => setSource(i, { ...s, confidential: v })} />
          </Item>
        ))}
        {!readOnly ? (
          <button type="button" className="btn" onClick={() => update((c) => ({ ...c, sources: [...(c.sources ?? []), { id: newId(), confidential: true }] }))}>
            {t('editor.addSource')}
          </button>
        ) : null}
      </Section>

      <Section id="contact" title={t('sections.contact')} aside={sectionAside?.('contact')}>
        <div id="f-contact" tabIndex={-1} className="work-section">
          <TextField k="contact.name" label={t('editor.contactName')} value={content.contact?.name} onChange={(v) => update((c) => ({ ...c, contact: { ...(c.contact ?? {}), name: v } }))} />
          <div className="work-row">
            <TextField k="contact.email" type="email" label={t('editor.contactEmail')} value={content.contact?.email} onChange={(v) => update((c) => ({ ...c, contact: { ...(c.contact ?? {}), email: v } }))} />
            <TextField k="contact.phone" type="tel" label={td('field.phone')} value={content.contact?.phone} onChange={(v) => update((c) => ({ ...c, contact: { ...(c.contact ?? {}), phone: v } }))} />
          </div>
          <LinesField k="partner_organisations" label={td('field.partners')} values={content.partner_organisations as string[] | undefined} onChange={(v) => update((c) => ({ ...c, partner_organisations: v }))} />
        </div>
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
