import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import type { MetricOut } from '../../client/types.gen';
import { chartPoints } from './AnalyticsPage';
import { BarChart } from './BarChart';
import { stringsFor } from './strings';
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

describe('bar chart', () => {
  it('labels every bar with its value, and suppressed cells as such (no meaning by colour alone)', () => {
    const points = chartPoints(OUTCOMES, 'conversion_rate', 'jurisdiction');
    expect(points).toEqual([
      { label: 'us', value: 0.25, suppressed: false },
      { label: 'uk', value: null, suppressed: true },
    ]);
    render(<BarChart points={points} kind="rate" label="Conversion rate by jurisdiction" locale="en" suppressedText="<5" />);
    const chart = screen.getByRole('img', { name: 'Conversion rate by jurisdiction' });
    expect(within(chart).getByText('25%')).toBeTruthy();
    expect(within(chart).getByText('<5')).toBeTruthy();
    expect(within(chart).getByText('us')).toBeTruthy();
  });
  it('speaks Arabic', () => {
    expect(stringsFor('ar').title).toBe('إحصاءات التحالف');
    expect(stringsFor('de').title).toBe('Coalition analytics');
  });
});
