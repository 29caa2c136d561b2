/**
 * A metric's chart, drawn with Observable Plot (SVG). This module is imported only through
 * React.lazy (AnalyticsPage.tsx), so Plot and the d3 modules it uses are a chunk of their own, fetched
 * when a chart is first shown: the initial bundle does not grow (scripts/size.mjs checks it).
 *
 * Accessibility: one horizontal bar per row, each labelled with its value as text, so nothing rests on
 * colour alone; bars use the Okabe-Ito palette (blue; vermillion for a fall below zero, whose label
 * carries the minus sign); a suppressed cell is a hatched stub labelled "<5". The SVG is one image for
 * screen readers (role="img" with a label); the table beside it holds the same numbers, and nothing in
 * the chart takes keyboard focus. Right to left (Arabic), the chart is mirrored: bars grow from the
 * right, the row labels stand on the right.
 */
import * as Plot from '@observablehq/plot';
import { useEffect, useId, useRef, useState } from 'react';

import { formatValue, type Point } from './format';

// Okabe-Ito: distinguishable under every common colour-vision deficiency; both 4.5:1 against white.
export const PALETTE = { positive: '#0072B2', negative: '#D55E00', hatch: '#555555' } as const;
const SVG = 'http://www.w3.org/2000/svg';

export interface ChartProps {
  points: Point[];
  kind: string;
  /** The accessible name of the image. */
  label: string;
  locale: string;
  suppressedText: string;
  rtl?: boolean;
  width?: number;
}

interface Datum {
  i: number;
  value: number;
  text: string;
}

/** The chart as a detached SVG element (also what the tests render). */
export function renderChart(
  { points, kind, label, locale, suppressedText, rtl = false, width = 560 }: ChartProps,
  patternId: string,
  doc: Document = document,
): SVGSVGElement {
  const values = points.map((p) => (p.suppressed ? null : p.value));
  const known = values.filter((v): v is number => v !== null);
  const lo = Math.min(0, ...known);
  const hi = Math.max(0, ...known);
  const span = hi - lo || 1;
  const stub = span * 0.04;
  const longest = Math.max(4, ...points.map((p) => p.label.length));
  const labelRoom = Math.round(Math.min(200, width * 0.4, 12 + longest * 6.5));
  const valueRoom = 64;
  // Room beyond the most negative bar for its label, about 52px of the plot's width (the positive
  // ones have the margin after them).
  const plotWidth = Math.max(120, width - labelRoom - valueRoom);
  const below = lo < 0 ? (span * 52) / (plotWidth - 52) : 0;
  const data: Datum[] = points.map((p, i) => ({
    i,
    value: values[i] ?? 0,
    text: p.suppressed ? suppressedText : formatValue(p.value, kind, locale),
  }));
  const up = data.filter((d) => !points[d.i]?.suppressed && d.value >= 0);
  const down = data.filter((d) => !points[d.i]?.suppressed && d.value < 0);
  const hidden = data.filter((d) => points[d.i]?.suppressed).map((d) => ({ ...d, value: stub }));
  const rowH = 24;
  // Text anchors are absolute (the SVG is laid out left to right); "outward" is away from zero.
  const outward = (negative: boolean) => ((negative !== rtl) ? 'end' : 'start');
  const dx = (negative: boolean) => ((negative !== rtl) ? -4 : 4);
  const defs: Plot.RenderFunction = () => {
    const d = doc.createElementNS(SVG, 'defs');
    const pattern = doc.createElementNS(SVG, 'pattern');
    pattern.setAttribute('id', patternId);
    pattern.setAttribute('width', '6');
    pattern.setAttribute('height', '6');
    pattern.setAttribute('patternUnits', 'userSpaceOnUse');
    pattern.setAttribute('patternTransform', 'rotate(45)');
    const bg = doc.createElementNS(SVG, 'rect');
    bg.setAttribute('width', '6');
    bg.setAttribute('height', '6');
    bg.setAttribute('fill', '#fff');
    const line = doc.createElementNS(SVG, 'line');
    for (const [k, v] of [['x1', '0'], ['y1', '0'], ['x2', '0'], ['y2', '6'], ['stroke', PALETTE.hatch], ['stroke-width', '2']]) {
      line.setAttribute(k as string, v as string);
    }
    pattern.append(bg, line);
    d.append(pattern);
    return d;
  };
  const svg = Plot.plot({
    document: doc,
    width,
    height: Math.max(1, points.length) * rowH + 8,
    marginTop: 4,
    marginBottom: 4,
    marginLeft: rtl ? valueRoom : labelRoom,
    marginRight: rtl ? labelRoom : valueRoom,
    ariaLabel: label,
    style: { direction: 'ltr', fontSize: '12px', background: 'transparent' },
    x: { axis: null, domain: [lo - below, hi + stub], reverse: rtl },
    y: { domain: points.map((_, i) => i), axis: null, padding: 0.25 },
    marks: [
      defs,
      // Row labels too long for their room end in an ellipsis (the table beside has them whole).
      Plot.axisY({
        anchor: rtl ? 'right' : 'left',
        label: null,
        tickSize: 0,
        tickPadding: 6,
        tickFormat: (i: number) => points[i]?.label ?? '',
        textOverflow: 'ellipsis',
        lineWidth: (labelRoom - 10) / 12,
      }),
      Plot.barX(up, { x1: 0, x2: 'value', y: 'i', fill: PALETTE.positive }),
      Plot.barX(down, { x1: 0, x2: 'value', y: 'i', fill: PALETTE.negative }),
      Plot.barX(hidden, { x1: 0, x2: 'value', y: 'i', fill: `url(#${patternId})`, stroke: PALETTE.hatch }),
      Plot.ruleX([0], { stroke: '#767676' }),
      Plot.text([...up, ...hidden], { x: 'value', y: 'i', text: 'text', textAnchor: outward(false), dx: dx(false), fill: 'currentColor' }),
      Plot.text(down, { x: 'value', y: 'i', text: 'text', textAnchor: outward(true), dx: dx(true), fill: 'currentColor' }),
    ],
  }) as unknown as SVGSVGElement;
  svg.setAttribute('role', 'img');
  // Plot names its mark groups ("bar", "text"): an aria-label a <g> may not carry, and inside one
  // image they would say nothing more. The image's own name stays.
  for (const el of svg.querySelectorAll('[aria-label], [aria-description]')) {
    el.removeAttribute('aria-label');
    el.removeAttribute('aria-description');
  }
  svg.classList.add('analytics-chart');
  return svg;
}

/** The chart in the page (default export: what React.lazy loads). */
export default function PlotChart(props: ChartProps) {
  const host = useRef<HTMLDivElement>(null);
  const patternId = `analytics-hatch-${useId().replace(/[^a-zA-Z0-9_-]/g, '')}`;
  const { points, kind, label, locale, suppressedText, rtl } = props;
  // Drawn at the width it is shown at (text stays 12px, not scaled down in a half-width column).
  const [measured, setMeasured] = useState<number | undefined>(undefined);
  useEffect(() => {
    const el = host.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(([entry]) => {
      const w = Math.round(entry?.contentRect.width ?? 0);
      if (w > 0) setMeasured((old) => (old !== undefined && Math.abs(old - w) < 8 ? old : w));
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  const width = props.width ?? (measured ? Math.max(280, Math.min(760, measured)) : undefined);
  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const svg = renderChart({ points, kind, label, locale, suppressedText, rtl, width }, patternId);
    el.replaceChildren(svg);
    return () => svg.remove();
  }, [points, kind, label, locale, suppressedText, rtl, width, patternId]);
  return <div ref={host} className="analytics-chart-host" />;
}
