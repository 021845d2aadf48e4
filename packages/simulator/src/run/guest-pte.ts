import {
  ACC_EXEC_MASK,
  ACC_USER_MASK,
  ACC_WRITE_MASK,
  GPTE_DIRTY,
  GPTE_PRESENT,
} from '@spte-lab/spte-core';

const FLAG_BITS: Readonly<Record<string, number>> = {
  p: GPTE_PRESENT,
  w: ACC_WRITE_MASK,
  u: ACC_USER_MASK,
  x: ACC_EXEC_MASK,
  d: GPTE_DIRTY,
};

/** A `guest_pte_write` event's flags ('pwuxd' subset) as the model's GPTE_* bits. */
export function parseGuestPte(flags: string): number {
  let bits = 0;
  for (const flag of flags) bits |= FLAG_BITS[flag] ?? 0;
  return bits;
}
