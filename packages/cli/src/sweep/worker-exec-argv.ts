/** The workspace's export condition that maps its packages to their TypeScript sources. */
const SOURCE_CONDITION = '@spte-lab/source';

/**
 * The parent's Node flags without the source condition: the worker is built JavaScript and must
 * resolve the packages to their builds. (Vitest runs the CLI's sources with `--conditions
 * @spte-lab/source`, and a worker inherits its parent's flags; Node cannot load the `.ts` files
 * that condition names.)
 */
export function builtExecArgv(execArgv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < execArgv.length; i++) {
    const arg = execArgv[i]!;
    if ((arg === '--conditions' || arg === '-C') && execArgv[i + 1] === SOURCE_CONDITION) i++;
    else if (arg !== `--conditions=${SOURCE_CONDITION}` && arg !== `-C=${SOURCE_CONDITION}`)
      out.push(arg);
  }
  return out;
}
