// The cluster a stack command's options name, once it is known to exist and
// to answer: one line (a KubePreflightError or KubeConfigError) instead of a
// failure per object when there is no cluster or it is down.
import type { KubeConfig } from '@kubernetes/client-node';
import { requireApiServerAnswers, requireClusterConfigured } from '../../k8s/preflight.js';
import { loadKubeConfig, tlsOptionsOf, type KubeConfigOptions } from './kubeconfig.js';

export async function connectedKubeConfig(options: KubeConfigOptions, env: NodeJS.ProcessEnv): Promise<KubeConfig> {
  const source = requireClusterConfigured({ kubeconfig: options.kubeconfig, env });
  const kc = loadKubeConfig(options);
  const where = `${source} (context ${kc.getCurrentContext()})`;
  const tls = await tlsOptionsOf(kc, where);
  await requireApiServerAnswers({ server: kc.getCurrentCluster()!.server, tls, source: where });
  return kc;
}
