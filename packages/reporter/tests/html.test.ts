import { describe, expect, it } from 'vitest';
import { CHARTS, renderHtml } from '../src/index.js';
import { makeDocument, POLICIES, SCENARIOS } from './fixture.js';

/** Renames a policy everywhere in a document. */
function withPolicyName(from: string, to: string) {
  const doc = JSON.parse(JSON.stringify(makeDocument([1])));
  doc.parameters.policies = doc.parameters.policies.map((p: string) => (p === from ? to : p));
  for (const run of doc.runs) if (run.policy === from) run.policy = to;
  return doc;
}

describe('HTML report (static checks; html-browser.test.ts renders it)', () => {
  const html = renderHtml(makeDocument([1, 2]));

  it('draws the four charts, each with a bar per policy × scenario', () => {
    const charts = html.split('<svg class="chart"').slice(1);
    expect(charts).toHaveLength(CHARTS.length);
    for (const chart of charts)
      expect(chart.match(/<rect class="bar"/g)).toHaveLength(POLICIES.length * SCENARIOS.length);
  });

  it('needs no network: no external URL, no script to run, a CSP that forbids fetching', () => {
    expect(html).toContain(
      `content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`,
    );
    const urls = html.match(/(?:src|href)="[^"#][^"]*"/g) ?? [];
    expect(urls).toEqual([]);
    expect(html.match(/<script/g)).toEqual(['<script']); // only the JSON data block
    expect(html).toContain('<script type="application/json" id="spte-lab-result">');
  });

  it('renders each violation as a step-by-step trace that ends with the verdict', () => {
    const traces = html.match(/<details class="violation"/g) ?? [];
    expect(traces).toHaveLength(2);
    expect(html).toContain('<td><code>enable_dirty_logging</code></td>');
    expect(html).toMatch(/<tr class="verdict"><td class="num">→<\/td><td class="num">500<\/td>/);
  });

  it('gives the parameters needed to reproduce the run', () => {
    expect(html).toContain('<pre class="command"><code>spte-lab compare --seeds 1,2</code></pre>');
    expect(html).toContain('vcpus=2, gfns=16, events=400, format=ept, mmu=tdp');
    expect(html).toContain('<code>ipiRoundTrip</code></th><td class="num">4,500</td>');
  });

  it('escapes names, so a hostile plugin name cannot inject markup', () => {
    const evil = '<img src=x onerror=alert(1)>';
    const page = renderHtml(withPolicyName('never', evil));
    expect(page).not.toContain(evil);
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;');
    const hostileData = renderHtml(withPolicyName('never', '</script><script>alert(1)</script>'));
    expect(hostileData.match(/<\/script>/g)).toHaveLength(1);
  });

  it('says so when there are no violations', () => {
    const doc = makeDocument([2]); // `never` loses writes only with seed 1
    expect(renderHtml(doc)).toContain('✓ No violations in any run.');
  });
});
