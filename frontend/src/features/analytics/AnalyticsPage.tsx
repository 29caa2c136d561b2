import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';

import { getMetricOptions } from '../../client/@tanstack/react-query.gen';
import type { MetricOut } from '../../client/types.gen';
import { PageHeader } from '../../components/PageHeader';
import { ProblemAlert } from '../../components/ProblemAlert';
import { Spinner } from '../../components/Spinner';
import { formatValue, type Point } from './format';
import { columnLabel, metricText } from './metricStrings';
import { fill, stringsFor } from './strings';
import { apiQuery, CHARTS, csvHref, filtersFrom, JURISDICTIONS, paramsFrom, VIEWS, type Filters, type ViewId } from './views';
import './analytics.css';

type Strings = ReturnType<typeof stringsFor>;

// The charting library (Observable Plot) is a chunk of its own, fetched when the first chart is shown.
const PlotChart = lazy(() => import('./PlotChart'));

/** The dashboard: a page per audience, each metric as a chart with its definition and data table. */
export default function AnalyticsPage() {
  const { i18n } = useTranslation();
  const s = stringsFor(i18n.language);
  const [params, setParams] = useSearchParams();
  const filters = filtersFrom(params);
  const go = (f: Filters) => setParams(paramsFrom(f));

  return (
    <div className="page analytics">
      <PageHeader title={s.title}>
        <p>{s.intro}</p>
      </PageHeader>
      <nav aria-label={s.viewsLabel} className="analytics-views">
        <ul>
          {(Object.keys(VIEWS) as ViewId[]).map((v) => (
            <li key={v}>
              <a
                href={`?${paramsFrom({ ...filters, view: v }).toString()}`}
                aria-current={filters.view === v ? 'page' : undefined}
                onClick={(e) => {
                  e.preventDefault();
                  go({ ...filters, view: v });
                }}
              >
                {s.views[v]}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <FilterForm key={params.toString()} filters={filters} s={s} onApply={go} />
      {VIEWS[filters.view].map((metric) => (
        <MetricPanel key={`${filters.view}-${metric}`} metric={metric} filters={filters} s={s} locale={i18n.language} />
      ))}
    </div>
  );
}

function FilterForm({ filters, s, onApply }: { filters: Filters; s: Strings; onApply: (f: Filters) => void }) {
  const [years, setYears] = useState(filters.years.join(', '));
  const [jurisdictions, setJurisdictions] = useState<string[]>(filters.jurisdictions);
  const [scope, setScope] = useState(filters.scope);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const ys = years
      .split(/[\s,]+/)
      .map((y) => Number.parseInt(y, 10))
      .filter((y) => Number.isInteger(y));
    onApply({ ...filters, years: ys, jurisdictions, scope });
  };
  return (
    <form className="panel analytics-filters" onSubmit={submit} aria-label={s.filters}>
      <div className="analytics-filters__row">
        <label className="field analytics-years">
          {s.years}
          <input type="text" inputMode="numeric" value={years} onChange={(e) => setYears(e.target.value)} placeholder="2024, 2025" />
        </label>
        <fieldset>
          <legend>{s.jurisdictions}</legend>
          <div className="analytics-choices">
            {JURISDICTIONS.map((j) => (
              <label key={j} className="check analytics-check">
                <input
                  type="checkbox"
                  checked={jurisdictions.includes(j)}
                  onChange={(e) => setJurisdictions(e.target.checked ? [...jurisdictions, j] : jurisdictions.filter((x) => x !== j))}
                />
                <span>{s.jurisdictionNames[j]}</span>
              </label>
            ))}
          </div>
        </fieldset>
        {filters.view !== 'mine' ? (
          <fieldset>
            <legend>{s.scope}</legend>
            <div className="analytics-choices">
              <label className="check analytics-check">
                <input type="radio" name="scope" checked={scope === 'tenant'} onChange={() => setScope('tenant')} />
                <span>{s.scopeTenant}</span>
              </label>
              <label className="check analytics-check">
                <input type="radio" name="scope" checked={scope === 'public'} onChange={() => setScope('public')} />
                <span>{s.scopePublic}</span>
              </label>
            </div>
          </fieldset>
        ) : null}
      </div>
      <div className="form__actions">
        <button type="submit" className="btn btn--primary">
          {s.apply}
        </button>
        <button type="button" className="btn" onClick={() => onApply({ view: filters.view, scope: 'tenant', years: [], jurisdictions: [] })}>
          {s.reset}
        </button>
      </div>
    </form>
  );
}

function MetricPanel({ metric, filters, s, locale }: { metric: string; filters: Filters; s: Strings; locale: string }) {
  const q = useQuery(getMetricOptions({ path: { metric }, query: apiQuery(filters) }));
  const headingId = `metric-${metric}`;
  const title = metricText(locale, metric, { title: q.data?.title ?? metric, definition: '' }).title;
  return (
    <section className="section panel analytics-metric" aria-labelledby={headingId}>
      <h2 id={headingId}>{title}</h2>
      {q.isPending ? <Spinner label={s.loading} /> : null}
      {q.isError ? <ProblemAlert error={q.error} /> : null}
      {q.data ? <MetricBody data={q.data} filters={filters} s={s} locale={locale} /> : null}
    </section>
  );
}

/** A jurisdiction code as its name in the current language (unknown codes stay as sent). */
export function jurisdictionName(code: string, names: Record<string, string>): string {
  return names[code] ?? code;
}

/** A column's heading: a jurisdiction column by the jurisdiction's name, else the translated label. */
export function columnHeading(name: string, label: string, s: Strings, locale: string): string {
  return (s.jurisdictionNames as Record<string, string>)[name] ?? columnLabel(locale, label);
}

// Tables wider than this go under their chart (full width, scrolling sideways if need be).
const SIDE_BY_SIDE_COLUMNS = 4;

export function chartPoints(
  data: MetricOut,
  valueName: string,
  labelName: string,
  skip: string[] = [],
  names?: Record<string, string>,
): Point[] {
  const hidden = new Set(data.suppressed.map((c) => `${c.row}:${c.column}`));
  return data.rows
    .map((row, i) => ({ row, i }))
    .filter(({ row }) => !skip.includes(String(row[labelName])))
    .map(({ row, i }) => {
      const v = row[valueName];
      return {
        label:
          labelName === 'jurisdiction' && names
            ? jurisdictionName(String(row[labelName] ?? ''), names)
            : String(row[labelName] ?? ''),
        value: typeof v === 'number' ? v : null,
        suppressed: hidden.has(`${i}:${valueName}`),
      };
    });
}

function MetricBody({ data, filters, s, locale }: { data: MetricOut; filters: Filters; s: Strings; locale: string }) {
  const { i18n } = useTranslation();
  const rtl = i18n.dir(locale) === 'rtl';
  const spec = CHARTS[data.metric];
  const valueCol = data.columns.find((c) => c.name === spec?.value);
  const labelCol = data.columns.find((c) => c.name === spec?.label);
  const hidden = new Set(data.suppressed.map((c) => `${c.row}:${c.column}`));
  const cols = data.columns.filter((c) => c.name !== 'org_id');
  const text = metricText(locale, data.metric, { title: data.title, definition: data.definition });
  const heading = (c: { name: string; label: string }) => columnHeading(c.name, c.label, s, locale);
  const names = useMemo(() => ({ ...s.jurisdictionNames, ...s.rowNames }), [s]);
  const points = useMemo(
    () => (spec && valueCol && labelCol ? chartPoints(data, valueCol.name, labelCol.name, spec.skip, names) : []),
    [data, spec, valueCol, labelCol, names],
  );
  const wide = cols.length > SIDE_BY_SIDE_COLUMNS;
  return (
    <>
      <details className="analytics-definition">
        <summary>{s.definition}</summary>
        <p>{text.definition}</p>
      </details>
      {data.rows.length === 0 ? <p className="muted">{s.noData}</p> : null}
      {data.rows.length > 0 ? (
        <div className={`analytics-metric__body${wide ? ' analytics-metric__body--stacked' : ''}`}>
          {valueCol && labelCol && points.length ? (
            <figure className="analytics-figure">
              <Suspense fallback={<Spinner label={s.loading} />}>
                <PlotChart
                  points={points}
                  kind={valueCol.kind}
                  locale={locale}
                  rtl={rtl}
                  suppressedText={s.suppressed}
                  label={fill(s.chartOf, { measure: heading(valueCol), label: heading(labelCol) })}
                />
              </Suspense>
            </figure>
          ) : null}
          <div className="analytics-table" role="region" aria-label={`${s.table}: ${text.title}`} tabIndex={0}>
            <table className="table">
              <caption>{text.title}</caption>
              <thead>
                <tr>
                  {cols.map((c) => (
                    <th key={c.name} scope="col">
                      {heading(c)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {data.rows.map((row, i) => (
                  <tr key={i}>
                    {cols.map((c, k) => {
                      const v = row[c.name];
                      const text = hidden.has(`${i}:${c.name}`)
                        ? s.suppressed
                        : typeof v === 'number'
                          ? formatValue(v, c.kind, locale)
                          : typeof v === 'boolean'
                            ? v
                              ? '✓'
                              : '—'
                            : c.name === 'jurisdiction' && typeof v === 'string'
                              ? jurisdictionName(v, names)
                              : String(v ?? '');
                      return k === 0 ? (
                        <th key={c.name} scope="row">
                          {text}
                        </th>
                      ) : (
                        <td key={c.name}>{text}</td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      ) : null}
      {data.notes.length ? (
        <ul className="analytics-notes" aria-label={s.notes}>
          {data.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      ) : null}
      <p>
        <a className="btn" href={csvHref(data.metric, filters)} download={`${data.metric}.csv`}>
          {s.csv}
        </a>
      </p>
    </>
  );
}
