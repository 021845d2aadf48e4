/**
 * A parameter outside its allowed range, or one the preset does not take. The message is one
 * line naming the parameter (and its flag) and what is allowed. A RangeError, so callers that
 * already turn range errors into usage errors (the CLI) need nothing new.
 */
export class ScenarioParamError extends RangeError {
  override readonly name = 'ScenarioParamError';

  constructor(
    message: string,
    /** The parameter at fault, when there is one. */
    readonly parameter?: string,
  ) {
    super(message);
  }
}
