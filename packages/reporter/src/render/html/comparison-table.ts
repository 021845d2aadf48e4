import type { Comparison } from '../../comparison/comparison.js';
import { VIOLATIONS_KEY } from '../../comparison/metrics.js';
import { formatNumber, formatRatio, formatSpread } from '../format.js';
import { esc } from './escape.js';

/** The comparison view as an HTML table: a header row per scenario, a row per policy. */
export function comparisonTable(comparison: Comparison): string {
  const multiSeed = comparison.seeds.length > 1;
  const withRatio = comparison.baseline !== undefined;
  const head = `<tr><th>policy</th>${comparison.metrics.map((m) => `<th class="num">${esc(m.header)}</th>`).join('')}</tr>`;
  const body = comparison.groups.map((group) => {
    const title = `<tr class="group"><th colspan="${comparison.metrics.length + 1}">${esc(group.title)}</th></tr>`;
    const rows = group.rows.map((row) => {
      const violated = row.violatingRuns.length > 0;
      const cells = comparison.metrics.map((metric, i) => {
        const cell = row.cells[i];
        if (!cell) return '<td class="num">—</td>';
        const ratio =
          withRatio && metric.key !== VIOLATIONS_KEY
            ? `<span class="ratio">${esc(formatRatio(cell.ratio))}</span>`
            : '';
        const varies = cell.summary.min !== cell.summary.max;
        const spread =
          multiSeed && varies ? `<span class="spread">${esc(formatSpread(cell))}</span>` : '';
        const bad = metric.key === VIOLATIONS_KEY && violated ? ' bad' : '';
        return `<td class="num${bad}">${esc(formatNumber(cell.summary.mean))}${ratio}${spread}</td>`;
      });
      const name = `${esc(row.policy)}${row.isBaseline ? ' <span class="tag">baseline</span>' : ''}`;
      return `<tr class="${violated ? 'violated' : ''}"><th scope="row">${violated ? '✗ ' : ''}${name}</th>${cells.join('')}</tr>`;
    });
    return title + rows.join('');
  });
  return `<table class="comparison"><thead>${head}</thead><tbody>${body.join('\n')}</tbody></table>`;
}
