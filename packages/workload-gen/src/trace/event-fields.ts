import type { WorkloadEvent } from '../events/workload-event.js';
import { MAX_GFNS } from '../params/common-parameters.js';

type Field = 'vcpu' | 'gfn' | 'count' | 'level' | 'access' | 'first' | 'table' | 'pte' | 'source';

/**
 * The fields of each event type, in the order a trace line writes them (after `type`). The
 * `satisfies` makes a new WorkloadEvent type fail to compile until it is listed here.
 */
export const EVENT_FIELDS = {
  access: ['vcpu', 'gfn', 'access'],
  shadow_page_table: ['vcpu', 'gfn', 'level'],
  guest_tlb_flush: ['vcpu'],
  guest_pte_write: ['vcpu', 'table', 'gfn', 'pte'],
  guest_invlpg: ['vcpu', 'gfn'],
  guest_table_reuse: ['vcpu', 'gfn'],
  prefetch_fault: ['vcpu', 'gfn', 'source'],
  enable_dirty_logging: [],
  disable_dirty_logging: [],
  get_dirty_log: [],
  harvest_dirty_rings: [],
  final_harvest: [],
  zap_all_fast: [],
  zap_gfn_range: ['gfn', 'count'],
  clear_dirty_log: ['first', 'count'],
  write_track_add: ['gfn'],
  write_track_remove: ['gfn'],
  invalidate_range: ['gfn', 'count'],
  clear_young: ['gfn', 'count'],
  clear_flush_young: ['gfn', 'count'],
  test_young: ['gfn', 'count'],
} as const satisfies Record<WorkloadEvent['type'], readonly Field[]>;

export type EventType = keyof typeof EVENT_FIELDS;
export const EVENT_TYPES = Object.keys(EVENT_FIELDS) as EventType[];

/** The guest an event must fit in. */
export interface EventBounds {
  readonly vcpus: number;
  readonly gfns: number;
}

const ACCESS_KINDS = ['read', 'write', 'exec'];
const PREFETCH_SOURCES = ['pre-fault', 'async-pf'];
/** A guest PTE's flags, in this order: present, writable, user, executable, dirty. */
const PTE_FLAGS = /^p?w?u?x?d?$/;
/** Paging levels x86 has (PML5 included). */
const MAX_LEVEL = 5;

function article(word: string): string {
  return /^[aeiou]/.test(word) ? 'an' : 'a';
}

function isInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v);
}

function fieldProblem(field: Field, v: unknown, b: EventBounds): string | undefined {
  switch (field) {
    case 'vcpu':
      return isInt(v) && v >= 0 && v < b.vcpus
        ? undefined
        : `vcpu ${JSON.stringify(v)} is outside the VM (vCPUs 0–${b.vcpus - 1})`;
    case 'gfn':
    case 'table':
      return isInt(v) && v >= 0 && v < b.gfns
        ? undefined
        : `${field} ${JSON.stringify(v)} is outside the VM (gfns 0–${b.gfns - 1})`;
    case 'pte':
      return typeof v === 'string' && PTE_FLAGS.test(v)
        ? undefined
        : `pte ${JSON.stringify(v)} must list flags in the order 'pwuxd' (present, writable, user, exec, dirty)`;
    case 'source':
      return typeof v === 'string' && PREFETCH_SOURCES.includes(v)
        ? undefined
        : `source ${JSON.stringify(v)} must be one of ${PREFETCH_SOURCES.join(', ')}`;
    case 'first':
      if (!isInt(v) || v < 0 || v >= b.gfns)
        return `first ${JSON.stringify(v)} is outside the VM (gfns 0–${b.gfns - 1})`;
      return v % 64 === 0 ? undefined : `first ${v} is not 64-aligned (KVM_CLEAR_DIRTY_LOG)`;
    case 'count':
      return isInt(v) && v >= 1 && v <= MAX_GFNS
        ? undefined
        : `count ${JSON.stringify(v)} must be an integer from 1 to ${MAX_GFNS}`;
    case 'level':
      return isInt(v) && v >= 1 && v <= MAX_LEVEL
        ? undefined
        : `level ${JSON.stringify(v)} must be an integer from 1 to ${MAX_LEVEL}`;
    case 'access':
      return typeof v === 'string' && ACCESS_KINDS.includes(v)
        ? undefined
        : `access ${JSON.stringify(v)} must be one of ${ACCESS_KINDS.join(', ')}`;
  }
}

/**
 * Checks one decoded trace line as an event of a VM of `bounds`: the event, rebuilt with its
 * fields in canonical order, or the problem in words.
 */
export function checkEvent(value: unknown, bounds: EventBounds): WorkloadEvent | string {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return 'expected a JSON object (an event)';
  const record = value as Record<string, unknown>;
  const type = record.type;
  if (typeof type !== 'string') return 'an event needs a string "type"';
  if (!Object.hasOwn(EVENT_FIELDS, type))
    return `unknown event type '${type}' (known: ${EVENT_TYPES.join(', ')})`;
  const fields: readonly Field[] = EVENT_FIELDS[type as EventType];
  const out: Record<string, unknown> = { type };
  for (const field of fields) {
    if (!Object.hasOwn(record, field)) return `${article(type)} ${type} event needs "${field}"`;
    const problem = fieldProblem(field, record[field], bounds);
    if (problem) return `${type}: ${problem}`;
    out[field] = record[field];
  }
  for (const key of Object.keys(record))
    if (key !== 'type' && !fields.includes(key as Field))
      return `unexpected field "${key}" in ${article(type)} ${type} event`;
  return out as unknown as WorkloadEvent;
}

/** One trace line: the event's JSON with `type` first and its fields in canonical order. */
export function encodeEvent(event: WorkloadEvent): string {
  const record = event as unknown as Record<string, unknown>;
  const out: Record<string, unknown> = { type: event.type };
  for (const field of EVENT_FIELDS[event.type] as readonly Field[]) out[field] = record[field];
  return JSON.stringify(out);
}
