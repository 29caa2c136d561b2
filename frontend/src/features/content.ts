/** The case content as the editor handles it (mirrors app/schemas/case_content.py; the API validates). */
export interface Position { title?: string | null; organisation?: string | null; start_date?: string | null; end_date?: string | null }
export interface IdNumber { kind?: string | null; number?: string | null; country?: string | null }
export interface Perpetrator {
  id: string;
  schema?: 'Person' | 'Organization' | 'Company' | 'PublicBody';
  name?: string | null;
  aliases?: string[];
  transliterations?: string[];
  birth_date?: string | null;
  place_of_birth?: string | null;
  gender?: 'male' | 'female' | 'other' | null;
  nationality?: string[];
  id_numbers?: IdNumber[];
  positions?: Position[];
  affiliated_units?: string[];
  notes?: string | null;
  [k: string]: unknown;
}
export interface Incident { id: string; date?: string | null; end_date?: string | null; country?: string | null; locality?: string | null; description?: string | null }
export interface PerpetratorRole { perpetrator_id: string; role?: string | null; description?: string | null }
export interface Abuse {
  id: string;
  category?: string | null;
  description?: string | null;
  incidents?: Incident[];
  perpetrator_roles?: PerpetratorRole[];
  widespread_or_systematic?: boolean;
  /** The EU's "otherwise of serious concern" (Decision (CFSP) 2020/1999 Art. 1(1)(d)). */
  of_serious_concern?: boolean;
  [k: string]: unknown;
}
export interface Victims { count?: number | null; count_is_estimate?: boolean; groups?: string[]; description?: string | null; [k: string]: unknown }
export interface Tie { kind?: string | null; description?: string | null; location?: string | null; value?: string | null }
export interface JurisdictionContent { ties_and_assets?: Tie[]; sanctions_in_force?: { authority?: string | null; program?: string | null; reference?: string | null; date?: string | null }[]; impact_argument?: string | null }
export interface Source { id: string; kind?: string | null; description?: string | null; confidential?: boolean }
export interface CaseContent {
  perpetrators?: Perpetrator[];
  abuses?: Abuse[];
  victims?: Victims | null;
  jurisdictions?: Partial<Record<string, JurisdictionContent>>;
  exculpatory_information?: string | null;
  sources?: Source[];
  contact?: { name?: string | null; email?: string | null; phone?: string | null } | null;
  partner_organisations?: string[];
  [k: string]: unknown;
}

export interface Draft {
  title: string;
  target_jurisdictions: string[];
  content: CaseContent;
}

export const JURISDICTIONS = ['us', 'uk', 'ca', 'eu'] as const;
export const SECTIONS = ['perpetrators', 'abuses', 'victims', 'jurisdictions', 'sources', 'contact', 'exculpatory_information'] as const;
export type Section = (typeof SECTIONS)[number];

export const CATEGORIES = [
  'extrajudicial_killing', 'torture', 'cruel_inhuman_degrading_treatment', 'arbitrary_detention', 'enforced_disappearance',
  'sexual_gender_based_violence', 'trafficking_forced_labour', 'slavery', 'genocide', 'crimes_against_humanity',
  'persecution_of_defenders_journalists', 'freedom_of_assembly_association', 'freedom_of_expression', 'freedom_of_religion',
  'bribery', 'misappropriation', 'embezzlement', 'expropriation_private_gain', 'corruption_contracts_extraction',
  'kleptocracy', 'transfer_of_proceeds',
] as const;
export const ROLES = ['ordered', 'perpetrated', 'complicit', 'leader_of_entity', 'material_support', 'associate', 'owned_or_controlled'] as const;
export const GROUPS = ['women', 'children', 'lgbtqi', 'indigenous', 'persons_with_disabilities', 'ethnic_religious_minority', 'human_rights_defenders', 'journalists', 'other'] as const;
export const TIE_KINDS = ['property', 'bank_account', 'company', 'travel', 'family', 'education', 'other'] as const;
export const SOURCE_KINDS = ['witness', 'victim', 'document', 'open_source', 'media', 'expert', 'other'] as const;
export const SCHEMAS = ['Person', 'Organization', 'Company', 'PublicBody'] as const;
export const GENDERS = ['male', 'female', 'other'] as const;
export const ID_KINDS = ['passport', 'national_id', 'tax_id', 'registration', 'other'] as const;

export function newId(): string {
  const bytes = new Uint8Array(8);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export function draftOf(c: { title: string; target_jurisdictions: string[]; content: Record<string, unknown> }): Draft {
  return { title: c.title, target_jurisdictions: [...c.target_jurisdictions], content: structuredClone(c.content) as CaseContent };
}
