import type { Comparison } from '../../comparison/comparison.js';
import { statMetric } from '../../comparison/metrics.js';
import { renderBarChart } from './bar-chart.js';
import { esc } from './escape.js';
import { seriesColor } from './palette.js';

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

/** One figure per chart, sharing one legend (policy → colour); bars grouped by scenario. */
export function chartsSection(comparison: Comparison): string {
  const policies = [...new Set(comparison.groups.flatMap((g) => g.rows.map((r) => r.policy)))];
  const scenarios = comparison.groups.map((g) => g.title);
  const legend = policies
    .map(
      (p, i) =>
        `<li><span class="swatch" style="background:${seriesColor(i)}"></span>${esc(p)}</li>`,
    )
    .join('');
  const figures = CHARTS.map((chart) => {
    const metric = statMetric(chart.key, chart.label);
    const index = comparison.metrics.findIndex((m) => m.key === chart.key);
    const svg = renderBarChart({
      id: `chart-${chart.key}`,
      title: `${chart.title} per policy and scenario`,
      axisLabel: metric.header,
      groups: scenarios,
      series: policies,
      value: (scenario, policy) => {
        const row = comparison.groups
          .find((g) => g.title === scenario)
          ?.rows.find((r) => r.policy === policy);
        return index < 0 ? undefined : row?.cells[index]?.summary;
      },
    });
    return `<figure class="chart-figure" data-metric="${esc(chart.key)}"><figcaption>${esc(chart.title)} <span class="unit">(${esc(metric.unit)})</span></figcaption><div class="scroll">${svg}</div></figure>`;
  });
  const whiskers = comparison.seeds.length > 1 ? ' Whiskers show the min–max over seeds.' : '';
  return `<section id="charts"><h2>Charts</h2><p class="note">Bar height is the mean over ${comparison.seeds.length === 1 ? 'the one seed' : `${comparison.seeds.length} seeds`}.${whiskers} Hover a bar for its numbers.</p><ul class="legend">${legend}</ul>${figures.join('\n')}</section>`;
}
