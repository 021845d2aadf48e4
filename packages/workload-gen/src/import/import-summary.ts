/** How many lines of each kind were seen and what became of them: nothing is dropped silently. */
export interface ImportSummary {
  lines: number;
  /** Lines with a trace-cmd or perf event header. */
  eventLines: number;
  /** Lines without one (file headers such as `cpus=4`, comments, blank lines). */
  otherLines: number;
  /** Imported events by type. */
  readonly imported: Record<string, number>;
  /** Tracepoint lines folded into the event of the line before on the same thread. */
  readonly folded: Record<string, number>;
  /**
   * Tracepoint lines that did not become an event, by `tracepoint: reason` (KVM's own
   * responses, which the model computes; lines that lack what an event needs; lines outside
   * the modelled VM), with the first line numbers of each.
   */
  readonly skipped: Record<string, { count: number; lines: number[] }>;
  /** Ranges cut down to the modelled gfn window. */
  clippedRanges: number;
  /** Events no line stands for, added by an option (the migration's first and last steps). */
  readonly added: string[];
}

/** Line numbers kept per skip reason, to look at. */
const EXAMPLES = 3;

export function emptySummary(): ImportSummary {
  return {
    lines: 0,
    eventLines: 0,
    otherLines: 0,
    imported: {},
    folded: {},
    skipped: {},
    clippedRanges: 0,
    added: [],
  };
}

export function bump(record: Record<string, number>, key: string): void {
  record[key] = (record[key] ?? 0) + 1;
}

export function skip(summary: ImportSummary, event: string, reason: string, line: number): void {
  const key = `${event}: ${reason}`;
  const entry = (summary.skipped[key] ??= { count: 0, lines: [] });
  entry.count++;
  if (entry.lines.length < EXAMPLES) entry.lines.push(line);
}

/** The summary as lines of text, for the terminal. */
export function summaryLines(s: ImportSummary): string[] {
  const count = (r: Record<string, number>) => Object.values(r).reduce((a, b) => a + b, 0);
  const list = (r: Record<string, number>) =>
    Object.entries(r)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([k, n]) => `    ${k}: ${n}`);
  const out = [
    `read ${s.lines} lines: ${s.eventLines} tracepoint lines, ${s.otherLines} other lines`,
    `imported ${count(s.imported)} events:`,
    ...list(s.imported),
  ];
  if (count(s.folded)) out.push(`folded into the line before (same operation):`, ...list(s.folded));
  const skipped = Object.entries(s.skipped).sort(([a], [b]) => (a < b ? -1 : 1));
  if (skipped.length) {
    out.push(`skipped ${skipped.reduce((a, [, e]) => a + e.count, 0)} lines:`);
    for (const [reason, e] of skipped) {
      const where =
        e.count === 1
          ? `line ${e.lines[0]}`
          : `lines ${e.lines.join(', ')}${e.count > e.lines.length ? ', …' : ''}`;
      out.push(`    ${reason}: ${e.count} (${where})`);
    }
  }
  if (s.clippedRanges) out.push(`${s.clippedRanges} ranges clipped to the modelled gfn window`);
  if (s.added.length) out.push(`added (--migration): ${s.added.join(', ')}`);
  return out;
}
