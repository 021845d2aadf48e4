/**
 * The entry of each worker thread (built as `dist/sweep-worker.js`): the sweep's workers, and
 * the one thread `compare`, `check`, `shrink` and `run` move their runs to when a --plugin is
 * loaded (containment). It builds its own simulator — the same --plugin files, the same cost
 * model — and runs what the parent sends, one request at a time, replying with each result or
 * the reason it failed. Plugin hooks write the heartbeat the parent's watchdog reads.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { HeartbeatWriter } from '../containment/heartbeat.js';
import { trapProcessExit } from '../containment/plugin-exit.js';
import { runTask, taskPolicy } from '../containment/tasks.js';
import { loadCliPlugins } from '../plugins.js';
import { createRunByIndex } from './run-by-index.js';
import { runFailure } from './run-failure.js';
import { gridRun } from './sweep-spec.js';
import type { WorkerReply, WorkerRequest, WorkerSetup } from './worker-messages.js';

const setup = workerData as WorkerSetup;
const port = parentPort!;
// Only plugin code and the simulator run here: a process.exit can only be a plugin's.
trapProcessExit((exit) =>
  port.postMessage({ kind: 'exit', message: exit.message } satisfies WorkerReply),
);

/** A load probe: each plugin on its own, so the parent can name the one that never finishes. */
async function probe(): Promise<void> {
  for (const plugin of setup.plugins) {
    port.postMessage({ kind: 'loading', plugin } satisfies WorkerReply);
    // A throw is for the parent's own import to report, with its usual message.
    await loadCliPlugins([plugin], setup.cwd).catch(() => undefined);
  }
  port.postMessage({ kind: 'loaded' } satisfies WorkerReply);
}

/** Loads the plugins and the simulator, then runs what the parent sends. */
function serve(): void {
  // Marked as loading from each plugin's import until the simulator (its container, where
  // plugin modules' bindings run) is built: the parent's watchdog covers this thread's own
  // import too, which the main thread's load probe cannot vouch for.
  const heartbeat = new HeartbeatWriter(setup.heartbeat);
  const ready = loadCliPlugins([...setup.plugins], setup.cwd, heartbeat)
    .then((plugins) => {
      const simulator = plugins.simulator(setup.costModel ? { costModel: setup.costModel } : {});
      return {
        simulator,
        run: setup.sweep ? createRunByIndex(simulator, setup.sweep) : undefined,
        pluginOf: plugins.pluginOf,
      };
    })
    .finally(() => heartbeat.leave());
  // Only reached if loading fails; the parent hears of it with the first request it sends.
  ready.catch(() => undefined);

  port.on('message', (request: WorkerRequest) => {
    const index = request.kind === 'grid' ? request.index : -1;
    void ready.then(
      ({ simulator, run, pluginOf }) => {
        let reply: WorkerReply;
        try {
          const value =
            request.kind === 'grid' ? run!(request.index) : runTask(simulator, request.task);
          reply = { kind: 'done', value };
        } catch (error) {
          reply = {
            kind: 'failed',
            failure: runFailure(index, error, pluginOf, policyOf(request)),
          };
        }
        port.postMessage(reply);
      },
      (error: unknown) =>
        port.postMessage({
          kind: 'failed',
          failure: runFailure(index, error, () => undefined),
        } satisfies WorkerReply),
    );
  });
}

function policyOf(request: WorkerRequest): string | undefined {
  if (request.kind === 'task') return taskPolicy(request.task);
  return setup.sweep ? gridRun(setup.sweep, request.index).policy : undefined;
}

if (setup.probe) void probe();
else serve();
