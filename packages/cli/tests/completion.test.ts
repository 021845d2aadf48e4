import { afterEach, describe, expect, it, vi } from 'vitest';
import { cli } from './helpers.js';

/** tab prints completions with console.log (see src/completion.ts). */
function captureConsole() {
  const lines: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
    lines.push(args.map(String).join(' '));
  });
  return lines;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('shell completion (@bomb.sh/tab)', () => {
  it('prints a completion script for bash, zsh, fish and PowerShell', async () => {
    for (const shell of ['bash', 'zsh', 'fish', 'powershell']) {
      const lines = captureConsole();
      const { code } = await cli(['complete', shell]);
      expect(code, shell).toBe(0);
      expect(lines.join('\n'), shell).toMatch(/spte-lab/);
      vi.restoreAllMocks();
    }
  });

  it('completes command names and option values from the definitions', async () => {
    let lines = captureConsole();
    await cli(['complete', '--', 'com']);
    expect(lines.map((l) => l.split('\t')[0])).toEqual(
      expect.arrayContaining(['compare', 'complete']),
    );
    vi.restoreAllMocks();
    lines = captureConsole();
    await cli(['complete', '--', 'compare', '--format', '']);
    expect(lines.map((l) => l.split('\t')[0] ?? '').filter((v) => !v.startsWith(':'))).toEqual([
      'table',
      'json',
      'csv',
      'md',
      'html',
    ]);
  });

  it('completes sweep and merge, and their option values', async () => {
    let lines = captureConsole();
    await cli(['complete', '--', 's']);
    expect(lines.map((l) => l.split('\t')[0])).toEqual(
      expect.arrayContaining(['sweep', 'shrink', 'selftest']),
    );
    vi.restoreAllMocks();
    lines = captureConsole();
    await cli(['complete', '--', 'sweep', '--retention', '']);
    expect(lines.map((l) => l.split('\t')[0] ?? '').filter((v) => !v.startsWith(':'))).toEqual([
      'adversarial',
      'realistic',
    ]);
    vi.restoreAllMocks();
    lines = captureConsole();
    await cli(['complete', '--', 'merge', '--']);
    expect(lines.map((l) => l.split('\t')[0])).toEqual(
      expect.arrayContaining(['--allow-partial', '--out', '--format']),
    );
  });

  it('an unknown shell is a usage error, exit 2', async () => {
    captureConsole();
    const { code, err } = await cli(['complete', 'tcsh']);
    expect(code).toBe(2);
    expect(err.split('\n')[0]).toMatch(
      /^error: command-argument value 'tcsh' is invalid for argument 'shell'/,
    );
  });
});
