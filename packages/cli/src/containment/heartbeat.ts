/**
 * Where a worker thread running plugin code says which policy hook it is in, for the parent's
 * watchdog (`--stall-timeout`). A synchronous endless loop in a plugin blocks its thread's
 * event loop, so the worker cannot send messages: it writes to shared memory instead, and the
 * parent, whose own event loop is free, reads it.
 *
 * Layout (Int32 slots): [0] the hook being run (0 none, 1 + index in HOOKS, or LOADING while
 * the thread imports its plugins), [1] calls entered so far, [2] the byte length of the name
 * (the policy's, or while loading the plugin's as given), then the name's UTF-8 bytes.
 */
export const HOOKS = ['onLeafChange', 'onFlushPoint'] as const;
export type HookName = (typeof HOOKS)[number];
/** The thread is importing a plugin (top-level code) or loading its modules into a container. */
const LOADING = HOOKS.length + 1;

const HOOK = 0;
const CALLS = 1;
const NAME_LENGTH = 2;
const NAME_OFFSET = 12;
/** Policy names are at most 64 characters (POLICY_NAME); a ContainerModule's may be longer. */
const NAME_BYTES = 256;

export function createHeartbeatBuffer(): SharedArrayBuffer {
  return new SharedArrayBuffer(NAME_OFFSET + NAME_BYTES);
}

/** The worker's side: written around every plugin hook call. */
export class HeartbeatWriter {
  private readonly slots: Int32Array;
  private readonly bytes: Uint8Array;
  private lastName: Uint8Array | undefined;

  constructor(buffer: SharedArrayBuffer) {
    this.slots = new Int32Array(buffer, 0, 3);
    this.bytes = new Uint8Array(buffer, NAME_OFFSET, NAME_BYTES);
  }

  /** `name` is the policy's name, encoded once per policy by the caller. */
  enter(name: Uint8Array, hook: number): void {
    this.mark(name, 1 + hook);
  }

  /**
   * The thread starts importing the plugin `specifier` (as given), or, after the last one,
   * building the container its modules load into; `leave()` when done. A plugin whose
   * top-level code hangs only in this thread (not in the main thread's load probe) is then
   * caught by the same watchdog.
   */
  loading(specifier: string): void {
    this.mark(new TextEncoder().encode(specifier), LOADING);
  }

  private mark(name: Uint8Array, hook: number): void {
    if (name !== this.lastName) {
      const length = Math.min(name.length, NAME_BYTES);
      this.bytes.set(name.subarray(0, length));
      Atomics.store(this.slots, NAME_LENGTH, length);
      this.lastName = name;
    }
    Atomics.add(this.slots, CALLS, 1);
    Atomics.store(this.slots, HOOK, hook);
  }

  leave(): void {
    Atomics.store(this.slots, HOOK, 0);
  }
}

/** What the parent reads: the hook in progress (if any) and how many calls were entered. */
export interface HeartbeatSample {
  /** `'loading'`: `policy` is then the plugin being imported, as given. */
  readonly hook: HookName | 'loading' | undefined;
  readonly calls: number;
  readonly policy: string;
}

export function readHeartbeat(buffer: SharedArrayBuffer): HeartbeatSample {
  const slots = new Int32Array(buffer, 0, 3);
  const hook = Atomics.load(slots, HOOK);
  const length = Atomics.load(slots, NAME_LENGTH);
  // TextDecoder does not read shared memory: copy the bytes out first.
  const name = new Uint8Array(length);
  name.set(new Uint8Array(buffer, NAME_OFFSET, length));
  return {
    hook: hook === 0 ? undefined : hook === LOADING ? 'loading' : HOOKS[hook - 1],
    calls: Atomics.load(slots, CALLS),
    policy: new TextDecoder().decode(name),
  };
}
