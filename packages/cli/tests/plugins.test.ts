import { fileURLToPath } from 'node:url';
import { PolicyError } from '@spte-lab/spte-core';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { CliError, EXIT_USAGE } from '../src/index.js';
import { loadCliPlugins, pluginOption } from '../src/plugins.js';

const fixtures = fileURLToPath(new URL('./fixtures', import.meta.url));

describe('pluginOption: --plugin on every command that runs simulations', () => {
  it('is repeatable and keeps the order given', () => {
    const cmd = new Command('x').addOption(pluginOption()).exitOverride();
    cmd.parse(['--plugin', './a.mjs', '--plugin', 'spte-lab-policy-b'], { from: 'user' });
    expect(cmd.opts().plugin).toEqual(['./a.mjs', 'spte-lab-policy-b']);
    expect(
      new Command('y').addOption(pluginOption()).parse([], { from: 'user' }).opts().plugin,
    ).toBeUndefined();
  });
});

describe('loadCliPlugins', () => {
  it('no --plugin: the built-ins only', async () => {
    const plugins = await loadCliPlugins(undefined, fixtures);
    expect(plugins.plugins).toEqual([]);
    expect(plugins.simulator().policyNames()).toContain('kvm-v6.13');
  });

  it('hands the plugin’s policies to the simulator and remembers where each came from', async () => {
    const plugins = await loadCliPlugins(['./flush-everything.mjs'], fixtures);
    const sim = plugins.simulator();
    expect(sim.policyNames()).toContain('flush-everything');
    expect(plugins.pluginOf('flush-everything')).toBe('./flush-everything.mjs');
    expect(plugins.pluginOf('kvm-v6.13')).toBeUndefined();
    const runs = await plugins.guard(() =>
      sim.compare({ policies: ['flush-everything'], scenarios: ['migration-bitmap'], seeds: [1] }),
    );
    expect(runs[0]!.policy).toBe('flush-everything');
  });

  it('a bad plugin is a CliError (exit 2) whose one line names the plugin', async () => {
    const error = await loadCliPlugins(['./missing.mjs'], fixtures).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).exitCode).toBe(EXIT_USAGE);
    expect((error as CliError).message).toMatch(
      /^plugin '\.\/missing\.mjs': module not found: no file /,
    );
  });

  it('a plugin that throws during a run: one line naming plugin, policy and error', async () => {
    const plugins = await loadCliPlugins(['./throws-in-run.mjs'], fixtures);
    const sim = plugins.simulator();
    const error = await plugins
      .guard(() =>
        sim.compare({ policies: ['throws-in-run'], scenarios: ['migration-bitmap'], seeds: [1] }),
      )
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).exitCode).toBe(EXIT_USAGE);
    expect((error as CliError).message).toBe(
      "plugin './throws-in-run.mjs': policy 'throws-in-run': onLeafChange threw: deliberate failure inside the plugin",
    );
  });

  it('a built-in that throws is a bug, not a plugin problem: passed on as it is', async () => {
    const plugins = await loadCliPlugins([], fixtures);
    const bug = new PolicyError('kvm-v6.13', 'onLeafChange threw: oops');
    await expect(plugins.guard(() => Promise.reject(bug))).rejects.toBe(bug);
  });
});
