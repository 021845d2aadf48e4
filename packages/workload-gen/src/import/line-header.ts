/**
 * The part of a trace line before the event's own text, as `trace-cmd report` and
 * `perf script` print it:
 *
 *   trace-cmd report:  `<comm>-<tid> [(<tgid>)] [<cpu>] [<flags>] <secs>.<usecs>: <event>: <text>`
 *                      e.g. `CPU 0/KVM-4125  [002]  8822.123456: kvm_page_fault: vcpu 0 rip ...`
 *   perf script:       `<comm> <tid>[/<tid>] [<cpu>] <secs>.<usecs>: <system>:<event>: <text>`
 *                      e.g. `CPU 0/KVM  4125 [002]  8822.123456: kvm:kvm_page_fault: vcpu 0 ...`
 *
 * (`/sys/kernel/tracing/trace` has the trace-cmd shape too.) The thread id keys per-thread
 * state: which vCPU a thread runs, and runs of lines that belong to one operation.
 */
export interface LineHeader {
  /** Thread name, e.g. QEMU's `CPU 0/KVM`. */
  readonly comm: string;
  readonly tid: number;
  /** The event's name without its system (`kvm:`, `kvmmmu:`, `syscalls:`). */
  readonly event: string;
  /** The event's text (its TP_printk output, or libtraceevent's plugin rendering). */
  readonly text: string;
}

const TRACE_CMD =
  /^\s*(.+?)-(\d+)\s+(?:\(\s*[\d-]+\)\s+)?\[(\d+)\]\s+(?:[\w.]{4,6}\s+)?(\d+\.\d+):\s+(?:[\w]+:)?(\w+):\s?(.*)$/;
const PERF =
  /^\s*(.+?)\s+(\d+)(?:\/(\d+))?\s+\[(\d+)\]\s+(\d+\.\d+):\s+(?:\d+\s+)?[\w]+:(\w+):\s?(.*)$/;

export function parseLineHeader(line: string): LineHeader | undefined {
  const t = TRACE_CMD.exec(line);
  if (t) return { comm: t[1]!, tid: Number(t[2]), event: t[5]!, text: t[6]!.trim() };
  const p = PERF.exec(line);
  if (p) return { comm: p[1]!, tid: Number(p[3] ?? p[2]), event: p[6]!, text: p[7]!.trim() };
  return undefined;
}
