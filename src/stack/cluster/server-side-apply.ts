// Server-side apply of one object (PATCH application/apply-patch+yaml) through
// client-node's generic object API, which finds the resource path by discovery.
import { KubernetesObjectApi, PatchStrategy, type KubeConfig, type KubernetesObject } from '@kubernetes/client-node';

export const FIELD_MANAGER = 'dlna-bridge';

export interface ApplyOptions {
  dryRun: boolean;
  force: boolean;
}

export type ObjectApplier = (obj: KubernetesObject, options: ApplyOptions) => Promise<KubernetesObject>;

export function createApplier(kc: KubeConfig): ObjectApplier {
  const api = KubernetesObjectApi.makeApiClient(kc);
  return (obj, options) =>
    api.patch(
      structuredClone(obj),
      undefined,
      options.dryRun ? 'All' : undefined,
      FIELD_MANAGER,
      options.force ? true : undefined,
      PatchStrategy.ServerSideApply,
    );
}
