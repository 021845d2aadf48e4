import { describe, expect, it } from 'vitest';
import { createProgress, createSearchProgress } from '../src/progress.js';
import { fakeTty } from './fake-tty.js';
import { cli, ESC, SMALL } from './helpers.js';

describe('progress bar', () => {
  it('draws runs done, total and the current run on a terminal once the batch is slow', () => {
    const stream = fakeTty();
    let clock = 0;
    const progress = createProgress({ total: 4, stream, enabled: true, now: () => clock });
    progress.update(0, 'migration-bitmap · never · seed 1');
    expect(stream.text()).toBe(''); // not yet a second in
    clock = 1500;
    progress.update(2, 'migration-bitmap · never · seed 3');
    expect(stream.text()).toMatch(/2\/4 runs · ETA .* · migration-bitmap · never · seed 3/);
    progress.update(4, 'done');
    progress.stop();
    expect(stream.text()).toContain('4/4 runs');
  });

  it('stays silent for batches shorter than a second', () => {
    const stream = fakeTty();
    const progress = createProgress({ total: 3, stream, enabled: true, now: () => 10 });
    for (let i = 0; i <= 3; i++) progress.update(i, `run ${i}`);
    progress.stop();
    expect(stream.text()).toBe('');
  });

  it('is off when disabled (--quiet, piped stdout) or the stream is not a terminal', () => {
    const tty = fakeTty();
    createProgress({ total: 3, stream: tty, enabled: false, delayMs: 0 }).update(1, 'x');
    expect(tty.text()).toBe('');
    const pipe = Object.assign(fakeTty(), { isTTY: false });
    const progress = createProgress({ total: 3, stream: pipe, enabled: true, delayMs: 0 });
    progress.update(1, 'x');
    progress.stop();
    expect(pipe.text()).toBe('');
  });

  it('compare draws nothing on the progress stream when stdout is piped or --quiet is given', async () => {
    const stream = fakeTty();
    await cli(['compare', ...SMALL, '--seeds', '1..3'], { isTTY: false, progressStream: stream });
    await cli(['compare', ...SMALL, '--seeds', '1..3', '--quiet'], {
      isTTY: true,
      progressStream: stream,
    });
    expect(stream.text()).toBe('');
  });

  it('compare shows the bar on a terminal when the runs take over a second, and keeps stdout clean', async () => {
    const stream = fakeTty();
    const started = performance.now();
    const { code, out } = await cli(['compare', '--seeds', '1..4', '--format', 'json'], {
      isTTY: true,
      progressStream: stream,
    });
    expect(code).toBe(0);
    expect(JSON.parse(out).seeds).toEqual([1, 2, 3, 4]);
    const seconds = (performance.now() - started) / 1000;
    if (stream.text() === '') {
      expect(seconds).toBeLessThan(1.5); // only a very fast machine finishes before the bar is due
    } else {
      expect(stream.text()).toMatch(/\d+\/\d+ runs · ETA .* · \S+ · \S+ · seed \d/);
      expect(stream.text().endsWith(`${ESC}2K`)).toBe(true); // the bar is wiped when the runs end
      expect(seconds).toBeGreaterThan(1);
    }
  }, 120_000);
});

describe('check progress line', () => {
  it('shows states explored, depth and states/s on a terminal once the search is slow', () => {
    const stream = fakeTty();
    let clock = 0;
    const progress = createSearchProgress({ stream, enabled: true, now: () => clock });
    progress.update(100, 1);
    expect(stream.text()).toBe(''); // not yet a second in
    clock = 2000;
    progress.update(50_000, 7);
    expect(stream.text()).toContain('50000 states explored · depth 7 · 25000 states/s');
    progress.stop();
  });

  it('is off with --quiet or when stderr is not a terminal', () => {
    const tty = fakeTty();
    createSearchProgress({ stream: tty, enabled: false, delayMs: 0 }).update(10, 1);
    expect(tty.text()).toBe('');
    const pipe = Object.assign(fakeTty(), { isTTY: false });
    createSearchProgress({ stream: pipe, enabled: true, delayMs: 0 }).update(10, 1);
    expect(pipe.text()).toBe('');
  });

  it('check --quiet draws nothing on the progress stream and keeps its report', async () => {
    const stream = fakeTty();
    const { code, out } = await cli(['check', '--policy', 'kvm-v6.13', '--quiet'], {
      isTTY: true,
      progressStream: stream,
    });
    expect(code).toBe(0);
    expect(out).toMatch(/SAFE/);
    expect(stream.text()).toBe('');
  });
});
