/**
 * `process.exit` while plugin code runs. A plugin that calls it must not end the command with
 * its own exit code (exit 0 would make a run that never finished look successful): while
 * plugin code runs, `process.exit` throws instead, and the call is remembered so that a
 * plugin catching that throw is still caught.
 */
export class PluginExitError extends Error {
  constructor(readonly code: unknown) {
    super(`called process.exit(${code === undefined ? '' : String(code)})`);
    this.name = 'PluginExitError';
  }
}

let attempted: PluginExitError | undefined;
/** Plugin hook calls under way (guardedPolicy): a throw there reaches the policy adapter. */
let hookCalls = 0;
/** Where a worker hears of an exit attempted outside any hook (e.g. from a plugin's timer). */
let outsideHook: ((exit: PluginExitError) => void) | undefined;

/** Runs a plugin hook call, so that a process.exit inside it throws into the adapter. */
export function inHook<T>(call: () => T): T {
  hookCalls++;
  try {
    return call();
  } finally {
    hookCalls--;
  }
}

/** The first `process.exit` a plugin attempted since the trap was set, if any. */
export function attemptedExit(): PluginExitError | undefined {
  return attempted;
}

function trap(code?: unknown): never {
  attempted ??= new PluginExitError(code);
  if (hookCalls > 0 || !outsideHook) throw attempted;
  // Outside a hook (a timer, a promise) a throw would be an uncaught exception: report it and
  // return; the thread is stopped by its parent.
  outsideHook(attempted);
  return undefined as never;
}

/**
 * Replaces `process.exit` for good: for a worker thread, in which only plugin code and the
 * simulator run (neither of which has a reason to exit). `report` hears of an exit attempted
 * outside a hook call.
 */
export function trapProcessExit(report: (exit: PluginExitError) => void): void {
  outsideHook = report;
  process.exit = trap as typeof process.exit;
}

/**
 * Runs `work` (which runs plugin code, e.g. loads plugins) with `process.exit` throwing. Not
 * remembered: this thread goes on to run other code, and the throw fails the load.
 */
export async function withExitTrapped<T>(work: () => Promise<T>): Promise<T> {
  const exit = process.exit;
  process.exit = ((code?: unknown) => {
    throw new PluginExitError(code);
  }) as typeof process.exit;
  try {
    return await work();
  } finally {
    process.exit = exit;
  }
}
