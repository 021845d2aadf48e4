import { rmSync } from 'node:fs';

/**
 * Temporary files of atomic writes that are still open. A signal (Ctrl-C, a kill) would end
 * the process between their creation and their rename and leave `.NAME.pid.hex.tmp` behind,
 * hundreds of MB for a recorded trace: on SIGINT/SIGTERM they are removed first, then the
 * signal is raised again so the exit status still says how the process ended.
 */
const live = new Set<string>();
let installed = false;

function removeAll(): void {
  for (const path of live) rmSync(path, { force: true });
  live.clear();
}

function onSignal(signal: NodeJS.Signals): void {
  removeAll();
  process.removeListener('SIGINT', onSignal);
  process.removeListener('SIGTERM', onSignal);
  process.kill(process.pid, signal);
}

/** Records a temporary file to remove if the process is interrupted before `releaseTempFile`. */
export function trackTempFile(path: string): void {
  if (!installed) {
    installed = true;
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    process.on('exit', removeAll);
  }
  live.add(path);
}

/** The temporary file was renamed or removed: nothing to clean up for it any more. */
export function releaseTempFile(path: string): void {
  live.delete(path);
}

/** The temporary files still tracked (tests). */
export function trackedTempFiles(): readonly string[] {
  return [...live];
}
