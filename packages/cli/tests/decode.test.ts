import { describe, expect, it } from 'vitest';
import { bufferIo, runCli } from '../src/index.js';

async function cli(...argv: string[]) {
  const io = bufferIo();
  const code = await runCli(argv, io);
  return { code, out: io.stdout(), err: io.stderr() };
}

/** The table row for a field, split into its columns. */
function row(out: string, bits: string): string[] | undefined {
  const line = out.split('\n').find((l) => l.startsWith(`${bits} `));
  return line?.split(/\s{2,}/);
}

describe('spte-lab decode', () => {
  it('explains an EPT SPTE field by field', async () => {
    const { code, out, err } = await cli('decode', '0x600000001234b77', '--format', 'ept');
    expect(code).toBe(0);
    expect(err).toBe('');
    expect(out.split('\n')[0]).toBe(
      '0x600000001234b77: shadow-present SPTE, ept (Intel EPT with A/D bits enabled), kernel v6.13',
    );
    expect(row(out, '58')).toEqual(['58', 'MW', '1', 'MMU-writable']);
    expect(row(out, '57')).toEqual(['57', 'HW', '1', 'host-writable']);
    expect(row(out, '51:12')).toEqual(['51:12', 'PFN', '0x1234', 'host page frame number']);
    expect(row(out, '5:3')).toEqual(['5:3', 'MT', '6', 'memory type WB (write-back)']);
    expect(out).toMatch(/^is_mmu_writable_spte\s+true$/m);
    expect(out).toMatch(/^warning: shadow_present_mask \(0x8000000000000000\) missing/m);
  });

  it('defaults to ept and v6.13', async () => {
    const { out } = await cli('decode', '600000001234b77');
    expect(out.split('\n')[0]).toMatch(/ept \(Intel EPT with A\/D bits enabled\), kernel v6\.13$/);
  });

  it('warns about a legacy SPTE with W set but MW clear, with v6.12 predicates', async () => {
    const { code, out } = await cli(
      'decode',
      '0x80000000ab200ae7',
      '--format',
      'legacy',
      '--kernel',
      'v6.12',
    );
    expect(code).toBe(0);
    expect(row(out, '63')).toEqual(['63', 'NX', '1', 'no-execute']);
    expect(row(out, '10')).toEqual(['10', 'MW', '0', 'not MMU-writable']);
    expect(out).toMatch(/^is_dirty_spte\s+true$/m);
    expect(out).toMatch(/^check_spte_writable_invariants\s+false$/m);
    expect(out).toMatch(/^warning: W set but MMU-writable clear/m);
  });

  it('--json prints the decoded value as JSON', async () => {
    const { code, out } = await cli(
      'decode',
      '0x80000000000005a0',
      '--format',
      'ept-noad',
      '--json',
    );
    expect(code).toBe(0);
    const doc = JSON.parse(out) as Record<string, unknown>;
    expect(doc).toMatchObject({
      value: '0x80000000000005a0',
      format: 'ept-noad',
      kernel: 'v6.13',
      kind: 'frozen',
      predicates: { is_frozen_spte: true, is_shadow_present_pte: false },
    });
    expect(doc.fields).toContainEqual({
      bits: '63',
      name: 'SVE',
      value: 1,
      meaning: 'suppress #VE (in shadow_present_mask)',
    });
  });

  it('decodes an MMIO SPTE with its generation', async () => {
    const { out } = await cli('decode', '0x320015cb48444036', '--json');
    expect(JSON.parse(out)).toMatchObject({ kind: 'mmio', mmioGeneration: '0x32006' });
  });

  it.each([
    [['0xzz'], "decode: '0xzz' is not a hexadecimal number"],
    [['0x'], "decode: '0x' is not a hexadecimal number"],
    [['0x10000000000000000'], "decode: '0x10000000000000000' does not fit in 64 bits"],
    [['0x1', '--format', 'npt'], "decode: unknown format 'npt' (expected ept, ept-noad, legacy)"],
    [['0x1', '--kernel', 'v6.14'], "decode: unknown kernel 'v6.14' (expected v6.12, v6.13)"],
  ])('rejects %j with a one-line error and exit 2', async (args, message) => {
    const { code, out, err } = await cli('decode', ...args);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toBe(`spte-lab: ${message}\n`);
  });
});
