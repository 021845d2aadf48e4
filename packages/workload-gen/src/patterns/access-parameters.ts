import { choice, integer, real } from '../params/parameter.js';
import { MAX_GFNS } from '../params/common-parameters.js';

/** Where guest accesses go (ARCHITECTURE.md "workload-gen"). */
export const ACCESS_PATTERNS = [
  'uniform',
  'zipf',
  'hot-cold',
  'sequential',
  'working-set',
] as const;
export type AccessPatternName = (typeof ACCESS_PATTERNS)[number];

export interface AccessDefaults {
  readonly pattern?: AccessPatternName;
  readonly writeShare: number;
  readonly execShare?: number;
  readonly hotFraction?: number;
  readonly hotShare?: number;
}

/** The access-pattern and read/write/exec-mix parameters of every preset with guest accesses. */
export function accessParameters(d: AccessDefaults) {
  return [
    choice(
      'pattern',
      'where guest accesses go: uniform; zipf (gfn k weighted 1/(k+1)^s); hot-cold (a hot set spread over the guest); sequential (each vCPU scans with a stride); working-set (each vCPU mostly in its own slice)',
      ACCESS_PATTERNS,
      d.pattern ?? 'uniform',
    ),
    real('zipfS', 'zipf exponent s (pattern zipf); 0 is uniform', { default: 1, min: 0, max: 4 }),
    real('hotFraction', 'share of gfns in the hot set, at least one gfn (pattern hot-cold)', {
      default: d.hotFraction ?? 0.1,
      min: 0,
      max: 1,
    }),
    real('hotShare', 'share of accesses that go to the hot set (pattern hot-cold)', {
      default: d.hotShare ?? 0.9,
      min: 0,
      max: 1,
    }),
    integer('stride', 'gfns between one vCPU’s consecutive accesses (pattern sequential)', {
      default: 1,
      min: 1,
      max: MAX_GFNS,
    }),
    real('sharing', 'share of a vCPU’s accesses outside its own slice (pattern working-set)', {
      default: 0.1,
      min: 0,
      max: 1,
    }),
    real('writeShare', 'share of guest accesses that are writes', {
      default: d.writeShare,
      min: 0,
      max: 1,
    }),
    real('execShare', 'share of guest accesses that are instruction fetches', {
      default: d.execShare ?? 0,
      min: 0,
      max: 1,
    }),
  ] as const;
}

/** `hugeRatio`: the huge-page backing ratio (spec §3.9). */
export function hugeRatioParameter(defaultRatio: number) {
  return real(
    'hugeRatio',
    'share of 2M regions the host backs with huge pages, where faults may map 2M leaves (spec §3.9)',
    { default: defaultRatio, min: 0, max: 1 },
  );
}
