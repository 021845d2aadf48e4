import { describe, expect, it } from 'vitest';
import { CHARTS, EMBEDDED_TYPE, readEmbeddedResult, renderHtml } from '../src/index.js';
import { chooseScale, MIN_BAR_PX } from '../src/render/html/bar-chart.js';
import { MAX_TRACES_PER_FINDING } from '../src/render/html/violations.js';
import { makeDocument, makeWideDocument, POLICIES, SCENARIOS, violation } from './fixture.js';

/** Renames a policy everywhere in a document. */
function withPolicyName(from: string, to: string) {
  const doc = JSON.parse(JSON.stringify(makeDocument([1])));
  doc.parameters.policies = doc.parameters.policies.map((p: string) => (p === from ? to : p));
  for (const run of doc.runs) if (run.policy === from) run.policy = to;
  return doc;
}

const summary = (mean: number) => ({ mean, min: mean, max: mean, n: 1 });

describe('HTML report (static checks; html-browser.test.ts renders it)', () => {
  const html = renderHtml(makeDocument([1, 2]));

  it('draws the four charts as small multiples: a panel per scenario, a bar per policy', () => {
    const figures = html.split('<figure class="chart-figure"').slice(1);
    expect(figures).toHaveLength(CHARTS.length);
    for (const figure of figures) {
      const panels = figure.split('<svg class="chart"').slice(1);
      expect(panels).toHaveLength(SCENARIOS.length);
      for (const panel of panels)
        expect(panel.match(/<rect class="bar"/g)).toHaveLength(POLICIES.length);
    }
  });

  it('keeps a linear axis while every bar is visible, and switches to a log axis when not', () => {
    expect(chooseScale([summary(10), summary(1)])).toEqual({ kind: 'linear', top: 10 });
    expect(chooseScale([summary(0), summary(0)])).toEqual({ kind: 'linear', top: 1 });
    // 1 of 1000 would be 0.15 px of 150: log, from the decade strictly below the smallest bar.
    expect(chooseScale([summary(1000), summary(1), summary(0)])).toEqual({
      kind: 'log',
      low: 0.1,
      top: 1000,
    });
    expect(chooseScale([summary(5000), summary(20)])).toMatchObject({ kind: 'log', low: 10 });
    expect(MIN_BAR_PX).toBeGreaterThanOrEqual(3);
    // The wide fixture's second scenario spans 10…2560: its panels say "log scale".
    const wide = renderHtml(makeWideDocument(16));
    expect(wide).toContain('data-scale="log"');
    expect(wide).toContain('<span class="scale">log scale</span>');
  });

  it('gives 16 policies 16 colours and 16 marker shapes', () => {
    const wide = renderHtml(makeWideDocument(16));
    const markers = [
      ...wide.matchAll(
        /<path id="marker-(\d+)" class="marker" data-shape="([^"]+)" d="[^"]+"(?: transform="[^"]+")? fill="([^"]+)"/g,
      ),
    ];
    expect(markers).toHaveLength(16);
    expect(new Set(markers.map((m) => m[2])).size).toBe(16);
    expect(new Set(markers.map((m) => m[3])).size).toBe(16);
    const fills = new Set(
      [...wide.matchAll(/<rect class="bar"[^>]* fill="([^"]+)"/g)].map((m) => m[1]),
    );
    expect(fills.size).toBe(16);
  });

  it('needs no network: no external URL, no script to run, a CSP that forbids fetching', () => {
    expect(html).toContain(
      `content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`,
    );
    const urls = html.match(/(?:src|href)="[^"#][^"]*"/g) ?? [];
    expect(urls).toEqual([]);
    expect(html.match(/<script/g)).toEqual(['<script']); // only the data block
    expect(html).toContain(`<script type="${EMBEDDED_TYPE}" id="spte-lab-result">`);
  });

  it('embeds the document compressed, and still reads reports that embedded plain JSON', () => {
    const doc = makeDocument([1, 2]);
    const json = JSON.stringify(doc);
    const block = /<script type="[^"]+" id="spte-lab-result">([^<]*)<\/script>/.exec(html)![1]!;
    expect(block).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(block.length).toBeLessThan(json.length / 2);
    expect(readEmbeddedResult(html, 'r.html')).toEqual(doc);
    // Before compression: the JSON itself, with `<` written as \u003c.
    const inline = json.replace(/</g, '\\u003c');
    const old = `<html><script type="application/json" id="spte-lab-result">${inline}</script></html>`;
    expect(readEmbeddedResult(old, 'old.html')).toEqual(doc);
    const broken = html.replace(/(id="spte-lab-result">)H4sI/, '$1AAAA');
    expect(() => readEmbeddedResult(broken, 'broken.html')).toThrow(
      /^broken\.html: the embedded result document is not valid gzip\+base64/,
    );
  });

  it('is byte-identical for the same document (no time or OS in the gzip header)', () => {
    expect(renderHtml(makeDocument([1, 2]))).toBe(html);
  });

  it('renders each violation as a step-by-step trace that ends with the verdict', () => {
    const traces = html.match(/<details class="violation"/g) ?? [];
    expect(traces).toHaveLength(2);
    expect(html).toContain('<td><code>enable_dirty_logging</code></td>');
    expect(html).toMatch(/<tr class="verdict"><td class="num">→<\/td><td class="num">500<\/td>/);
  });

  it(`draws at most ${MAX_TRACES_PER_FINDING} traces per policy × scenario and says where the rest are`, () => {
    const doc = makeDocument([1, 2]);
    const runs = doc.runs.map((r) =>
      r.policy === 'never' && r.scenario === SCENARIOS[0]
        ? { ...r, violations: [violation(500), violation(510), violation(520), violation(530)] }
        : r,
    );
    const page = renderHtml({ ...doc, runs });
    expect(page.match(/<details class="violation"/g)).toHaveLength(MAX_TRACES_PER_FINDING);
    expect(page).toContain('6 more violations are not drawn here');
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
