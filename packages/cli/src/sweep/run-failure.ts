import { PolicyError } from '@spte-lab/spte-core';
import { UnknownNameError } from '@spte-lab/simulator';
import { ScenarioParamError, TraceFileError } from '@spte-lab/workload-gen';
import { CliError } from '../errors.js';

/**
 * Why a run failed, as plain data, so a worker thread can send it and the parent reports it
 * exactly as an inline run would.
 */
export interface RunFailure {
  readonly index: number;
  readonly message: string;
  /** True when a plugin's policy failed: the user's problem (exit 2), not a bug in spte-lab. */
  readonly plugin: boolean;
  /** True for bad input (an unknown name, a bad bound or schedule, a bad trace file): exit 2. */
  readonly usage?: boolean;
  /**
   * True when the message is not about the run it interrupted (a plugin that never finished
   * loading in the worker thread): it is reported as it is, with no run named.
   */
  readonly alone?: boolean;
  readonly stack?: string;
}

/** The TLB model's check of a vCPU id a flush names: only a policy's answer can name one. */
const NO_SUCH_VCPU = /^vCPU -?\d+ does not exist/;

/**
 * `policy`: the policy the failed run ran, when known. A plugin policy's flush of a vCPU the VM
 * does not have fails only when the flush runs, inside the model: it is still the policy's.
 */
export function runFailure(
  index: number,
  error: unknown,
  pluginOf: (policy: string) => string | undefined,
  policy?: string,
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
  const plugin = policy === undefined ? undefined : pluginOf(policy);
  if (plugin !== undefined && error instanceof RangeError && NO_SUCH_VCPU.test(message))
    return {
      index,
      plugin: true,
      message: `plugin '${plugin}': policy '${policy}' asked for a flush the model rejects: ${message}`,
    };
  if (
    error instanceof CliError ||
    error instanceof UnknownNameError ||
    error instanceof TraceFileError ||
    error instanceof ScenarioParamError ||
    error instanceof RangeError
  )
    return { index, plugin: false, usage: true, message };
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
