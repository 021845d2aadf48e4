import { buildComparison } from '../../comparison/comparison.js';
import { allMetrics } from '../../comparison/metrics.js';
import type { ResultDocument } from '../../result/result-document.js';
import { validateResultDocument } from '../../result/read-result.js';
import { findings } from '../findings.js';
import { headline, legend } from '../legend.js';
import { chartsSection } from './charts.js';
import { comparisonTable } from './comparison-table.js';
import { embeddedResultScript } from './embedded.js';
import { esc } from './escape.js';
import { reproduceSection } from './reproduce.js';
import { STYLE } from './style.js';
import { violationsSection } from './violations.js';
import { siteDifferenceLines } from '../../comparison/site-differences.js';

export interface HtmlOptions {
  readonly baseline?: string;
}

/**
 * A self-contained HTML report: one file, inline CSS and SVG, no script, and a
 * Content-Security-Policy that forbids every fetch, so it opens offline in any browser and
 * can be attached to a mail or a bug. The result document is embedded, compressed, for tools to
 * read back (embedded.ts).
 */
export function renderHtml(doc: ResultDocument, options: HtmlOptions = {}): string {
  validateResultDocument(doc, 'the result document being written');
  const comparison = buildComparison(doc, { baseline: options.baseline });
  // The charts need every metric they draw, even one the table does not show.
  const charted = buildComparison(doc, {
    baseline: options.baseline,
    metrics: allMetrics(doc.runs),
  });
  const found = findings(comparison);
  const verdict =
    found.length === 0
      ? '<p class="ok">✓ No violations in any run.</p>'
      : `<p class="bad">✗ Violations in ${found.length} policy × scenario ${found.length === 1 ? 'pair' : 'pairs'}: ${esc(found.map((f) => `${f.policy} on ${f.title}`).join(', '))}. <a href="#violations">Traces below.</a></p>`;
  const title = `spte-lab comparison: ${doc.parameters.policies.length} policies × ${doc.parameters.scenarios.length} scenarios`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="${esc(`${doc.tool.name} ${doc.tool.version}`)}">
<title>${esc(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header><h1>${esc(title)}</h1><p class="headline">${esc(headline(doc))}</p>${verdict}</header>
<nav><a href="#comparison">Comparison</a> · <a href="#charts">Charts</a> · <a href="#violations">Violations</a> · <a href="#reproduce">Reproduce</a></nav>
<section id="comparison"><h2>Comparison</h2>
<div class="scroll">${comparisonTable(comparison)}</div>
${siteDifferencesHtml(comparison)}
${legend(comparison, 'under it')
  .map((l) => `<p class="note">${esc(l)}</p>`)
  .join('\n')}
</section>
${chartsSection(charted)}
${violationsSection(found, doc.runs)}
${reproduceSection(doc, comparison.baseline)}
${embeddedResultScript(doc)}
</body>
</html>
`;
}

/** "Where the policies differ" (issue 16): a lead-in and a list, or nothing. */
function siteDifferencesHtml(comparison: Parameters<typeof siteDifferenceLines>[0]): string {
  const [lead, ...items] = siteDifferenceLines(comparison);
  if (lead === undefined) return '';
  return `<h3 id="sites">Where the policies differ</h3><p class="note">${esc(lead)}</p><ul class="sites">${items
    .map((i) => `<li>${esc(i.slice(2))}</li>`)
    .join('')}</ul>`;
}
