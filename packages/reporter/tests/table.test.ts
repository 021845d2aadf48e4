import { describe, expect, it } from 'vitest';
import { renderTable } from '../src/index.js';
import { makeDocument } from './fixture.js';

const ESC = '\u001b[';
const rowOf = (text: string, policy: string, nth = 0) =>
  text.split('\n').filter((l) => l.includes(`  ${policy} `) || l.includes(`✗ ${policy} `))[nth]!;

describe('terminal table', () => {
  it('shows the mean and the ratio to the baseline, with thousands separators', () => {
    const text = renderTable(makeDocument([1]), { color: false });
    // kvm-v6.12 on migration-bitmap, seed 1: 11 flush requests vs 21 for kvm-v6.13; 1,001,000 cycles.
    expect(rowOf(text, 'kvm-v6.12')).toMatch(/│\s+11 +0\.52× │.*│ 1,001,000 +0\.50× │/);
    expect(rowOf(text, 'kvm-v6.13 (baseline)')).toMatch(/21 +1\.00×/);
  });

  it('puts the min–max under the mean with several seeds, and says which spread it is', () => {
    const text = renderTable(makeDocument([1, 2, 3]), { color: false });
    const lines = text.split('\n');
    const at = lines.indexOf(rowOf(text, 'kvm-v6.12'));
    expect(lines[at]).toMatch(/│\s+12 +0\.55× │/);
    expect(lines[at + 1]).toMatch(/│\s+11–13 +│/);
    expect(text).toContain('min–max over seeds (not a confidence interval)');
    expect(text).toContain('3 seeds (1..3)');
  });

  it('marks violating rows and lists the violations under the table', () => {
    const text = renderTable(makeDocument([1]), { color: false });
    expect(rowOf(text, 'never')).toMatch(/✗ never .*│ +2 │$/);
    expect(text).toContain(
      '- never on migration-bitmap: 2 violations in 1 of 1 seed (migration 2); first at seed 1, step 500:',
    );
  });

  it('uses no escape codes without colour, and red for violations with it', () => {
    expect(renderTable(makeDocument(), { color: false })).not.toContain(ESC);
    const coloured = renderTable(makeDocument(), { color: true });
    expect(coloured).toContain(`${ESC}31m`); // red
    const violating = coloured.split('\n').find((l) => l.includes('never'))!; // migration-bitmap's
    expect(violating).toContain(`${ESC}31m`);
    expect(violating).toContain('✗ never');
  });

  it('says when there is no baseline instead of showing ratios', () => {
    const doc = makeDocument([1]);
    const noBase = {
      ...doc,
      parameters: { ...doc.parameters, baseline: undefined, policies: ['kvm-v6.12', 'never'] },
      runs: doc.runs.filter((r) => r.policy !== 'kvm-v6.13'),
    };
    const text = renderTable(noBase, { color: false });
    expect(text).not.toContain('×  ');
    expect(text).toContain('No ratios: the default baseline kvm-v6.13 was not compared');
  });
});
