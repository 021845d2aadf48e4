import type { RunResult } from '@spte-lab/reporter';
import type {
  CheckReport,
  CheckSpec,
  CounterexampleStep,
  ExploreProgress,
  ReplayFile,
  ShrinkResult,
  Simulator,
} from '@spte-lab/simulator';
import type { Violation } from '@spte-lab/reporter';
import { openTraceFile, presetFromTraceHeader } from '@spte-lab/workload-gen';

/**
 * The simulator work of `check`, `shrink` and `run`, as plain data: run inline without plugins,
 * or in a worker thread under the stall watchdog with them (containedRunner).
 */
export type Task =
  | {
      readonly name: 'check';
      readonly input: Partial<CheckSpec> & { readonly policy: string; readonly scenario?: string };
    }
  | {
      readonly name: 'shrink';
      readonly policy: string;
      readonly scenario: string;
      readonly seed: number;
      readonly eagerSplit?: 'on' | 'off' | 'fails';
      readonly kind?: Violation['kind'];
    }
  | { readonly name: 'replay'; readonly file: ReplayFile }
  | {
      readonly name: 'trace';
      readonly policy: string;
      /** The trace file's absolute path, and its name as the user gave it. */
      readonly path: string;
      readonly label: string;
      readonly seed: number;
    };

export interface TaskResults {
  check: CheckReport;
  shrink: ShrinkResult | undefined;
  replay: { steps: CounterexampleStep[]; violation?: Violation };
  trace: RunResult;
}

export type TaskResult<T extends Task> = TaskResults[T['name']];

/** The policy a task runs, for naming it (and its plugin) when the task fails. */
export function taskPolicy(task: Task): string {
  return task.name === 'check'
    ? task.input.policy
    : task.name === 'replay'
      ? task.file.spec.policy
      : task.policy;
}

/** "policy p × scenario s × seed n": the run a task is, as the stall message names it. */
export function describeTask(task: Task): string {
  switch (task.name) {
    case 'check':
      return `check of policy ${task.input.policy}${task.input.scenario ? ` × scenario ${task.input.scenario}` : ''}`;
    case 'shrink':
      return `shrink of policy ${task.policy} × scenario ${task.scenario} × seed ${task.seed}`;
    case 'replay':
      return `replay of policy ${task.file.spec.policy}`;
    case 'trace':
      return `policy ${task.policy} × trace ${task.label} × seed ${task.seed}`;
  }
}

/** `onProgress` hears how far a `check` search has got (inline runs only). */
export function runTask<T extends Task>(
  simulator: Simulator,
  task: T,
  onProgress?: ExploreProgress,
): TaskResult<T> {
  return runAny(simulator, task, onProgress) as TaskResult<T>;
}

function runAny(
  simulator: Simulator,
  task: Task,
  onProgress?: ExploreProgress,
): TaskResults[keyof TaskResults] {
  switch (task.name) {
    case 'check':
      return simulator.check(task.input, onProgress ? { onProgress } : {});
    case 'shrink':
      return simulator.shrink(
        {
          policy: simulator.policy(task.policy),
          scenario: simulator.scenario(task.scenario),
          seed: task.seed,
          ...(task.eagerSplit ? { eagerSplit: task.eagerSplit } : {}),
        },
        task.kind,
      );
    case 'replay':
      return simulator.replaySchedule(task.file);
    case 'trace': {
      // Opened again here (the parent read its header): events stream from the file.
      const trace = openTraceFile(task.path, task.label);
      return simulator.run({
        policy: simulator.policy(task.policy),
        scenario: presetFromTraceHeader(trace.header),
        seed: task.seed,
        events: trace.events,
      });
    }
  }
}
