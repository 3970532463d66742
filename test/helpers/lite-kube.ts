// The daemon's lite Kubernetes client pointed at a FakeKubeApi, through the
// same kubeconfig text the integration tests write (client-node's export of
// the fake's KubeConfig), so the parser sees what `serve` sees there.
import { parseKubeConfig, type LiteKubeConfig } from '../../src/k8s/config.js';
import type { FakeKubeApi } from './fake-kube-api.js';

export function liteKubeConfig(api: FakeKubeApi, namespace = 'media'): LiteKubeConfig {
  return parseKubeConfig(api.kubeConfig(namespace).exportConfig());
}
