import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';

import { getMetricOptions } from '../../client/@tanstack/react-query.gen';
import type { MetricOut } from '../../client/types.gen';
import { PageHeader } from '../../components/PageHeader';
import { ProblemAlert } from '../../components/ProblemAlert';
import { Spinner } from '../../components/Spinner';
import { BarChart, formatValue, type Point } from './BarChart';
import { fill, stringsFor } from './strings';
import { apiQuery, CHARTS, csvHref, filtersFrom, JURISDICTIONS, paramsFrom, VIEWS, type Filters, type ViewId } from './views';
import './analytics.css';

type Strings = ReturnType<typeof stringsFor>;

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
        <label>
          {s.years}
          <input type="text" inputMode="numeric" value={years} onChange={(e) => setYears(e.target.value)} placeholder="2024, 2025" />
        </label>
        <fieldset>
          <legend>{s.jurisdictions}</legend>
          {JURISDICTIONS.map((j) => (
            <label key={j} className="analytics-check">
              <input
                type="checkbox"
                checked={jurisdictions.includes(j)}
                onChange={(e) => setJurisdictions(e.target.checked ? [...jurisdictions, j] : jurisdictions.filter((x) => x !== j))}
              />
              {s.jurisdictionNames[j]}
            </label>
          ))}
        </fieldset>
        {filters.view !== 'mine' ? (
          <fieldset>
            <legend>{s.scope}</legend>
            <label className="analytics-check">
              <input type="radio" name="scope" checked={scope === 'tenant'} onChange={() => setScope('tenant')} />
              {s.scopeTenant}
            </label>
            <label className="analytics-check">
              <input type="radio" name="scope" checked={scope === 'public'} onChange={() => setScope('public')} />
              {s.scopePublic}
            </label>
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
  return (
    <section className="section panel analytics-metric" aria-labelledby={headingId}>
      <h2 id={headingId}>{q.data?.title ?? metric}</h2>
      {q.isPending ? <Spinner label={s.loading} /> : null}
      {q.isError ? <ProblemAlert error={q.error} /> : null}
      {q.data ? <MetricBody data={q.data} filters={filters} s={s} locale={locale} /> : null}
    </section>
  );
}

/** A jurisdiction code as its name in the current language ("all" and unknown codes stay as sent). */
export function jurisdictionName(code: string, names: Record<string, string>): string {
  return names[code] ?? code;
}

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
  const spec = CHARTS[data.metric];
  const valueCol = data.columns.find((c) => c.name === spec?.value);
  const labelCol = data.columns.find((c) => c.name === spec?.label);
  const hidden = new Set(data.suppressed.map((c) => `${c.row}:${c.column}`));
  const cols = data.columns.filter((c) => c.name !== 'org_id');
  const points = spec && valueCol && labelCol ? chartPoints(data, valueCol.name, labelCol.name, spec.skip, s.jurisdictionNames) : [];
  return (
    <>
      <details className="analytics-definition">
        <summary>{s.definition}</summary>
        <p>{data.definition}</p>
      </details>
      {data.rows.length === 0 ? <p className="muted">{s.noData}</p> : null}
      {data.rows.length > 0 ? (
        <div className="analytics-metric__body">
          {valueCol && labelCol && points.length ? (
            <figure className="analytics-figure">
              <BarChart
                points={points}
                kind={valueCol.kind}
                locale={locale}
                suppressedText={s.suppressed}
                label={fill(s.chartOf, { measure: valueCol.label, label: labelCol.label })}
              />
            </figure>
          ) : null}
          <div className="analytics-table" role="region" aria-label={`${s.table}: ${data.title}`} tabIndex={0}>
            <table className="table">
              <caption>{data.title}</caption>
              <thead>
                <tr>
                  {cols.map((c) => (
                    <th key={c.name} scope="col">
                      {c.label}
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
                              ? jurisdictionName(v, s.jurisdictionNames)
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
