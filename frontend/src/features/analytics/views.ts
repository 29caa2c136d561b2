/** The dashboard's pages (one per audience), the metrics each shows, and how each metric is charted. */

export type ViewId = 'overview' | 'jurisdictions' | 'victims' | 'mine';

export interface ChartSpec {
  /** The row label: a dimension column. */
  label: string;
  /** The measure charted (one bar per row); the table beside shows every column. */
  value: string;
  /** Rows to leave out of the chart (e.g. the "all" row beside the jurisdictions). */
  skip?: string[];
}

export const CHARTS: Record<string, ChartSpec> = {
  recommendations_by_year: { label: 'year', value: 'total' },
  recommendations_by_organisation: { label: 'organisation', value: 'total' },
  recommendations_by_country: { label: 'country', value: 'total' },
  recommendations_by_region: { label: 'region', value: 'total' },
  recommendations_by_category: { label: 'label', value: 'total' },
  recommendations_by_kind: { label: 'kind', value: 'total' },
  recommendations_by_victim_group: { label: 'victim_group', value: 'total' },
  outcomes: { label: 'jurisdiction', value: 'conversion_rate' },
  time_to_designation: { label: 'jurisdiction', value: 'median' },
  open_submissions: { label: 'jurisdiction', value: 'older' },
  designations: { label: 'jurisdiction', value: 'designations' },
  civil_society_basis: { label: 'jurisdiction', value: 'share' },
  multilateral: { label: 'jurisdiction', value: 'rate' },
  overlap: { label: 'jurisdiction', value: 'us' },
  designation_basis: { label: 'jurisdiction', value: 'corruption_share' },
  allied_share: { label: 'jurisdiction', value: 'allied_share' },
  year_over_year: { label: 'jurisdiction', value: 'change' },
  victim_recognition: { label: 'victim_group', value: 'designated_share' },
  review_operations: { label: 'label', value: 'median' },
};

export const VIEWS: Record<ViewId, string[]> = {
  overview: [
    'recommendations_by_year',
    'outcomes',
    'civil_society_basis',
    'multilateral',
    'year_over_year',
    'review_operations',
  ],
  jurisdictions: [
    'outcomes',
    'time_to_designation',
    'open_submissions',
    'designations',
    'overlap',
    'designation_basis',
    'allied_share',
  ],
  victims: [
    'victim_recognition',
    'recommendations_by_victim_group',
    'recommendations_by_kind',
    'recommendations_by_category',
    'recommendations_by_region',
    'recommendations_by_country',
  ],
  mine: ['recommendations_by_year', 'outcomes', 'time_to_designation', 'open_submissions', 'civil_society_basis'],
};

export const JURISDICTIONS = ['us', 'uk', 'ca', 'eu'] as const;

export interface Filters {
  view: ViewId;
  scope: 'tenant' | 'public';
  years: number[];
  jurisdictions: string[];
}

const VIEW_IDS = Object.keys(VIEWS) as ViewId[];

/** The filters live in the URL (shareable, back button): ?view=…&scope=…&years=2024&jurisdictions=us,uk */
export function filtersFrom(params: URLSearchParams): Filters {
  const view = params.get('view');
  const years = params
    .getAll('years')
    .flatMap((v) => v.split(','))
    .map((v) => Number.parseInt(v, 10))
    .filter((y) => Number.isInteger(y) && y >= 1990 && y <= 2100);
  const jurisdictions = params
    .getAll('jurisdictions')
    .flatMap((v) => v.split(','))
    .filter((j) => (JURISDICTIONS as readonly string[]).includes(j));
  return {
    view: VIEW_IDS.includes(view as ViewId) ? (view as ViewId) : 'overview',
    scope: params.get('scope') === 'public' ? 'public' : 'tenant',
    years,
    jurisdictions,
  };
}

export function paramsFrom(f: Filters): URLSearchParams {
  const p = new URLSearchParams();
  if (f.view !== 'overview') p.set('view', f.view);
  if (f.scope !== 'tenant') p.set('scope', f.scope);
  if (f.years.length) p.set('years', f.years.join(','));
  if (f.jurisdictions.length) p.set('jurisdictions', f.jurisdictions.join(','));
  return p;
}

/** The API query for a metric under these filters (the "mine" view is the caller's own scope). */
export function apiQuery(f: Filters): { scope: 'tenant' | 'public'; years?: number[]; jurisdictions?: string[] } {
  return {
    scope: f.view === 'mine' ? 'tenant' : f.scope,
    ...(f.years.length ? { years: f.years } : {}),
    ...(f.jurisdictions.length ? { jurisdictions: f.jurisdictions } : {}),
  };
}

/** The CSV of one metric under these filters: a plain link, the session cookie authenticates it. */
export function csvHref(metric: string, f: Filters): string {
  const q = apiQuery(f);
  const p = new URLSearchParams({ format: 'csv', scope: q.scope });
  for (const y of q.years ?? []) p.append('years', String(y));
  for (const j of q.jurisdictions ?? []) p.append('jurisdictions', j);
  return `/api/v1/analytics/${encodeURIComponent(metric)}?${p.toString()}`;
}
