import { fileURLToPath } from 'node:url';
import { PolicyError } from '@spte-lab/spte-core';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { CliError, EXIT_USAGE } from '../src/index.js';
import { runContained } from '../src/containment/run-contained.js';
import { type CliPlugins, loadCliPlugins, pluginOption } from '../src/plugins.js';

const fixtures = fileURLToPath(new URL('./fixtures', import.meta.url));

/** A shrink of `policy` (it runs the policy's hooks), contained as the commands run it. */
function shrinkUnder(plugins: CliPlugins, specifiers: string[], policy: string) {
  return runContained(
    { name: 'shrink', policy, scenario: 'migration-bitmap', seed: 1 },
    {
      command: 'shrink',
      plugins,
      specifiers,
      cwd: fixtures,
      simulator: plugins.simulator(),
      stallTimeout: 60,
    },
  );
}

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
    const runs = sim.compare({
      policies: ['flush-everything'],
      scenarios: ['migration-bitmap'],
      seeds: [1],
    });
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

  it('a plugin that throws during a run: one line naming plugin, policy, error and run', async () => {
    const specifiers = ['./throws-in-run.mjs'];
    const plugins = await loadCliPlugins(specifiers, fixtures);
    const error = await shrinkUnder(plugins, specifiers, 'throws-in-run').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).exitCode).toBe(EXIT_USAGE);
    expect((error as CliError).message).toBe(
      "shrink: shrink of policy throws-in-run × scenario migration-bitmap × seed 1 failed: plugin './throws-in-run.mjs': policy 'throws-in-run': onLeafChange threw: deliberate failure inside the plugin",
    );
  });

  it('a built-in that throws is a bug, not a plugin problem: an Error with the stack', async () => {
    const plugins = await loadCliPlugins([], fixtures);
    const simulator = plugins.simulator();
    const bug = new PolicyError('kvm-v6.13', 'onLeafChange threw: oops');
    simulator.shrink = () => {
      throw bug;
    };
    const error = await runContained(
      { name: 'shrink', policy: 'kvm-v6.13', scenario: 'migration-bitmap', seed: 1 },
      { command: 'shrink', plugins, specifiers: [], cwd: fixtures, simulator, stallTimeout: 60 },
    ).catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(CliError);
    expect((error as Error).message).toMatch(/onLeafChange threw: oops/);
    expect((error as Error).stack).toContain(bug.stack!.split('\n')[1]);
  });
});
