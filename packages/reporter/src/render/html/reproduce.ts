import type { ResultDocument } from '../../result/result-document.js';
import { formatNumber, formatSeedList } from '../format.js';
import { esc } from './escape.js';

/** Everything needed to run the comparison again and to judge its numbers. */
export function reproduceSection(doc: ResultDocument, baseline: string | undefined): string {
  const p = doc.parameters;
  const facts: [string, string][] = [
    ['tool', `${doc.tool.name} ${doc.tool.version}`],
    ['policies', p.policies.join(', ')],
    ['scenarios', p.scenarios.join(', ')],
    ['seeds', formatSeedList(doc.seeds)],
    ...(p.grid
      ? ([['grid', p.grid.map((a) => `${a.parameter}=${a.values.join(',')}`).join(' × ')]] as [
          string,
          string,
        ][])
      : []),
    ['TLB retention', p.retention],
    ['baseline', baseline ?? 'none'],
    ['schema', `result document, schemaVersion ${doc.schemaVersion}`],
  ];
  const settings = Object.entries(p.scenarioSettings ?? {}).map(
    ([name, values]) =>
      `<tr><th scope="row">${esc(name)}</th><td>${esc(
        Object.entries(values)
          .map(([k, v]) => `${k}=${String(v)}`)
          .join(', '),
      )}</td></tr>`,
  );
  const costs = Object.entries(doc.costModel).map(
    ([key, c]) =>
      `<tr><th scope="row"><code>${esc(key)}</code></th><td class="num">${esc(formatNumber(c.cycles))}</td><td>${c.estimate ? 'estimate' : 'measured'}</td><td class="source">${esc(c.source)}</td></tr>`,
  );
  return [
    '<section id="reproduce"><h2>Reproduce</h2>',
    `<pre class="command"><code>${esc(doc.command)}</code></pre>`,
    `<table class="facts"><tbody>${facts.map(([k, v]) => `<tr><th scope="row">${esc(k)}</th><td>${esc(v)}</td></tr>`).join('')}</tbody></table>`,
    settings.length
      ? `<h3>Scenario settings</h3><table class="facts"><tbody>${settings.join('')}</tbody></table>`
      : '',
    costs.length
      ? `<h3>Cost model</h3><p class="note">Cycles per event behind the modelled cycles.</p><table class="costs"><thead><tr><th>cost</th><th class="num">cycles</th><th>kind</th><th>source</th></tr></thead><tbody>${costs.join('')}</tbody></table>`
      : '',
    '<p class="note">The complete result document (every run, stat and trace) is embedded in this file: ',
    '<code>&lt;script type="application/json" id="spte-lab-result"&gt;</code>; <code>spte-lab report</code> reads this file back.</p>',
    '</section>',
  ].join('\n');
}
