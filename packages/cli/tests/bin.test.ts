import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/** The built executable (Nx builds before it tests; run `npx tsup` here otherwise). */
const BIN = fileURLToPath(new URL('../dist/bin.js', import.meta.url));
const built = existsSync(BIN);
if (!built) console.warn(`SKIPPED bin.test.ts: ${BIN} is not built (run the build first)`);

describe.skipIf(!built)('the spte-lab executable', () => {
  it('exits with the command’s code: 2 for bad usage, 1 for violations with --fail-on-violation', () => {
    const usage = spawnSync(process.execPath, [BIN, 'compare', '--seeds', 'x'], {
      encoding: 'utf8',
    });
    expect(usage.status).toBe(2);
    expect(usage.stderr.split('\n')[0]).toMatch(
      /^error: option '--seeds <list>' argument 'x' is invalid/,
    );
    const violated = spawnSync(
      process.execPath,
      [BIN, 'compare', '-p', 'never', '-s', 'migration-bitmap', '--fail-on-violation', '-q'],
      { encoding: 'utf8' },
    );
    expect(violated.status).toBe(1);
    expect(violated.stderr).toBe('');
  });

  it('stops quietly when the reader closes the pipe early (compare | head)', async () => {
    const child = spawn(process.execPath, [BIN, 'compare', '--seeds', '1..3', '--format', 'json'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += String(d)));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  }, 60_000);
});
