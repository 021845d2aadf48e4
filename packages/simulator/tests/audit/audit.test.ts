import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  auditDocumentSchema,
  auditJsonSchema,
  type AuditAxes,
  auditAxes,
  auditCells,
  type AuditOutcome,
  buildAuditDocument,
  CHECK_OPERATIONS,
  createSimulator,
  DECIDED_ROOT_CAUSES,
  rootCauseSignature,
} from '../../src/index.js';

const REPO = fileURLToPath(new URL('../../../../', import.meta.url));

/** The init-set race's own corner of the quick matrix (spec §10.1). */
const INIT_SET: AuditAxes = {
  ...auditAxes('quick'),
  operations: ['clear_dirty_log', 'write_track_add', 'account_shadowed'],
  modes: ['initially-set'],
  eagerSplits: ['off'],
  guests: [{ vcpus: 2, writes: 1 }],
};

describe('audit matrix', () => {
  it('combines every operation the explorer has', () => {
    expect(auditAxes('quick').operations).toEqual(CHECK_OPERATIONS);
    expect(auditAxes('full').operations).toEqual(CHECK_OPERATIONS);
  });

  it('is the product of its axes, each cell once, in a fixed order', () => {
    const axes = auditAxes('quick');
    const cells = auditCells(axes);
    const pairs = (CHECK_OPERATIONS.length * (CHECK_OPERATIONS.length - 1)) / 2;
    expect(cells).toHaveLength(
      pairs *
        axes.formats.length *
        axes.mmus.length *
        axes.eagerSplits.length *
        axes.modes.length *
        axes.guests.length *
        axes.layouts.length,
    );
    expect(new Set(cells.map((c) => c.id)).size).toBe(cells.length);
    expect(auditCells(axes).map((c) => c.id)).toEqual(cells.map((c) => c.id));
    expect(auditCells(auditAxes('full')).length).toBeGreaterThan(30 * cells.length);
  });

  it('skips what the kernel cannot produce, saying why, and what a layout cannot hold', () => {
    const cells = auditCells(auditAxes('quick'));
    const ring = cells.find((c) => c.mode === 'ring' && c.operations.includes('get_dirty_log'));
    expect(ring?.skipped).toMatch(/^kernel: .*-ENXIO/);
    const sync = cells.find((c) => c.operations.includes('sync_page') && c.layout === '1-gfn');
    expect(sync?.skipped).toMatch(/^layout: sync_page needs 2 gfns/);
    const plain = cells.find(
      (c) => c.id === 'get_dirty_log+write_track_add/ept/tdp/split-off/bitmap/1v/1-gfn/2w',
    );
    expect(plain).toBeDefined();
    expect(plain!.skipped).toBeUndefined();
  });
});

describe('audit root causes', () => {
  const sim = createSimulator();
  const outcomes: AuditOutcome[] = auditCells(INIT_SET).map((cell) => ({
    cell,
    policy: 'kvm-v6.13',
    report: sim.check({ ...cell.spec, policy: 'kvm-v6.13' }),
  }));

  it('signs the init-set race by its transition, call sites and mmu_lock drops', () => {
    const unsafe = outcomes.find(
      (o) =>
        'report' in o &&
        o.cell.operations.includes('account_shadowed') &&
        o.report.verdict === 'unsafe',
    );
    expect(unsafe).toBeDefined();
    const signature = rootCauseSignature(
      (unsafe as { report: Parameters<typeof rootCauseSignature>[0] }).report,
    );
    expect(signature.oracle).toBe('write-track');
    expect(signature.transition).toBe('init_set_huge_write_protect: L2 W=1 MW=1 → W=0 MW=0');
    expect(signature.path).toContain('account_shadowed');
    expect(signature.lockDrops).toEqual(['clear_dirty_log', 'account_shadowed']);
  });

  it('groups the same race across MMUs into one root cause, decided as the finding on file', () => {
    const doc = buildAuditDocument(
      { budget: 'test', policies: ['kvm-v6.13'], axes: INIT_SET },
      outcomes,
    );
    expect(doc.totals.configurations).toBe(outcomes.length);
    expect(doc.totals.safe + doc.totals.unsafe + doc.totals.incomplete + doc.totals.skipped).toBe(
      outcomes.length,
    );
    // clear+track and clear+shadow are unsafe on both MMUs; track+shadow alone is safe.
    expect(doc.totals.unsafe).toBe(4);
    expect(doc.rootCauses).toHaveLength(2);
    for (const cause of doc.rootCauses) {
      expect(cause.occurrences).toHaveLength(2);
      expect(cause.finding).toBe('docs/findings/initially-set-write-track.md');
      expect(cause.shortest.replay.spec.policy).toBe('kvm-v6.13');
      expect(cause.shortest.steps).toBe(cause.shortest.replay.schedule.length);
    }
  });

  it('writes a document its schema accepts, and the schema rejects a verdict it does not know', () => {
    const doc = buildAuditDocument(
      { budget: 'test', policies: ['kvm-v6.13'], axes: INIT_SET },
      outcomes,
    );
    const plain = JSON.parse(JSON.stringify(doc));
    expect(auditDocumentSchema.safeParse(plain).success).toBe(true);
    plain.entries[0].verdict = 'probably-fine';
    expect(auditDocumentSchema.safeParse(plain).success).toBe(false);
    expect(auditJsonSchema().type).toBe('object');
  });

  it('names only finding files that exist', () => {
    for (const d of DECIDED_ROOT_CAUSES) expect(existsSync(`${REPO}${d.finding}`)).toBe(true);
  });
});
