/**
 * The entry of each sweep worker thread (built as `dist/sweep-worker.js`). It builds its own
 * simulator — the same --plugin files, the same cost model — and runs the grid indices the
 * parent sends, one at a time, replying with each RunResult or the reason it failed.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadCliPlugins } from '../plugins.js';
import { createRunByIndex } from './run-by-index.js';
import { runFailure } from './run-failure.js';
import type { SweepSpec } from './sweep-spec.js';
import type { RunReply, RunRequest } from './worker-messages.js';

const spec = workerData as SweepSpec;
const port = parentPort!;
const ready = loadCliPlugins([...spec.plugins], spec.cwd).then((plugins) => ({
  run: createRunByIndex(plugins.simulator({ costModel: spec.costModel }), spec),
  pluginOf: plugins.pluginOf,
}));
// Only reached if loading fails; the parent hears of it with the first run it sends.
ready.catch(() => undefined);

port.on('message', (request: RunRequest) => {
  void ready.then(
    ({ run, pluginOf }) => {
      let reply: RunReply;
      try {
        reply = { kind: 'done', index: request.index, run: run(request.index) };
      } catch (error) {
        reply = { kind: 'failed', failure: runFailure(request.index, error, pluginOf) };
      }
      port.postMessage(reply);
    },
    (error: unknown) =>
      port.postMessage({
        kind: 'failed',
        failure: runFailure(request.index, error, () => undefined),
      } satisfies RunReply),
  );
});
