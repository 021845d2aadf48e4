import { PolicyError } from '@spte-lab/spte-core';

/**
 * Why a run failed, as plain data, so a worker thread can send it and the parent reports it
 * exactly as an inline run would.
 */
export interface RunFailure {
  readonly index: number;
  readonly message: string;
  /** True when a plugin's policy threw: the user's problem (exit 2), not a bug in spte-lab. */
  readonly plugin: boolean;
  readonly stack?: string;
}

export function runFailure(
  index: number,
  error: unknown,
  pluginOf: (policy: string) => string | undefined,
): RunFailure {
  if (error instanceof PolicyError) {
    const plugin = pluginOf(error.policy);
    if (plugin !== undefined)
      return {
        index,
        plugin: true,
        message: `plugin '${plugin}': ${error.message.split('\n')[0]}`,
      };
  }
  const message = error instanceof Error ? error.message : String(error);
  const stack = error instanceof Error ? error.stack : undefined;
  return { index, plugin: false, message, ...(stack ? { stack } : {}) };
}

/** A RunFailure on its way to the parent's error handling. */
export class RunFailureError extends Error {
  constructor(readonly failure: RunFailure) {
    super(failure.message);
    this.name = 'RunFailureError';
  }
}
