import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHARTS, renderHtml } from '../src/index.js';
import { browserTestMode, CHROMIUM, CHROMIUM_ARGS } from './browser.js';
import { MIN_BAR_PX } from '../src/render/html/bar-chart.js';
import { makeDocument, makeWideDocument, POLICIES, SCENARIOS } from './fixture.js';

const ARTIFACTS = resolve(__dirname, '../test-artifacts');
const mode = browserTestMode();
if (mode === 'skip') {
  console.warn(
    `SKIPPED html-browser.test.ts: ${CHROMIUM} is not installed (apt-get install chromium). ` +
      'In CI (CI set) a missing chromium fails this test instead.',
  );
}

describe.skipIf(mode === 'skip')('HTML report in a real browser (chromium, headless)', () => {
  let browser: Browser;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `${CHROMIUM} is missing, and CI is set: install Debian's chromium (.ci/run does)`,
      );
    }
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  /** Writes `html` to test-artifacts/`name` and opens it at `width` × 900. */
  async function open(name: string, html: string, width: number) {
    mkdirSync(ARTIFACTS, { recursive: true });
    const file = join(ARTIFACTS, name);
    writeFileSync(file, html);
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    const problems: string[] = [];
    const requests: string[] = [];
    page.on('console', (msg) => {
      if (msg.type() === 'error' || msg.type() === 'warning')
        problems.push(`${msg.type()}: ${msg.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    page.on('request', (request) => requests.push(request.url()));
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    return { page, problems, requests };
  }

  /** The smallest rendered font size of any text on the page, in CSS px, and where it is. */
  function smallestText(page: Page) {
    return page.evaluate(() => {
      let smallest = { px: Infinity, where: '' };
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const el = node.parentElement;
        if (!el || !node.textContent?.trim() || el.closest('title, script, svg.defs')) continue;
        const box = el.getBoundingClientRect();
        if (box.width === 0 && box.height === 0) continue; // not rendered (closed <details>)
        let px = parseFloat(getComputedStyle(el).fontSize);
        // SVG text is scaled with its viewBox: the size on screen is the font size times the scale.
        if (el instanceof SVGGraphicsElement) px *= el.getScreenCTM()?.a ?? 1;
        if (px < smallest.px) smallest = { px, where: `${el.tagName}: ${node.textContent.trim()}` };
      }
      return smallest;
    });
  }

  it('draws every chart as panels with one visible bar per policy, offline, without console errors', async () => {
    const doc = makeDocument([1, 2, 3]);
    const { page, problems, requests } = await open('html-report.html', renderHtml(doc), 1280);

    await expect(page.locator('figure.chart-figure').count()).resolves.toBe(CHARTS.length);
    for (const chart of CHARTS) {
      const panels = page.locator(`figure#chart-${chart.key} svg.chart`);
      expect(await panels.count(), chart.key).toBe(SCENARIOS.length);
      for (let i = 0; i < SCENARIOS.length; i++) {
        const svg = panels.nth(i);
        const bars = svg.locator('rect.bar');
        expect(await bars.count(), chart.key).toBe(POLICIES.length);
        // Rendered, not just present: the panel has a real size on screen.
        const box = await svg.boundingBox();
        expect(box?.width ?? 0).toBeGreaterThan(280);
        expect(box?.height ?? 0).toBeGreaterThan(150);
        await expectBarsFollowData(svg);
      }
    }
    // Three seeds: whiskers for every bar whose seeds differ.
    expect(await page.locator('path.spread').count()).toBeGreaterThan(0);

    // The violations: one <details> per violation, each a step-by-step trace ending in the verdict.
    const violations = page.locator('details.violation');
    await expect(violations.count()).resolves.toBe(2);
    await expect(violations.first().locator('table.trace tbody tr').count()).resolves.toBe(4);
    await expect(violations.first().locator('tr.verdict').textContent()).resolves.toContain(
      'dirty page was never harvested',
    );
    await expect(page.locator('#reproduce pre.command').textContent()).resolves.toBe(
      'spte-lab compare --seeds 1,2,3',
    );

    // Every text at 11 px or more as drawn at 1280 px wide, the chart labels included.
    const smallest = await smallestText(page);
    expect(smallest.px, smallest.where).toBeGreaterThanOrEqual(11);

    // The embedded document decodes in the browser itself (DecompressionStream, no library).
    const policies = await page.evaluate(async () => {
      const text = document.getElementById('spte-lab-result')!.textContent!;
      const bytes = Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
      const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
      return ((await new Response(stream).json()) as { parameters: { policies: string[] } })
        .parameters.policies;
    });
    expect(policies).toEqual([...POLICIES]);

    await page.screenshot({ path: join(ARTIFACTS, 'html-report.png'), fullPage: true });
    expect(problems).toEqual([]);
    expect(requests.filter((url) => !url.startsWith('file:'))).toEqual([]);
    await page.close();
  }, 60_000);

  it('tells 16 policies apart by colour and by marker, and shows every bar', async () => {
    const { page, problems } = await open('html-16.html', renderHtml(makeWideDocument(16)), 1280);
    const first = page.locator('figure.chart-figure').first();
    const fills = await first
      .locator('svg.chart')
      .first()
      .locator('rect.bar')
      .evaluateAll((els) => els.map((e) => getComputedStyle(e).fill));
    expect(fills).toHaveLength(16);
    expect(new Set(fills).size).toBe(16);
    // The legend draws each policy's marker: 16 shapes, 16 colours, as rendered.
    const keys = await page.locator('ul.legend svg.key use').evaluateAll((uses) =>
      uses.map((u) => {
        const target = document.querySelector(u.getAttribute('href')!)!;
        return `${target.getAttribute('data-shape')} ${getComputedStyle(target).fill}`;
      }),
    );
    expect(new Set(keys).size).toBe(16);
    expect(new Set(keys.map((k) => k.split(' ')[0])).size).toBe(16);
    // Bars are outlined in the text colour, so light fills show on a light page.
    const stroke = await first
      .locator('rect.bar')
      .first()
      .evaluate((e) => getComputedStyle(e).stroke);
    const text = await page.evaluate(() => getComputedStyle(document.body).color);
    expect(stroke).toBe(text);
    for (const svg of await page.locator('svg.chart').all()) await expectBarsFollowData(svg);
    expect(await page.locator('svg.chart[data-scale="log"]').count()).toBeGreaterThan(0);
    const smallest = await smallestText(page);
    expect(smallest.px, smallest.where).toBeGreaterThanOrEqual(11);
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);

  it('reads on a 390 px wide phone: no sideways page scroll, chart text still 11 px or more', async () => {
    // Long words everywhere: a cost source that is one long URL, violation traces, 16 policies.
    const doc = makeDocument([1, 2, 3]);
    const source = `https://example.org/${'a-very-long-path-segment/'.repeat(6)}`;
    const costModel = { ipiRoundTrip: { cycles: 4500, source, estimate: true } };
    const narrow = await open('html-390-violations.html', renderHtml({ ...doc, costModel }), 390);
    await expect(narrow.page.evaluate(() => document.documentElement.scrollWidth)).resolves.toBe(
      390,
    );
    await narrow.page.close();
    const { page } = await open('html-390.html', renderHtml(makeWideDocument(16)), 390);
    await expect(page.evaluate(() => document.documentElement.scrollWidth)).resolves.toBe(390);
    const panel = await page.locator('svg.chart').first().boundingBox();
    expect(panel?.width ?? 0).toBeGreaterThan(300);
    expect(panel?.x ?? -1).toBeGreaterThanOrEqual(0);
    const smallest = await smallestText(page);
    expect(smallest.px, smallest.where).toBeGreaterThanOrEqual(11);
    await page.screenshot({ path: join(ARTIFACTS, 'html-390.png'), fullPage: true });
    await page.close();
  }, 60_000);
});

/**
 * Every non-zero bar is at least MIN_BAR_PX tall on screen, and heights follow the data: on a
 * linear panel in proportion to the value, on a log panel to log(value / the axis's low end).
 */
async function expectBarsFollowData(svg: Locator): Promise<void> {
  const { scale, low, bars } = await svg.evaluate((el) => ({
    scale: el.getAttribute('data-scale'),
    low: Number(el.getAttribute('data-low')),
    bars: [...el.querySelectorAll('rect.bar')].map((e) => ({
      height: e.getBoundingClientRect().height,
      value: Number(e.getAttribute('data-value')),
    })),
  }));
  const size = (v: number) => (scale === 'log' ? Math.log10(v / low) : v);
  const tallest = bars.reduce((a, b) => (b.value > a.value ? b : a));
  for (const bar of bars) {
    if (bar.value === 0) continue;
    expect(bar.height).toBeGreaterThanOrEqual(MIN_BAR_PX);
    expect(bar.height).toBeCloseTo((size(bar.value) / size(tallest.value)) * tallest.height, 0);
  }
}
