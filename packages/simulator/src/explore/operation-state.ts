import type { Operation } from '@spte-lab/spte-core';
import type { StateHasher } from './state-hasher.js';

/*
 * An operation's state is its own fields (ARCHITECTURE.md "Concurrency": step machines), the
 * same ones `operationFingerprint` prints: everything but the VM it acts on, its scratch space
 * and callbacks, which a copy shares with the original.
 */
const SHARED_KEYS: ReadonlySet<string> = new Set(['vm', 'scratch']);

/**
 * A copy of an operation to step on while the original stays in a snapshot. Arrays and nested
 * objects (pending flushes, the summary) are copied; the copy has the original's prototype.
 */
export function copyOperation<T extends Operation>(op: T): T {
  return copyObject(op) as T;
}

/**
 * `copyOperation` into `spare`, an operation nobody holds any more (a copy that was stepped and
 * then left behind by a restore), when it is of the same class: no allocation. Returns the copy.
 */
export function copyOperationInto<T extends Operation>(spare: Operation, op: T): T {
  return copyValueInto(spare, op) as T;
}

/**
 * Feeds an operation's state to `h`, so that two operations hash alike exactly when
 * `operationFingerprint` prints them alike: the class, then its fields the way JSON.stringify
 * walks them (own keys in order; undefined and callbacks left out; non-finite numbers as null).
 */
export function hashOperation(h: StateHasher, op: Operation | null): void {
  if (op === null) {
    h.word(NULL);
    return;
  }
  h.word(idOf(op.constructor));
  hashObject(h, op);
}

/*
 * Each value is one word: its tag in the low 4 bits, and above them the id of the field it is
 * in (0 in an array); then its payload, if any.
 */
const NULL = 1;
const FALSE = 2;
const TRUE = 3;
const INT = 4;
const FLOAT = 5;
const STRING = 6;
const ARRAY = 7;
const OBJECT = 8;
const END = 9;

/** Small numbers standing for strings and classes (field names, operation names), above the tags. */
const ids = new Map<unknown, number>();

function idOf(thing: unknown): number {
  let id = ids.get(thing);
  if (id === undefined) ids.set(thing, (id = ids.size + 16));
  return id;
}

function hashObject(h: StateHasher, object: object): void {
  const plan = planFor(object);
  if (plan) {
    plan.hash(h, object);
    return;
  }
  const source = object as Record<string, unknown>;
  for (const key in source) {
    const value = source[key];
    if (SHARED_KEYS.has(key) || value === undefined) continue;
    if (typeof value === 'function' || typeof value === 'symbol') continue;
    hashValue(h, idOf(key) << 4, value);
  }
  h.word(END);
}

/** One value: `field` is its field's id << 4 (0 in an array). */
function hashValue(h: StateHasher, field: number, value: unknown): void {
  switch (typeof value) {
    case 'number':
      if (!Number.isFinite(value)) h.word(field | NULL);
      else if ((value | 0) === value) {
        h.word(field | INT);
        h.word(value);
      } else {
        h.word(field | FLOAT);
        h.float(value);
      }
      return;
    case 'string':
      h.word(field | STRING);
      h.word(idOf(value));
      return;
    case 'boolean':
      h.word(field | (value ? TRUE : FALSE));
      return;
    case 'object':
      if (value === null) h.word(field | NULL);
      else if (Array.isArray(value)) {
        h.word(field | ARRAY);
        h.word(value.length);
        for (const item of value as unknown[]) {
          if (item === undefined || typeof item === 'function' || typeof item === 'symbol')
            h.word(NULL);
          else hashValue(h, 0, item);
        }
      } else {
        h.word(field | OBJECT);
        hashObject(h, value);
      }
      return;
    default:
      h.word(field | NULL);
  }
}

function copyObject(from: object): object {
  const plan = planFor(from);
  if (plan) return plan.copy(from);
  const to = Object.create(Object.getPrototypeOf(from) as object | null) as Record<string, unknown>;
  const source = from as Record<string, unknown>;
  for (const key in source) to[key] = SHARED_KEYS.has(key) ? source[key] : copyValue(source[key]);
  return to;
}

function copyValue(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return copyArray(value);
  if (ArrayBuffer.isView(value)) return (value as unknown as Uint8Array).slice();
  return copyObject(value);
}

function copyArray(array: unknown[]): unknown[] {
  const copy = array.slice();
  for (let i = 0; i < copy.length; i++) {
    const item = copy[i];
    if (typeof item === 'object' && item !== null) copy[i] = copyValue(item);
  }
  return copy;
}

