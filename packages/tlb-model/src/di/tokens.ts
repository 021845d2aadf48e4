/**
 * Injection tokens owned by tlb-model (same naming scheme as the other packages).
 * `TLB_MODEL_FACTORY` resolves to a `TlbModelFactory`; `COST_MODEL` to the `CostModel` the
 * factory uses when the options give none — rebind it to apply a `--cost-model` file.
 */
export const TLB_MODEL_FACTORY = Symbol.for('@spte-lab/tlb-model:TlbModelFactory');
export const COST_MODEL = Symbol.for('@spte-lab/tlb-model:CostModel');
