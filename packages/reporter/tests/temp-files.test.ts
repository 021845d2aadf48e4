import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { releaseTempFile, trackedTempFiles, trackTempFile } from '../src/index.js';

const DIST = new URL('../dist/index.js', import.meta.url).href;

describe('temporary files of atomic writes', () => {
  it('tracks a file until it is released', () => {
    trackTempFile('/nowhere/.x.tmp');
    expect(trackedTempFiles()).toContain('/nowhere/.x.tmp');
    releaseTempFile('/nowhere/.x.tmp');
    expect(trackedTempFiles()).not.toContain('/nowhere/.x.tmp');
  });

  it.each(['SIGINT', 'SIGTERM'] as const)(
    'are removed when %s ends the process, which still ends by that signal',
    async (signal) => {
      const dir = mkdtempSync(join(tmpdir(), 'spte-lab-temp-'));
      const temp = join(dir, '.out.json.1.ab.tmp');
      writeFileSync(temp, 'half a report');
      // A process in the middle of an atomic write: the temporary file exists and is tracked.
      const script =
        `const { trackTempFile } = await import(${JSON.stringify(DIST)});` +
        `trackTempFile(${JSON.stringify(temp)}); console.log('ready'); setInterval(() => {}, 1000);`;
      const child = spawn(process.execPath, ['--input-type=module', '-e', script]);
      await new Promise((ready) => child.stdout.once('data', ready));
      const exited = new Promise<NodeJS.Signals | null>((done) =>
        child.on('exit', (_code, sig) => done(sig)),
      );
      child.kill(signal);
      expect(await exited).toBe(signal);
      expect(existsSync(temp)).toBe(false);
      expect(readdirSync(dir)).toEqual([]);
    },
    30_000,
  );
});
