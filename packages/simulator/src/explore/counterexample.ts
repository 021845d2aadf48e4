import { actorName } from '@spte-lab/spte-core';
import type { GuestTlbFactory } from '../run/world.js';
import type { CheckConfig } from './check-config.js';
import type { Choice } from './check-world.js';
import { replay } from './explorer.js';

/** One step of a counterexample, as a KVM developer reads it. */
export interface CounterexampleStep {
  /** 1-based position in the schedule; the final harvest's lines carry the last number + 1. */
  readonly n: number;
  readonly actor: string;
  /** What the step did: operation milestones, SPTE old→new with W/MW, flushes with IPIs. */
  readonly events: readonly { readonly operation: string; readonly detail: string }[];
  /** TLB entries this step added (+) or dropped (−), per vCPU. */
  readonly tlb: readonly string[];
}

/** Replays a schedule and explains each step, with the TLB contents it changed. */
export function explainSchedule(
  config: CheckConfig,
  tlbFactory: GuestTlbFactory,
  schedule: readonly Choice[],
): CounterexampleStep[] {
  const world = replay(config, tlbFactory, []);
  const { tlb } = world.world;
  let before = snapshot(world.world.tlb, config.vcpus);
  // Step 0: the set-up (warm writes, enabling dirty logging) and the TLB it leaves behind.
  const setup = world.world.trace.all().filter((e) => e.step <= world.stepBase);
  const steps: CounterexampleStep[] = [
    {
      n: 0,
      actor: 'setup',
      events: setup.map((e) => ({ operation: `${e.actor} ${e.operation}`, detail: e.detail })),
      tlb: diff(new Map(), before),
    },
  ];
  schedule.forEach((choice, i) => {
    world.apply(choice);
    const after = snapshot(tlb, config.vcpus);
    steps.push({
      n: i + 1,
      actor: actorName(choice.actor),
      events: eventsAt(world, world.stepBase + i + 1),
      tlb: diff(before, after),
    });
    before = after;
  });
  if (world.choices([]).length === 0) {
    world.finish();
    const events = world.world.trace.all().filter((e) => e.step > world.stepBase + schedule.length);
    if (events.length > 0) steps.push({ n: schedule.length + 1, actor: 'vmm', events, tlb: [] });
  }
  return steps;
}

function eventsAt(world: ReturnType<typeof replay>, step: number) {
  return world.world.trace
    .all()
    .filter((e) => e.step === step)
    .map((e) => ({ operation: e.operation, detail: e.detail }));
}

type Snapshot = Map<string, string>;

function snapshot(tlb: ReturnType<typeof replay>['world']['tlb'], vcpus: number): Snapshot {
  const out: Snapshot = new Map();
  for (let v = 0; v < vcpus; v++) {
    for (const e of tlb.entries(v)) {
      const size = e.level === 1 ? '4K' : e.level === 2 ? '2M' : '1G';
      const perms = `${e.readable ? 'R' : '-'}${e.writable ? 'W' : '-'}${e.executable ? 'X' : '-'}${e.dirty ? ' D' : ''}`;
      out.set(`vcpu${v} ${size} gfn ${e.gfn}`, `pfn 0x${e.pfn.toString(16)} ${perms}`);
    }
  }
  return out;
}

function diff(before: Snapshot, after: Snapshot): string[] {
  const lines: string[] = [];
  for (const [key, value] of before)
    if (after.get(key) !== value) lines.push(`− ${key} (${value})`);
  for (const [key, value] of after)
    if (before.get(key) !== value) lines.push(`+ ${key} (${value})`);
  return lines;
}
