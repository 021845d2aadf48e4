export { builtInPolicies, type BuiltInPolicyName } from './registry.js';
export { kernelPolicy } from './policies/kernel-policy.js';
export { flushPoliciesModule } from './di/module.js';
