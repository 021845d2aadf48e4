import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { bufferIo, buildProgram } from '../src/index.js';
import { runProgram } from '../src/program.js';
import { cli } from './helpers.js';

describe('spte-lab (usage and errors)', () => {
  it('--help describes the tool, its commands, examples and exit codes', async () => {
    const { code, out } = await cli(['--help']);
    expect(code).toBe(0);
    expect(out).toMatch(/Usage: spte-lab/);
    expect(out).toMatch(/compare \[options\]\s+compare flush policies/);
    expect(out).toMatch(/report \[options\] <file>/);
    expect(out).toMatch(/sweep \[options\]\s+run policies × scenarios × a grid/);
    expect(out).toMatch(/merge \[options\] <files\.\.\.>\s+combine the shards of a sweep/);
    expect(out).toMatch(/Examples:\n {2}spte-lab compare /);
    expect(out).toMatch(
      /Exit codes:\n {2}0 {2}ok\n {2}1 {2}violations found \(with --fail-on-violation\)/,
    );
    expect(out).toMatch(/ {2}2 {2}bad usage or input/);
  });

  it('compare --help describes its options with examples', async () => {
    const { code, out } = await cli(['compare', '--help']);
    expect(code).toBe(0);
    expect(out).toMatch(/--policies <names>/);
    expect(out).toMatch(/Examples:/);
  });

  it('every command has --help with examples, and lists the global options', async () => {
    const names = buildProgram(bufferIo())
      .commands.map((c) => c.name())
      .filter((n) => n !== 'help');
    expect(names).toEqual(
      expect.arrayContaining([
        'compare',
        'sweep',
        'merge',
        'report',
        'decode',
        'selftest',
        'complete',
      ]),
    );
    for (const name of names) {
      const { code, out } = await cli([name, '--help']);
      expect(code, name).toBe(0);
      expect(out, name).toMatch(/Examples:\n {2}spte-lab /);
      expect(out, name).toMatch(/Global Options:[\s\S]*--quiet[\s\S]*--debug[\s\S]*--no-color/);
    }
  });

  it('--version prints the package version', async () => {
    const { code, out } = await cli(['--version']);
    expect(code).toBe(0);
    expect(out.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('an unknown command prints a one-line error and the usage, exit 2', async () => {
    const { code, err } = await cli(['frobnicate']);
    expect(code).toBe(2);
    const lines = err.trim().split('\n');
    expect(lines[0]).toMatch(/^error: unknown command 'frobnicate'/);
    expect(lines[1]).toMatch(/^Usage: spte-lab/);
  });

  it('an unknown option prints a one-line error and the usage, exit 2', async () => {
    const { code, err } = await cli(['compare', '--frob']);
    expect(code).toBe(2);
    const lines = err.trim().split('\n');
    expect(lines[0]).toBe("error: unknown option '--frob'");
    expect(lines[1]).toBe('Usage: spte-lab compare [options]');
  });

  it('an unknown policy name is a one-line error naming it, exit 2, no stack trace', async () => {
    const { code, err, out } = await cli(['compare', '--policies', 'kvm-v6.13,bogus']);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toMatch(/^spte-lab: unknown policy 'bogus' \(known: /);
    expect(err).not.toMatch(/\n\s+at /);
    expect(err.trim().split('\n')).toHaveLength(1);
  });

  it('an unknown scenario is caught before anything runs', async () => {
    const { code, err } = await cli(['compare', '--scenarios', 'nope']);
    expect(code).toBe(2);
    expect(err).toMatch(/^spte-lab: unknown scenario 'nope' \(known: .*migration-bitmap/);
  });
});

describe('unexpected errors (bugs)', () => {
  /** A program with one extra command that fails the way a bug would. */
  function buggy() {
    const io = bufferIo();
    const program = buildProgram(io);
    const boom = new Command('boom').action(() => {
      throw new TypeError('cannot read properties of undefined');
    });
    program.addCommand(boom.exitOverride());
    return { io, program };
  }

  it('are one line without a stack trace, exit 2', async () => {
    const { io, program } = buggy();
    expect(await runProgram(program, ['boom'], io)).toBe(2);
    expect(io.stderr()).toBe(
      'spte-lab: internal error: cannot read properties of undefined (run again with --debug for a stack trace)\n',
    );
  });

  it('show the stack with --debug, given before or after the command', async () => {
    for (const argv of [
      ['--debug', 'boom'],
      ['boom', '--debug'],
    ]) {
      const { io, program } = buggy();
      expect(await runProgram(program, argv, io)).toBe(2);
      expect(io.stderr()).toMatch(
        /^spte-lab: internal error: cannot read properties of undefined\nTypeError: .*\n\s+at /,
      );
    }
  });
});
