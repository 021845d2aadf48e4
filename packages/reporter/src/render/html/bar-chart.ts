import { scaleBand, scaleLinear } from 'd3-scale';
import type { Summary } from '../../comparison/summary.js';
import { formatNumber } from '../format.js';
import { esc } from './escape.js';
import { seriesColor } from './palette.js';

export interface BarChartInput {
  readonly id: string;
  readonly title: string;
  /** Axis label with the unit, e.g. "IPIs (count)". */
  readonly axisLabel: string;
  /** X groups (scenarios) and the series drawn in each (policies). */
  readonly groups: readonly string[];
  readonly series: readonly string[];
  readonly value: (group: string, series: string) => Summary | undefined;
}

const HEIGHT = 240;
const MARGIN = { top: 12, right: 12, left: 64 };
const CHAR_WIDTH = 6.2; // 11px system sans-serif, for laying out labels without a browser

/**
 * A grouped bar chart as static SVG: a bar per series in each group, whiskers for the min–max
 * when there are several seeds, a <title> tooltip with the exact numbers. Built in Node with
 * d3-scale for the band layout and "nice" ticks; no script runs in the page.
 */
export function renderBarChart(input: BarChartInput): string {
  const { groups, series } = input;
  const bandWidth = Math.max(
    18 * series.length + 24,
    ...groups.map((g) => g.length * CHAR_WIDTH * 0.55),
  );
  const innerWidth = Math.max(720, groups.length * bandWidth);
  const x0 = scaleBand<string>()
    .domain(groups)
    .range([0, innerWidth])
    .paddingInner(0.18)
    .paddingOuter(0.08);
  const x1 = scaleBand<string>().domain(series).range([0, x0.bandwidth()]).padding(0.1);
  const rotate = groups.some((g) => g.length * CHAR_WIDTH > x0.bandwidth());
  // Labels turned 30°: they drop by half their length and reach left by 0.87 of it.
  const bottom = rotate ? 20 + Math.max(...groups.map((g) => g.length)) * CHAR_WIDTH * 0.5 : 32;
  const first = groups[0] ?? '';
  const overhang = rotate
    ? first.length * CHAR_WIDTH * 0.87 - ((x0(first) ?? 0) + x0.bandwidth() / 2)
    : 0;
  const left = Math.max(MARGIN.left, overhang + 8);
  let top = 0;
  for (const g of groups) for (const s of series) top = Math.max(top, input.value(g, s)?.max ?? 0);
  const y = scaleLinear()
    .domain([0, top || 1])
    .nice()
    .range([HEIGHT, 0]);
  const siFormat = y.tickFormat(5, '~s');
  const tickFormat = (t: number) => (t === 0 ? '0' : siFormat(t));
  const width = left + innerWidth + MARGIN.right;
  const height = MARGIN.top + HEIGHT + bottom;

  const grid = y.ticks(5).map((t) => {
    const ty = y(t).toFixed(1);
    return `<g class="tick"><line x1="0" x2="${innerWidth}" y1="${ty}" y2="${ty}"/><text x="-6" y="${ty}" dy="0.32em">${esc(tickFormat(t))}</text></g>`;
  });
  const bars: string[] = [];
  const whiskers: string[] = [];
  for (const g of groups) {
    series.forEach((s, si) => {
      const v = input.value(g, s);
      if (!v) return;
      const x = (x0(g) ?? 0) + (x1(s) ?? 0);
      const w = x1.bandwidth();
      const barY = y(v.mean);
      const spread =
        v.n > 1 ? `, min–max ${formatNumber(v.min)}–${formatNumber(v.max)} over ${v.n} seeds` : '';
      bars.push(
        `<rect class="bar" data-scenario="${esc(g)}" data-policy="${esc(s)}" data-value="${v.mean}" ` +
          `x="${x.toFixed(1)}" y="${barY.toFixed(1)}" width="${w.toFixed(1)}" height="${(HEIGHT - barY).toFixed(1)}" fill="${seriesColor(si)}">` +
          `<title>${esc(`${s} on ${g}: ${formatNumber(v.mean)} ${input.axisLabel}${spread}`)}</title></rect>`,
      );
      if (v.mean === 0) {
        // A zero bar has no height; say "0" so it does not read as missing data.
        bars.push(
          `<text class="zero" x="${(x + w / 2).toFixed(1)}" y="${HEIGHT - 3}" text-anchor="middle">0</text>`,
        );
      }
      if (v.n > 1 && v.max > v.min) {
        const cx = (x + w / 2).toFixed(1);
        const [y1, y2] = [y(v.min).toFixed(1), y(v.max).toFixed(1)];
        const [l, r] = [(x + w * 0.25).toFixed(1), (x + w * 0.75).toFixed(1)];
        whiskers.push(
          `<path class="spread" d="M${cx},${y1}V${y2}M${l},${y1}H${r}M${l},${y2}H${r}"/>`,
        );
      }
    });
  }
  const labels = groups.map((g) => {
    const cx = ((x0(g) ?? 0) + x0.bandwidth() / 2).toFixed(1);
    return rotate
      ? `<text transform="translate(${cx},${HEIGHT + 12}) rotate(-30)" text-anchor="end">${esc(g)}</text>`
      : `<text x="${cx}" y="${HEIGHT + 18}" text-anchor="middle">${esc(g)}</text>`;
  });
  return [
    `<svg class="chart" id="${esc(input.id)}" role="img" aria-labelledby="${esc(input.id)}-title" viewBox="0 0 ${width.toFixed(0)} ${height.toFixed(0)}" width="${width.toFixed(0)}" height="${height.toFixed(0)}" xmlns="http://www.w3.org/2000/svg">`,
    `<title id="${esc(input.id)}-title">${esc(input.title)}</title>`,
    `<g transform="translate(${left.toFixed(1)},${MARGIN.top})">`,
    `<g class="grid">${grid.join('')}</g>`,
    `<text class="axis-label" transform="translate(${(-left + 12).toFixed(1)},${HEIGHT / 2}) rotate(-90)" text-anchor="middle">${esc(input.axisLabel)}</text>`,
    `<g class="bars">${bars.join('')}</g>`,
    `<g class="spreads">${whiskers.join('')}</g>`,
    `<line class="axis" x1="0" x2="${innerWidth}" y1="${HEIGHT}" y2="${HEIGHT}"/>`,
    `<g class="groups">${labels.join('')}</g>`,
    '</g></svg>',
  ].join('\n');
}
