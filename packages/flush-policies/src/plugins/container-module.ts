import { FLUSH_POLICY, type FlushPolicy } from '@spte-lab/spte-core';
import { Container, type ContainerModule } from 'inversify';

/**
 * True for an Inversify ContainerModule. Checked by shape, not `instanceof`: a plugin package
 * may bring its own copy of inversify, whose class is not ours.
 */
export function isContainerModule(value: unknown): value is ContainerModule {
  const v = value as { id?: unknown; load?: unknown } | null;
  return (
    typeof v === 'object' && v !== null && typeof v.load === 'function' && typeof v.id === 'number'
  );
}

/**
 * The policies a plugin's ContainerModule binds under FLUSH_POLICY, found by loading it into a
 * scratch container, so that its policies can be listed and a clash of names can be blamed on
 * the plugin before any run. `undefined` when they cannot be resolved on their own (a binding
 * that needs services only the simulator provides); the simulator still rejects duplicates.
 * @throws whatever the module's own `load` throws.
 */
export function policiesBoundBy(module: ContainerModule): FlushPolicy[] | undefined {
  const scratch = new Container({ defaultScope: 'Singleton' });
  scratch.load(module);
  if (!scratch.isBound(FLUSH_POLICY)) return [];
  try {
    return scratch.getAll<FlushPolicy>(FLUSH_POLICY);
  } catch {
    return undefined;
  }
}
