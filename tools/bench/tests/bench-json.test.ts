import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));

describe('npm run bench -- --json (the document CI and scripts read)', () => {
  it('prints the machine and one row per benchmark with name, median, unit, baseline and ratio', () => {
    const out = execFileSync(
      process.execPath,
      [MAIN, '--json', '--filter', 'tlb-model/adversarial', '--repeats', '1', '--target-ms', '5'],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const doc = JSON.parse(out) as {
      machine: { cpu: string; cores: number; node: string };
      results: { name: string; median: number; unit: string; baseline: number; ratio: number }[];
      scaling: unknown[];
    };
    expect(doc.machine.cores).toBeGreaterThan(0);
    expect(doc.machine.node).toBe(process.version);
    expect(doc.machine.cpu.length).toBeGreaterThan(0);
    expect(doc.results.map((r) => r.name)).toEqual(['tlb-model/adversarial']);
    const [row] = doc.results;
    expect(row!.unit).toBe('accesses/s');
    expect(row!.median).toBeGreaterThan(0);
    expect(row!.baseline).toBeGreaterThan(0);
    expect(row!.ratio).toBeCloseTo(row!.median / row!.baseline, 9);
    expect(doc.scaling).toEqual([]);
  }, 120_000);

  it('rejects a bad --repeats with a message and exit code 2', () => {
    let status = 0;
    let stderr = '';
    try {
      execFileSync(process.execPath, [MAIN, '--repeats', '0'], { stdio: 'pipe' });
    } catch (error) {
      ({ status } = error as { status: number });
      stderr = String((error as { stderr: Buffer }).stderr);
    }
    expect(status).toBe(2);
    expect(stderr).toBe('bench: --repeats must be a positive integer and --target-ms positive\n');
  });
});
