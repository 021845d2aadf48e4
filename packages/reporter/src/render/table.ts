import Table from 'cli-table3';
import pc from 'picocolors';
import type { ResultDocument } from '../result/result-document.js';
import { type Column, DEFAULT_COLUMNS } from './columns.js';

export interface TableOptions {
  /** Use ANSI colours (a TTY and no NO_COLOR in the environment). */
  readonly color: boolean;
  readonly columns?: readonly Column[];
}

/** Renders the comparison as a terminal table: one row per policy, grouped by scenario. */
export function renderTable(doc: ResultDocument, options: TableOptions): string {
  const columns = options.columns ?? DEFAULT_COLUMNS;
  const colors = pc.createColors(options.color);
  const table = new Table({
    head: ['scenario', 'policy', 'seed', ...columns.map((c) => c.header)],
    colAligns: ['left', 'left', 'right', ...columns.map(() => 'right' as const)],
    style: { head: options.color ? ['bold'] : [], border: options.color ? ['grey'] : [] },
  });
  for (const run of doc.runs) {
    const violated = run.violations.length > 0;
    table.push([
      run.scenario,
      violated ? colors.red(run.policy) : run.policy,
      String(run.seed),
      ...columns.map((c) => {
        const text = c.value(run).toLocaleString('en-US');
        return c.header === 'violations' && violated ? colors.red(colors.bold(text)) : text;
      }),
    ]);
  }
  return `${table.toString()}\n`;
}
