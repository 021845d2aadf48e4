import type { ExploreProgress, Simulator } from '@spte-lab/simulator';
import { CliError } from '../errors.js';
import type { CliPlugins } from '../plugins.js';
import { type RunFailure, RunFailureError, runFailure } from '../sweep/run-failure.js';
import { builtWorkerUrl } from '../sweep/worker-pool.js';
import { WorkerThread } from '../sweep/worker-thread.js';
import { describeTask, runTask, type Task, type TaskResult, taskPolicy } from './tasks.js';

export interface ContainedContext {
  /** The command, as errors name it. */
  readonly command: string;
  readonly plugins: CliPlugins;
  /** `--plugin` values as given, and where they resolve from. */
  readonly specifiers: readonly string[];
  readonly cwd: string;
  /** The parent's simulator, for inline tasks. */
  readonly simulator: Simulator;
  /** `--stall-timeout` seconds (0: none). */
  readonly stallTimeout: number;
  /** How far a `check` search has got; heard only inline (no plugins), not from a worker. */
  readonly onProgress?: ExploreProgress;
}

/** The context of a command's tasks, from its --plugin and --stall-timeout values. */
export function containment(
  command: string,
  plugins: CliPlugins,
  options: { readonly plugin?: readonly string[]; readonly stallTimeout: number },
  cwd: string,
  simulator: Simulator = plugins.simulator(),
): ContainedContext {
  const { stallTimeout } = options;
  return { command, plugins, specifiers: options.plugin ?? [], cwd, simulator, stallTimeout };
}

/**
 * Runs a task of `check`, `shrink` or `run`. Without plugins it runs inline, on the parent's
 * simulator. With plugins it runs on a worker thread, where a plugin hook that never returns
 * is stopped by the watchdog after `--stall-timeout` seconds and a `process.exit` cannot end
 * the command. Either way, a failure is one line (a CliError, exit 2) when the user caused it:
 * a plugin's fault names the plugin, the policy and the run.
 */
export async function runContained<T extends Task>(
  task: T,
  context: ContainedContext,
): Promise<TaskResult<T>> {
  const { plugins } = context;
  try {
    if (plugins.loaded.length === 0) {
      try {
        return runTask(context.simulator, task, context.onProgress);
      } catch (error) {
        throw new RunFailureError(runFailure(-1, error, plugins.pluginOf, taskPolicy(task)));
      }
    }
    const thread = new WorkerThread(
      builtWorkerUrl(),
      { plugins: context.specifiers, cwd: context.cwd },
      { stallTimeout: context.stallTimeout, pluginOf: plugins.pluginOf, plugins: true },
    );
    try {
      return (await thread.request({ kind: 'task', task }, -1)) as TaskResult<T>;
    } finally {
      await thread.close();
    }
  } catch (error) {
    if (error instanceof RunFailureError) throw failed(context.command, task, error.failure);
    throw error;
  }
}

function failed(command: string, task: Task, failure: RunFailure): Error {
  if (failure.usage || failure.alone) return new CliError(failure.message);
  if (failure.plugin)
    return new CliError(`${command}: ${describeTask(task)} failed: ${failure.message}`);
  const error = new Error(`${command}: ${describeTask(task)}: ${failure.message}`);
  if (failure.stack) error.stack = `${error.message}\n${failure.stack}`;
  return error;
}
