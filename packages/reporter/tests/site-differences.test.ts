import { describe, expect, it } from 'vitest';
import {
  buildComparison,
  renderHtml,
  renderMarkdown,
  renderTable,
  siteDifferences,
  validateResultDocument,
} from '../src/index.js';
import { makeDocument } from './fixture.js';

/**
 * Issue 16: "where the policies differ" — per scenario, the kernel functions whose flush
 * requests differ most from the baseline's. In the fixture kvm-v6.12 charges half its requests
 * to mmu_set_spte, kvm-v6.13 (the baseline) one.
 */
describe('where the policies differ', () => {
  const doc = makeDocument([1, 2]);

  it('finds, per scenario and policy, the sites that differ most from the baseline', () => {
    const diffs = siteDifferences(buildComparison(doc, { baseline: 'kvm-v6.13' }));
    const v612 = diffs.find((d) => d.policy === 'kvm-v6.12' && d.title === 'migration-bitmap')!;
    // kvm-v6.12: requests 11 and 12 (seeds 1, 2) → mmu_set_spte 5 and 6, clear log 6 and 6;
    // kvm-v6.13: requests 21 and 22 → mmu_set_spte 1 and 1, clear log 20 and 21.
    expect(v612.sites).toEqual([
      { site: 'kvm_clear_dirty_log_protect', delta: -14.5 },
      { site: 'mmu_set_spte', delta: 4.5 },
    ]);
  });

  it('is rendered by the table, Markdown and HTML views', () => {
    const options = { baseline: 'kvm-v6.13' };
    expect(renderTable(doc, { ...options, color: false })).toMatch(
      /Where the policies differ.*\n- migration-bitmap, kvm-v6.12: kvm_clear_dirty_log_protect −14\.5, mmu_set_spte \+4\.5/,
    );
    expect(renderMarkdown(doc, options)).toContain('`mmu_set_spte` +4.5');
    expect(renderHtml(doc, options)).toContain('<h3 id="sites">Where the policies differ</h3>');
  });

  it('is left out for documents without per-site counts (schemaVersion 1)', () => {
    const v1 = JSON.parse(JSON.stringify({ ...doc, schemaVersion: 1 }));
    for (const run of v1.runs) delete run.flushesBySite;
    const old = validateResultDocument(v1, 'old.json');
    expect(siteDifferences(buildComparison(old, { baseline: 'kvm-v6.13' }))).toEqual([]);
    expect(renderTable(old, { baseline: 'kvm-v6.13', color: false })).not.toContain(
      'Where the policies differ',
    );
  });
});
