/** A policy or scenario name that nothing is registered under; the message lists the names. */
export class UnknownNameError extends Error {
  constructor(
    readonly kind: 'policy' | 'scenario',
    readonly requested: string,
    readonly known: readonly string[],
  ) {
    super(`unknown ${kind} '${requested}' (known: ${known.join(', ')})`);
    this.name = 'UnknownNameError';
  }
}
