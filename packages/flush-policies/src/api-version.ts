/**
 * The version of the policy contract: what `definePolicy()` accepts and what the simulator calls
 * (the `FlushPolicy` port, `LeafChange`, `FlushPoint`, the decision shapes). It is versioned on
 * its own, apart from the npm version, because a plugin is compiled against the contract, not
 * against a release.
 *
 * - A **minor** bump only adds: a new optional hook, a new `LeafChange` field, a new call site
 *   or flush point. A plugin written for 1.0 keeps working on 1.1, 1.2, …: hooks it does not
 *   define are no-ops, and fields and sites it does not know it does not read.
 * - A **major** bump changes or removes something; plugins for another major are refused with
 *   a message naming the plugin and both versions, never run half-understood.
 */
export const POLICY_API_VERSION = '1.0';

const FORMAT = /^(\d+)\.(\d+)$/;

function parse(version: string): [number, number] | undefined {
  const match = FORMAT.exec(version);
  return match ? [Number(match[1]), Number(match[2])] : undefined;
}

/**
 * Why a policy declaring `declared` cannot run on this spte-lab, or undefined when it can: the
 * same major, and a minor no newer than ours (a newer minor may rely on hooks we never call).
 */
export function apiVersionProblem(
  declared: unknown,
  host: string = POLICY_API_VERSION,
): string | undefined {
  const ours = parse(host)!;
  if (typeof declared !== 'string' || !parse(declared)) {
    return `apiVersion must be a string like '${host}' (got ${JSON.stringify(declared)})`;
  }
  const [major, minor] = parse(declared)!;
  const supported = `this spte-lab supports policy API ${ours[0]}.0–${host}`;
  if (major !== ours[0]) {
    return `wrong apiVersion '${declared}': ${supported}; rebuild the plugin against @spte-lab/flush-policies with policy API ${ours[0]}.x`;
  }
  if (minor > ours[1]) {
    return `wrong apiVersion '${declared}': ${supported}; upgrade spte-lab to run it`;
  }
  return undefined;
}
