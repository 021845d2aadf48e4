import { readEmbeddedResult, readResultDocument } from '@spte-lab/reporter';
import { describe, expect, it } from 'vitest';
import { cli } from './helpers.js';

/**
 * Issue 21: the default three-seed comparison's HTML report was 3.6 MB, two thirds of it the
 * embedded JSON and most of the rest 200 drawn traces. It must stay under 1 MiB and still carry
 * the whole document.
 */
describe('the HTML report of the default comparison', () => {
  it('stays under 1 MiB with three seeds and embeds the same document as --format json', async () => {
    const html = await cli(['compare', '--seeds', '1..3', '--format', 'html']);
    expect(html.code).toBe(0);
    const bytes = Buffer.byteLength(html.out);
    expect(bytes).toBeLessThan(1024 * 1024);
    const json = await cli(['compare', '--seeds', '1..3', '--format', 'json']);
    // The same runs; only the recorded command line differs (--format html vs json).
    const embedded = readEmbeddedResult(html.out, 'report.html');
    const direct = readResultDocument(json.out, 'result.json');
    expect(embedded.command).toBe('spte-lab compare --seeds 1..3 --format html');
    expect({ ...embedded, command: '' }).toEqual({ ...direct, command: '' });
  }, 120_000);
});
