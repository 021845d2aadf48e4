import type { Comparison } from '../../comparison/comparison.js';
import { statMetric } from '../../comparison/metrics.js';
import { rowsShortOfSeeds } from '../legend.js';
import { renderBarPanel } from './bar-chart.js';
import { esc } from './escape.js';
import { markerDefs, useMarker } from './markers.js';

/** The charts the issue asks for, by stat: flushes, IPIs, TLB misses, modelled cycles. */
export const CHARTS = [
  {
    key: 'remote_tlb_flush_requests',
    title: 'Remote TLB flush requests',
    label: 'remote flush requests',
  },
  { key: 'ipis', title: 'IPIs sent for remote flushes', label: 'IPIs' },
  { key: 'tlb_misses', title: 'TLB misses', label: 'TLB misses' },
  { key: 'cycles', title: 'Modelled cycles', label: 'cycles' },
] as const;

/**
 * One figure per chart, each small multiples: a panel per scenario (group) with its own y axis,
 * so a scenario with small numbers is not flattened by one with large ones. The policies share
 * one legend (colour and marker).
 */
export function chartsSection(comparison: Comparison): string {
  const policies = [...new Set(comparison.groups.flatMap((g) => g.rows.map((r) => r.policy)))];
  const legend = policies
    .map(
      (p, i) =>
        `<li><svg class="key" width="16" height="16" viewBox="-8 -8 16 16" aria-hidden="true">${useMarker(i, 0, 0)}</svg>${esc(p)}</li>`,
    )
    .join('');
  let logPanels = 0;
  const figures = CHARTS.map((chart) => {
    const metric = statMetric(chart.key, chart.label);
    const index = comparison.metrics.findIndex((m) => m.key === chart.key);
    const panels = comparison.groups.map((group, gi) => {
      const { svg, scale } = renderBarPanel({
        id: `chart-${chart.key}-${gi}`,
        label: chart.label,
        scenario: group.title,
        series: policies,
        value: (policy) => {
          const row = group.rows.find((r) => r.policy === policy);
          return index < 0 ? undefined : row?.cells[index]?.summary;
        },
      });
      if (scale.kind === 'log') logPanels++;
      const log = scale.kind === 'log' ? ' <span class="scale">log scale</span>' : '';
      return `<div class="panel"><h4>${esc(group.title)}${log}</h4>${svg}</div>`;
    });
    return `<figure class="chart-figure" id="chart-${esc(chart.key)}" data-metric="${esc(chart.key)}"><figcaption>${esc(chart.title)} <span class="unit">(${esc(metric.unit)})</span></figcaption><div class="panels">${panels.join('\n')}</div></figure>`;
  });
  const seeds = comparison.seeds.length;
  const whiskers = seeds > 1 ? ' Whiskers show the min–max over seeds.' : '';
  const log =
    logPanels > 0
      ? ' A panel whose smallest bar would be a sliver on a linear axis uses a log axis instead, and says “log scale”.'
      : '';
  return `<section id="charts"><h2>Charts</h2>${markerDefs(policies.length)}<p class="note">One panel per scenario, each with its own axis. Bar height is the mean over ${seeds === 1 ? 'the one seed' : rowsShortOfSeeds(comparison).length > 0 ? `the seeds its row has (${seeds} declared; fewer where the Partial note says)` : `${seeds} seeds`}.${whiskers}${log} Hover a bar for its numbers.</p><ul class="legend">${legend}</ul>${figures.join('\n')}</section>`;
}
