export { builtInPolicies, type BuiltInPolicyName } from './registry.js';
export { kernelPolicy } from './policies/kernel-policy.js';
export { flushPoliciesModule } from './di/module.js';
export { definePolicy, isDefinedPolicy } from './define-policy.js';
export type {
  DefinedPolicy,
  PolicyDecision,
  PolicyDefinition,
  PolicyRequest,
  PolicyScope,
} from './define/policy-definition.js';
export { PolicyDefinitionError, POLICY_NAME } from './define/validate-definition.js';
export { POLICY_API_VERSION, apiVersionProblem } from './api-version.js';
export { FLUSH_ALL_AT_NEXT_ENTRY, flushAllRequest, flushLeafRange } from './requests.js';
export { loadPlugins, type LoadedPlugin, type LoadPluginsOptions } from './plugins/load-plugins.js';
export { PluginError } from './plugins/plugin-error.js';
export { isContainerModule } from './plugins/container-module.js';
