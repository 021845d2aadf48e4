import { scaleBand, scaleLinear, scaleLog } from 'd3-scale';
import type { Summary } from '../../comparison/summary.js';
import { formatNumber } from '../format.js';
import { esc } from './escape.js';
import { useMarker } from './markers.js';
import { seriesColor } from './palette.js';

export interface BarPanelInput {
  readonly id: string;
  /** Tooltip text: what is counted, e.g. "IPIs". */
  readonly label: string;
  readonly scenario: string;
  /** The series drawn (policies), in legend order: series i has colour and marker i. */
  readonly series: readonly string[];
  readonly value: (series: string) => Summary | undefined;
}

/** Plot height, in user units; the SVG is drawn at 1:1 or larger (style.ts), so also in px. */
const HEIGHT = 150;
const MARGIN = { top: 10, right: 8, bottom: 22, left: 46 };
/** Narrowest panel and narrowest band per series, in user units. */
const MIN_WIDTH = 300;
const MIN_BAND = 16;
/**
 * A linear axis is used while the smallest non-zero bar is at least this tall; below that a
 * bar would be a sliver, so the panel switches to a log axis (and says so).
 */
export const MIN_BAR_PX = 5;

/** A panel's y axis: linear from 0, or log from the decade below its smallest value. */
export type PanelScale =
  { kind: 'linear'; top: number } | { kind: 'log'; low: number; top: number };

/** The axis that shows every non-zero bar of `values` at least MIN_BAR_PX tall. */
export function chooseScale(values: readonly Summary[]): PanelScale {
  const top = Math.max(0, ...values.map((v) => v.max));
  const smallest = Math.min(...values.map((v) => v.mean).filter((m) => m > 0));
  if (top === 0 || !Number.isFinite(smallest) || (smallest / top) * HEIGHT >= MIN_BAR_PX) {
    return { kind: 'linear', top: top || 1 };
  }
  // The decade strictly below the smallest bar, so that bar is at least a decade tall.
  return { kind: 'log', low: 10 ** (Math.ceil(Math.log10(smallest)) - 1), top };
}

/**
 * One scenario's panel of a small-multiples chart, as static SVG: a bar per series on the
 * panel's own y axis, the series' marker under each bar, whiskers for the min–max over seeds, a
 * <title> tooltip with the exact numbers. Laid out in Node with d3-scale; no script in the page.
 */
export function renderBarPanel(input: BarPanelInput): { svg: string; scale: PanelScale } {
  const { series } = input;
  const values = series.flatMap((s) => input.value(s) ?? []);
  const scale = chooseScale(values);
  const innerWidth =
    Math.max(MIN_WIDTH, MARGIN.left + MARGIN.right + MIN_BAND * series.length) -
    MARGIN.left -
    MARGIN.right;
  const x = scaleBand<string>().domain(series).range([0, innerWidth]).padding(0.18);
  const y =
    scale.kind === 'linear'
      ? scaleLinear().domain([0, scale.top]).nice().range([HEIGHT, 0])
      : scaleLog().domain([scale.low, scale.top]).nice().clamp(true).range([HEIGHT, 0]);
  const ticks =
    scale.kind === 'linear' ? y.ticks(4) : y.ticks().filter((t) => Number.isInteger(Math.log10(t))); // decades only
  const format = (t: number) => (t === 0 ? '0' : y.tickFormat(4, '~s')(t));
  const base = y.range()[0]!;

  const grid = ticks.map((t) => {
    const ty = y(t).toFixed(1);
    return `<g class="tick"><line x1="0" x2="${innerWidth}" y1="${ty}" y2="${ty}"/><text x="-5" y="${ty}" dy="0.32em">${esc(format(t))}</text></g>`;
  });
  const bars: string[] = [];
  const whiskers: string[] = [];
  series.forEach((s, si) => {
    const bx = x(s) ?? 0;
    const w = x.bandwidth();
    const cx = bx + w / 2;
    bars.push(useMarker(si, cx, HEIGHT + 11));
    const v = input.value(s);
    if (!v) return;
    const top = v.mean > 0 ? y(v.mean) : base;
    const spread =
      v.n > 1 ? `, min–max ${formatNumber(v.min)}–${formatNumber(v.max)} over ${v.n} seeds` : '';
    bars.push(
      `<rect class="bar" data-scenario="${esc(input.scenario)}" data-policy="${esc(s)}" data-value="${v.mean}" ` +
        `x="${bx.toFixed(1)}" y="${top.toFixed(1)}" width="${w.toFixed(1)}" height="${(base - top).toFixed(1)}" fill="${seriesColor(si)}">` +
        `<title>${esc(`${s} on ${input.scenario}: ${formatNumber(v.mean)} ${input.label}${spread}`)}</title></rect>`,
    );
    if (v.mean === 0) {
      // A zero bar has no height (and no place on a log axis): say "0" so it is not read as missing.
      bars.push(`<text class="zero" x="${cx.toFixed(1)}" y="${base - 3}">0</text>`);
    }
    if (v.n > 1 && v.max > v.min) {
      const [y1, y2] = [y(Math.max(v.min, y.domain()[0]!)).toFixed(1), y(v.max).toFixed(1)];
      const [l, r] = [(bx + w * 0.25).toFixed(1), (bx + w * 0.75).toFixed(1)];
      whiskers.push(
        `<path class="spread" d="M${cx.toFixed(1)},${y1}V${y2}M${l},${y1}H${r}M${l},${y2}H${r}"/>`,
      );
    }
  });
  const width = MARGIN.left + innerWidth + MARGIN.right;
  const height = MARGIN.top + HEIGHT + MARGIN.bottom;
  const svg = [
    `<svg class="chart" id="${esc(input.id)}" data-scale="${scale.kind}"${scale.kind === 'log' ? ` data-low="${y.domain()[0]}"` : ''} role="img" aria-label="${esc(`${input.label} on ${input.scenario}`)}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg">`,
    `<g transform="translate(${MARGIN.left},${MARGIN.top})">`,
    `<g class="grid">${grid.join('')}</g>`,
    `<g class="bars">${bars.join('')}</g>`,
    `<g class="spreads">${whiskers.join('')}</g>`,
    `<line class="axis" x1="0" x2="${innerWidth}" y1="${HEIGHT}" y2="${HEIGHT}"/>`,
    '</g></svg>',
  ].join('');
  return { svg, scale };
}