/** `value` copied into `target` where they are alike (arrays, objects of one class), else anew. */
function copyValueInto(target: unknown, value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (target === value || typeof target !== 'object' || target === null) return copyValue(value);
  if (Array.isArray(value)) {
    if (!Array.isArray(target)) return copyArray(value);
    target.length = value.length;
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      target[i] = typeof item === 'object' && item !== null ? copyValue(item) : item;
    }
    return target;
  }
  if (Object.getPrototypeOf(target) !== Object.getPrototypeOf(value)) return copyValue(value);
  const plan = planFor(value);
  if (plan === undefined || !fits(plan, target)) return copyValue(value);
  return plan.copyInto(target, value);
}

/**
 * Copy and hash compiled for one class's fields. A loop over an object's keys reads and
 * writes properties by computed name, which V8 cannot specialise (about 600 ns to copy a page
 * fault); code with the names written out, and a fast path for each field's usual type, runs
 * several times faster. The code is built from the first instance's keys and values and gives
 * the same words as the loops above; it is used only for objects with exactly those keys.
 */
interface FieldPlan {
  readonly keys: readonly string[];
  readonly copy: (from: object) => object;
  /** Copies into an object of the same class and keys; nested values where they are alike. */
  readonly copyInto: (to: object, from: object) => object;
  readonly hash: (h: StateHasher, from: object) => void;
}

const plans = new Map<object | null, FieldPlan>();

function planFor(object: object): FieldPlan | undefined {
  const proto = Object.getPrototypeOf(object) as object | null;
  let plan = plans.get(proto);
  if (plan === undefined) plans.set(proto, (plan = compilePlan(object, proto)));
  return fits(plan, object) ? plan : undefined;
}

/** Whether `object` has exactly the plan's keys, in order. */
function fits(plan: FieldPlan, object: object): boolean {
  let i = 0;
  for (const key in object) if (key !== plan.keys[i++]) return false;
  return i === plan.keys.length;
}

function compilePlan(object: object, proto: object | null): FieldPlan {
  const source = object as Record<string, unknown>;
  const keys: string[] = [];
  for (const key in source) keys.push(key);
  const copyLines: string[] = [];
  const intoLines: string[] = [];
  const hashLines: string[] = [];
  for (const key of keys) {
    const k = JSON.stringify(key);
    if (SHARED_KEYS.has(key)) {
      copyLines.push(`to[${k}] = from[${k}];`);
      intoLines.push(`to[${k}] = from[${k}];`);
      continue;
    }
    intoLines.push(
      `v = from[${k}]; to[${k}] = typeof v === 'object' && v !== null ? copyValueInto(to[${k}], v) : v;`,
    );
    const field = idOf(key) << 4;
    const value = source[key];
    copyLines.push(
      typeof value === 'object' && value !== null
        ? `to[${k}] = copyValue(from[${k}]);`
        : `v = from[${k}]; to[${k}] = typeof v === 'object' ? copyValue(v) : v;`,
    );
    hashLines.push(`v = from[${k}];`);
    // The usual type's words written out, else the general case (hashValue's words).
    if (typeof value === 'number')
      hashLines.push(
        `if (typeof v === 'number' && (v | 0) === v) { h.word(${field | INT}); h.word(v); }`,
      );
    else if (typeof value === 'boolean')
      hashLines.push(
        `if (v === true) h.word(${field | TRUE});`,
        `else if (v === false) h.word(${field | FALSE});`,
      );
    else if (typeof value === 'string')
      hashLines.push(
        `if (v === ${JSON.stringify(value)}) { h.word(${field | STRING}); h.word(${idOf(value)}); }`,
      );
    else hashLines.push(`if (false) {}`);
    hashLines.push(
      `else if (v !== undefined && typeof v !== 'function' && typeof v !== 'symbol') hashValue(h, ${field}, v);`,
    );
  }
  const copy = new Function(
    'proto',
    'copyValue',
    `return function copy(from) {\n let v;\n const to = Object.create(proto);\n ${copyLines.join('\n ')}\n return to;\n};`,
  )(proto, copyValue) as FieldPlan['copy'];
  const copyInto = new Function(
    'copyValueInto',
    `return function copyInto(to, from) {\n let v;\n ${intoLines.join('\n ')}\n return to;\n};`,
  )(copyValueInto) as FieldPlan['copyInto'];
  const hash = new Function(
    'hashValue',
    `return function hash(h, from) {\n let v;\n ${hashLines.join('\n ')}\n h.word(${END});\n};`,
  )(hashValue) as FieldPlan['hash'];
  return { keys, copy, copyInto, hash };
}
