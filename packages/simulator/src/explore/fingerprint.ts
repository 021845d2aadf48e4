import type { Operation } from '@spte-lab/spte-core';
import type { World } from '../run/world.js';

/**
 * A canonical text of everything that decides a world's future (spec state, TLBs, actors'
 * progress, oracles), so that the explorer visits each state once. Step counters, stats and
 * traces are left out: they record the past. Policies are assumed stateless.
 */
export function worldFingerprint(world: World, scriptState: string): string {
  const { vm, tlb } = world;
  const parts: string[] = [scriptState];
  for (let level = 0; level < 3; level++)
    parts.push(vm.store.lo[level]!.join(','), vm.store.hi[level]!.join(','));
  const slot = vm.memslot;
  parts.push(
    `${+slot.dirtyLogging}`,
    slot.dirtyBitmap.join(','),
    slot.writeTrack.join(','),
    slot.shadowed.join(''),
    slot.unsync.join(''),
    slot.disallowLpage.join(','),
    vm.invalidating.join(''),
    vm.backing.join(','),
    `${+vm.lock.heldForWrite}${vm.lock.readerCount}`,
    vm.rings.map((r) => r.used).join(','),
  );
  for (let v = 0; v < world.vcpus.length; v++) {
    const a = world.vcpus[v]!;
    parts.push(`${tlb.mode(v)}${+tlb.flushPending(v)}`, JSON.stringify(tlb.entries(v)));
    parts.push(`${a.gfn}/${a.access}/${a.faults}`, operationFingerprint(a.op));
  }
  for (const op of world.others) parts.push(operationFingerprint(op));
  parts.push(world.protection.fingerprint(), world.migration.fingerprint());
  return parts.join('|');
}

/** An operation's progress: its class and its own fields, without the VM and scratch space. */
export function operationFingerprint(op: Operation | null): string {
  if (!op) return '-';
  return `${op.constructor.name}${JSON.stringify(op, (key, value: unknown) =>
    key === 'vm' || key === 'scratch' || typeof value === 'function' ? undefined : value,
  )}`;
}

/** A 64-bit FNV-1a hash of a fingerprint, as a string key (collisions are vanishingly rare). */
export function hash64(text: string): string {
  let h1 = 0x811c9dc5;
  let h2 = 0xcbf29ce4;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x01000193) ^ (h1 >>> 15);
  }
  return `${(h1 >>> 0).toString(36)}:${(h2 >>> 0).toString(36)}`;
}
