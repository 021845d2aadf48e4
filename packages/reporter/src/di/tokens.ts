/** Multi-bound: every output format the CLI can name with `--format`. */
export const RENDERER = Symbol.for('@spte-lab/reporter:Renderer');
