/**
 * A horizontal bar chart in plain SVG (no charting library: the dashboard adds nothing to the initial
 * bundle, and its page is loaded lazily). Every bar carries its value as text, so nothing rests on colour
 * alone; suppressed cells are drawn as a hatched stub labelled as such. The SVG is one image for screen
 * readers (role="img" with a label); the table beside it holds the same numbers. Bars grow left to right
 * in every language (the labels are translated, the axis is not mirrored).
 */

// Okabe-Ito blue: distinguishable under every common colour-vision deficiency, 4.5:1 against white.
const BAR = '#0072B2';

export interface Point {
  label: string;
  value: number | null;
  suppressed?: boolean;
}

export function formatValue(value: number | null, kind: string, locale: string): string {
  if (value === null) return '';
  if (kind === 'dimension') return String(value); // a year is a label: 2024, never "2,024"
  if (kind === 'rate') return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(value);
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(value);
}

export function BarChart({
  points,
  kind,
  label,
  locale,
  suppressedText,
}: {
  points: Point[];
  kind: string;
  label: string;
  locale: string;
  suppressedText: string;
}) {
  const width = 520;
  const barH = 16;
  const gap = 8;
  const labelW = 170;
  const usable = width - labelW - 70;
  const values = points.map((p) => p.value ?? 0);
  const top = Math.max(...values.map((v) => Math.abs(v)), 0);
  const height = Math.max(1, points.length) * (barH + gap);
  return (
    <svg
      className="analytics-chart"
      role="img"
      aria-label={label}
      viewBox={`0 0 ${width} ${height}`}
      width="100%"
      preserveAspectRatio="xMinYMin meet"
      direction="ltr"
    >
      <defs>
        <pattern id="analytics-hatch" width="6" height="6" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
          <rect width="6" height="6" fill="#fff" />
          <line x1="0" y1="0" x2="0" y2="6" stroke="#555" strokeWidth="2" />
        </pattern>
      </defs>
      {points.map((p, i) => {
        const y = i * (barH + gap);
        const w = p.value === null || !top ? (p.suppressed ? 18 : 0) : (usable * Math.abs(p.value)) / top;
        const text = p.suppressed ? suppressedText : formatValue(p.value, kind, locale);
        return (
          <g key={`${p.label}-${i}`}>
            <text x={labelW - 8} y={y + barH - 4} textAnchor="end" fontSize="12">
              {p.label}
            </text>
            <rect x={labelW} y={y} width={w} height={barH} fill={p.suppressed ? 'url(#analytics-hatch)' : BAR} stroke={p.suppressed ? '#555' : 'none'} />
            <text x={labelW + w + 6} y={y + barH - 4} fontSize="12">
              {text}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
