import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import type { MetricOut } from '../../client/types.gen';
import { chartPoints, columnHeading } from './AnalyticsPage';
import { columnLabel, METRIC_TEXT, metricText } from './metricStrings';
import PlotChart, { PALETTE, renderChart } from './PlotChart';
import { stringsFor } from './strings';
import { CHARTS, VIEWS } from './views';
import { apiQuery, csvHref, filtersFrom, paramsFrom } from './views';

const OUTCOMES: MetricOut = {
  metric: 'outcomes',
  title: 'Outcomes per jurisdiction',
  definition: 'A recommendation is …',
  scope: 'public',
  filters: {},
  columns: [
    { name: 'jurisdiction', label: 'Jurisdiction', kind: 'dimension' },
    { name: 'sent', label: 'Sent', kind: 'count' },
    { name: 'conversion_rate', label: 'Conversion rate', kind: 'rate' },
  ],
  rows: [
    { jurisdiction: 'us', sent: 12, conversion_rate: 0.25 },
    { jurisdiction: 'uk', sent: null, conversion_rate: null },
  ],
  suppressed: [
    { row: 1, column: 'sent' },
    { row: 1, column: 'conversion_rate' },
  ],
  notes: [],
};

describe('filters in the URL', () => {
  it('reads and writes the same filters', () => {
    const f = filtersFrom(new URLSearchParams('view=victims&scope=public&years=2024,2025&jurisdictions=us&jurisdictions=xx'));
    expect(f).toEqual({ view: 'victims', scope: 'public', years: [2024, 2025], jurisdictions: ['us'] });
    expect(paramsFrom(f).toString()).toBe('view=victims&scope=public&years=2024%2C2025&jurisdictions=us');
    expect(filtersFrom(new URLSearchParams('view=bogus&years=abc'))).toEqual({
      view: 'overview',
      scope: 'tenant',
      years: [],
      jurisdictions: [],
    });
  });
  it("'my organisation' always asks for the caller's own scope", () => {
    expect(apiQuery({ view: 'mine', scope: 'public', years: [], jurisdictions: [] })).toEqual({ scope: 'tenant' });
  });
  it('links each chart to its CSV with the same filters', () => {
    const href = csvHref('outcomes', { view: 'overview', scope: 'public', years: [2024], jurisdictions: ['us', 'uk'] });
    expect(href).toBe('/api/v1/analytics/outcomes?format=csv&scope=public&years=2024&jurisdictions=us&jurisdictions=uk');
  });
});

describe('chart (Observable Plot)', () => {
  it('labels every bar with its value, and suppressed cells as such (no meaning by colour alone)', async () => {
    const points = chartPoints(OUTCOMES, 'conversion_rate', 'jurisdiction');
    expect(points).toEqual([
      { label: 'us', value: 0.25, suppressed: false },
      { label: 'uk', value: null, suppressed: true },
    ]);
    render(<PlotChart points={points} kind="rate" label="Conversion rate by jurisdiction" locale="en" suppressedText="<5" />);
    const chart = await screen.findByRole('img', { name: 'Conversion rate by jurisdiction' });
    expect(chart.tagName.toLowerCase()).toBe('svg');
    expect(within(chart).getByText('25%')).toBeTruthy();
    expect(within(chart).getByText('<5')).toBeTruthy();
    expect(within(chart).getByText('us')).toBeTruthy();
    // the suppressed bar is hatched (a pattern, not a colour), the known one Okabe-Ito blue
    const fills = [...chart.querySelectorAll('rect')].map((r) => r.getAttribute('fill') ?? r.parentElement?.getAttribute('fill'));
    expect(fills).toContain(PALETTE.positive);
    expect(fills.some((f) => f?.startsWith('url(#analytics-hatch-'))).toBe(true);
    expect(chart.querySelector('pattern[id^="analytics-hatch-"]')).not.toBeNull();
    // one name, the image's: no ARIA attribute on the marks inside (axe: aria-prohibited-attr)
    expect(chart.querySelectorAll('[aria-label], [aria-description]').length).toBe(0);
    // nothing in the chart takes keyboard focus
    expect(chart.querySelectorAll('[tabindex], a, button').length).toBe(0);
  });
  it('mirrors right to left: bars grow from the right, labels on the right', () => {
    const points = [
      { label: 'أ', value: 10 },
      { label: 'ب', value: 5 },
    ];
    const ltr = renderChart({ points, kind: 'count', label: 'x', locale: 'ar', suppressedText: '<5', width: 400 }, 'p1');
    const rtl = renderChart({ points, kind: 'count', label: 'x', locale: 'ar', suppressedText: '<5', rtl: true, width: 400 }, 'p2');
    const bar = (svg: SVGSVGElement) => svg.querySelector('g[fill="#0072B2"] rect, rect[fill="#0072B2"]')!;
    const x = (svg: SVGSVGElement) => Number(bar(svg).getAttribute('x'));
    const w = (svg: SVGSVGElement) => Number(bar(svg).getAttribute('width'));
    // the longest bar: from the left margin in LTR; ending at the right margin in RTL
    expect(x(ltr)).toBeLessThan(200);
    expect(x(rtl) + w(rtl)).toBeGreaterThan(200);
    expect(x(rtl)).toBeGreaterThan(x(ltr));
    expect(rtl.getAttribute('style') ?? '').toMatch(/direction: ltr/);
  });
  it('draws falls below zero in another colour and with their sign', () => {
    const svg = renderChart(
      { points: [{ label: 'us', value: -0.3 }, { label: 'uk', value: 0.2 }], kind: 'rate', label: 'x', locale: 'en', suppressedText: '<5' },
      'p3',
    );
    expect(svg.textContent).toContain('-30%');
    expect(svg.innerHTML).toContain(PALETTE.negative);
  });
});

describe('translations', () => {
  it('speaks Arabic', () => {
    expect(stringsFor('ar').title).toBe('إحصاءات التحالف');
    expect(stringsFor('de').title).toBe('Coalition analytics');
  });
  it('translates every charted metric into French, Spanish and Arabic; English keeps the API words', () => {
    const shown = new Set([...Object.keys(CHARTS), ...Object.values(VIEWS).flat()]);
    for (const lang of ['fr', 'es', 'ar'] as const) {
      for (const m of shown) {
        const t = METRIC_TEXT[lang][m];
        expect(t?.title, `${lang} ${m}`).toBeTruthy();
        expect(t!.definition.length, `${lang} ${m}`).toBeGreaterThan(60);
      }
    }
    const api = { title: 'Outcomes per jurisdiction', definition: 'A recommendation is …' };
    expect(metricText('en-GB', 'outcomes', api)).toEqual(api);
    expect(metricText('ar', 'outcomes', api).title).toBe('النتائج حسب الولاية القضائية');
    expect(metricText('fr', 'metric_added_later', api)).toEqual(api);
  });
  it('translates column labels, the ones with a number in them too, and names jurisdiction columns', () => {
    expect(columnLabel('es', 'Conversion rate')).toBe('Tasa de conversión');
    expect(columnLabel('fr', 'Sent more than 6 months ago')).toBe('Envoyées il y a plus de 6 mois');
    expect(columnLabel('ar', '5-year average')).toBe('متوسط 5 سنوات');
    expect(columnLabel('en', 'Conversion rate')).toBe('Conversion rate');
    expect(columnLabel('ar', 'Unheard-of label')).toBe('Unheard-of label');
    expect(columnHeading('uk', 'United Kingdom', stringsFor('ar'), 'ar')).toBe('المملكة المتحدة');
  });
});
