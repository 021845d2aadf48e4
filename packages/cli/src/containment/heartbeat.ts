/**
 * Where a worker thread running plugin code says which policy hook it is in, for the parent's
 * watchdog (`--stall-timeout`). A synchronous endless loop in a plugin blocks its thread's
 * event loop, so the worker cannot send messages: it writes to shared memory instead, and the
 * parent, whose own event loop is free, reads it.
 *
 * Layout (Int32 slots): [0] the hook being run (0 none, else 1 + index in HOOKS), [1] calls
 * entered so far, [2] the byte length of the policy's name, then the name's UTF-8 bytes.
 */
export const HOOKS = ['onLeafChange', 'onFlushPoint'] as const;
export type HookName = (typeof HOOKS)[number];

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
    if (name !== this.lastName) {
      const length = Math.min(name.length, NAME_BYTES);
      this.bytes.set(name.subarray(0, length));
      Atomics.store(this.slots, NAME_LENGTH, length);
      this.lastName = name;
    }
    Atomics.add(this.slots, CALLS, 1);
    Atomics.store(this.slots, HOOK, 1 + hook);
  }

  leave(): void {
    Atomics.store(this.slots, HOOK, 0);
  }
}

/** What the parent reads: the hook in progress (if any) and how many calls were entered. */
export interface HeartbeatSample {
  readonly hook: HookName | undefined;
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
    hook: hook === 0 ? undefined : HOOKS[hook - 1],
    calls: Atomics.load(slots, CALLS),
    policy: new TextDecoder().decode(name),
  };
}
