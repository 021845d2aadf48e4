import { it } from 'vitest';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS } from './browser.js';
import { readFileSync, writeFileSync } from 'node:fs';
import { readEmbeddedResult, renderHtml } from '../src/index.js';
it('shot', async () => {
  const doc = readEmbeddedResult(readFileSync('/tmp/r.html', 'utf8'), 'r.html');
  writeFileSync('/tmp/r2.html', renderHtml(doc));
  const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const p = await b.newPage({ viewport: { width: 1280, height: 900 } });
  await p.goto('file:///tmp/r2.html');
  await p.screenshot({ path: '/tmp/r2.png', fullPage: false, clip: { x: 0, y: 0, width: 1280, height: 2400 } });
  await b.close();
}, 60000);
