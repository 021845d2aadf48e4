import type { ResultDocument } from '../../result/result-document.js';
import { formatNumber, formatSeedList } from '../format.js';
import { EMBEDDED_RESULT_ID, EMBEDDED_TYPE } from './embedded.js';
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
    `<div class="scroll"><table class="facts"><tbody>${facts.map(([k, v]) => `<tr><th scope="row">${esc(k)}</th><td>${esc(v)}</td></tr>`).join('')}</tbody></table></div>`,
    settings.length
      ? `<h3>Scenario settings</h3><div class="scroll"><table class="facts"><tbody>${settings.join('')}</tbody></table></div>`
      : '',
    costs.length
      ? `<h3>Cost model</h3><p class="note">Cycles per event behind the modelled cycles.</p><div class="scroll"><table class="costs"><thead><tr><th>cost</th><th class="num">cycles</th><th>kind</th><th>source</th></tr></thead><tbody>${costs.join('')}</tbody></table></div>`
      : '',
    '<p class="note">The complete result document (every run, stat and trace) is embedded in this file, as gzip-compressed JSON in base64: ',
    `<code>&lt;script type="${EMBEDDED_TYPE}" id="${EMBEDDED_RESULT_ID}"&gt;</code>. <code>spte-lab report this.html --format json</code> reads it back.</p>`,
    '</section>',
  ].join('\n');
}
