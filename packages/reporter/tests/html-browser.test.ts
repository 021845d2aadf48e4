import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHARTS, renderHtml } from '../src/index.js';
import { browserTestMode, CHROMIUM, CHROMIUM_ARGS } from './browser.js';
import { makeDocument, POLICIES, SCENARIOS } from './fixture.js';

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

  it('draws every chart with one bar per policy × scenario, offline, without console errors', async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    const file = join(ARTIFACTS, 'html-report.html');
    writeFileSync(file, renderHtml(makeDocument([1, 2, 3])));

    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const problems: string[] = [];
    const requests: string[] = [];
    page.on('console', (msg) => {
      if (msg.type() === 'error' || msg.type() === 'warning')
        problems.push(`${msg.type()}: ${msg.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
    page.on('request', (request) => requests.push(request.url()));
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });

    const charts = page.locator('svg.chart');
    await expect(charts.count()).resolves.toBe(CHARTS.length);
    for (const chart of CHARTS) {
      const svg = page.locator(`svg#chart-${chart.key}`);
      const bars = svg.locator('rect.bar');
      expect(await bars.count(), chart.key).toBe(POLICIES.length * SCENARIOS.length);
      // Rendered, not just present: the chart has a real size on screen.
      const box = await svg.boundingBox();
      expect(box?.width ?? 0).toBeGreaterThan(300);
      expect(box?.height ?? 0).toBeGreaterThan(150);
      // Heights follow the data: every bar's on-screen height is its value times one scale.
      const drawn = await bars.evaluateAll((els) =>
        els.map((e) => ({
          height: e.getBoundingClientRect().height,
          value: Number(e.getAttribute('data-value')),
        })),
      );
      const tallest = drawn.reduce((a, b) => (b.value > a.value ? b : a));
      expect(tallest.height).toBeGreaterThan(50);
      for (const bar of drawn) {
        expect(bar.height).toBeCloseTo((bar.value / tallest.value) * tallest.height, 0);
      }
      // Three seeds: whiskers for every bar whose seeds differ.
      expect(await svg.locator('path.spread').count()).toBeGreaterThan(0);
    }

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

    await page.screenshot({ path: join(ARTIFACTS, 'html-report.png'), fullPage: true });
    expect(problems).toEqual([]);
    expect(requests.filter((url) => !url.startsWith('file:'))).toEqual([]);
    await page.close();
  }, 60_000);
});
