import type { CheckReport, CounterexampleStep } from '@spte-lab/simulator';

/** The human form of a check report: the configuration, the verdict, and any counterexample. */
export function checkReportText(report: CheckReport): string {
  const s = report.spec;
  const lines: string[] = [];
  const ops = s.operations.length > 0 ? s.operations.join(', ') : 'none';
  lines.push(
    `spte-lab check: policy ${s.policy}; ${s.vcpus} vCPU${s.vcpus > 1 ? 's' : ''}, ${s.gfns} gfn${s.gfns > 1 ? 's' : ''}, ` +
      `${s.writes} guest write${s.writes === 1 ? '' : 's'} per vCPU; KVM operations: ${ops}`,
    `  ${s.format}, ${s.mmu === 'tdp' ? 'TDP MMU' : 'shadow MMU'}, kernel ${s.kernel ?? 'of the policy'}` +
      `${s.eagerSplit ? `, eager split ${s.eagerSplit}` : ''}` +
      `${s.clearPages !== undefined ? `, CLEAR_DIRTY_LOG of ${s.clearPages} pages` : ''}; dirty logging ${s.operations.includes('enable_dirty_logging') ? 'enabled during the run' : 'on'}; every SPTE update a step; adversarial TLB retention`,
    '',
  );
  const effort = `${report.statesExplored.toLocaleString('en-US')} states, ${report.transitions.toLocaleString('en-US')} transitions, ${report.seconds.toFixed(1)} s`;
  if (report.verdict === 'safe') {
    const cut = boundCut(report.reason);
    lines.push(
      cut === undefined
        ? `SAFE within the bound: every interleaving explored (${effort}; depth ${report.depthReached}, bound ${report.maxDepth}).`
        : `SAFE within depth ${report.maxDepth} (the bound cut ${cut.toLocaleString('en-US')} paths: states still to explore when it was reached; ${effort}). Not every interleaving was explored: raise --max-depth for more.`,
    );
    if (report.reason && cut === undefined) lines.push(`  (${report.reason})`);
    return `${lines.join('\n')}\n`;
  }
  if (report.verdict === 'incomplete') {
    lines.push(`INCOMPLETE: ${report.reason} (${effort}). No verdict; narrow the configuration.`);
    return `${lines.join('\n')}\n`;
  }
  const v = report.violation!;
  lines.push(
    `UNSAFE: ${v.kind} violation; the shortest counterexample has ${report.replay!.schedule.length} steps (${effort}).`,
    `  ${v.message}`,
    '',
    ...stepLines(report.steps ?? []),
    '',
    'Each step is atomic; actors interleave step by step. "W=/MW=" are the hardware-writable and',
    'MMU-writable bits of the SPTE (spec §1.6); "TLB +/−" are translations a vCPU gained or lost.',
    'Save the schedule with --out FILE and reproduce it with: spte-lab run --replay FILE',
  );
  return `${lines.join('\n')}\n`;
}

/** One block per step: number, actor, each event, then the TLB changes. */
export function stepLines(steps: readonly CounterexampleStep[]): string[] {
  const lines: string[] = [];
  for (const step of steps) {
    const head = `${String(step.n).padStart(4)}  ${step.actor.padEnd(8)}`;
    const events = step.events.length > 0 ? step.events : [{ operation: '(step)', detail: '' }];
    events.forEach((e, i) => {
      lines.push(
        `${i === 0 ? head : ' '.repeat(head.length)}  ${e.operation.padEnd(40)} ${e.detail}`.trimEnd(),
      );
    });
    for (const t of step.tlb) lines.push(`${' '.repeat(head.length)}  TLB ${t}`);
  }
  return lines;
}

/**
 * The states left unexplored when the depth bound stopped the search (the explorer's reason
 * "bound of N steps reached with M states left"), or undefined when nothing was cut: only
 * then was every interleaving explored.
 */
function boundCut(reason: string | undefined): number | undefined {
  const match = reason === undefined ? null : /reached with (\d+) states? left/.exec(reason);
  return match ? Number(match[1]) : undefined;
}
