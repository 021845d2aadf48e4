import type { Operation } from '@spte-lab/spte-core';
import { PML_LOG_ENTRIES } from '@spte-lab/tlb-model';
import type { World } from '../run/world.js';

/**
 * A canonical text of everything that decides a world's future (spec state, TLBs, actors'
 * progress, oracles): the definition of state identity, which the explorer's WorldHasher
 * computes from the numbers directly (this text is for tests and debugging). Step counters,
 * stats and traces are left out: they record the past. Policies are assumed stateless.
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
    `${vm.mmuInvalidate.inProgress}/${vm.mmuInvalidate.seq}/${vm.mmuInvalidate.rangeStart}/${vm.mmuInvalidate.rangeEnd}`,
    `${vm.guestTables.indirectShadowPages}`,
    vm.guestTables.tableOf.join(','),
    vm.guestTables.gpte.join(','),
    vm.guestTables.spAccess.join(','),
    vm.guestTables.flooding.join(','),
    vm.guestTables.tableLevel.join(','),
    vm.backing.join(','),
    `${+vm.lock.heldForWrite}${vm.lock.readerCount}${+vm.lock.contended}`,
    vm.rings.map((r) => identityText(2 + r.size, (out) => r.writeIdentity(out, 0))).join(';'),
  );
  for (let v = 0; v < world.vcpus.length; v++) {
    const a = world.vcpus[v]!;
    parts.push(`${tlb.mode(v)}${+tlb.flushPending(v)}`, JSON.stringify(tlb.entries(v)));
    const pml = tlb.writePmlIdentity;
    if (pml)
      parts.push(`pml ${identityText(1 + PML_LOG_ENTRIES, (out) => pml.call(tlb, v, out, 0))}`);
    parts.push(
      `${a.gfn}/${a.access}/${a.faults}/${a.kind}/${a.pteGfn}/${a.pte}`,
      operationFingerprint(a.op),
    );
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

/** The words a model writes for its identity, as text. */
function identityText(room: number, write: (out: Int32Array) => number): string {
  const out = new Int32Array(room);
  return out.subarray(0, write(out)).join(',');
}
