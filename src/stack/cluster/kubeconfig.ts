// Which cluster to talk to: the kubeconfig file named, else $KUBECONFIG /
// ~/.kube/config, else the in-cluster service account (client-node's order).
import { KubeConfig } from '@kubernetes/client-node';
import type { RequestOptions } from 'node:https';
import { DlnaBridgeError } from '../../util/errors.js';

export type KubeConfigErrorCode =
  'KUBE_CONFIG_UNREADABLE' | 'KUBE_CONTEXT_UNKNOWN' | 'KUBE_NO_CURRENT_CLUSTER' | 'KUBE_CONFIG_INVALID';

/** A kubeconfig that cannot be used as it is: fix it (or name another) and rerun. */
export class KubeConfigError extends DlnaBridgeError {
  constructor(
    readonly code: KubeConfigErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface KubeConfigOptions {
  /** A kubeconfig file; client-node's defaults without it. */
  kubeconfig?: string;
  context?: string;
}

export function loadKubeConfig(options: KubeConfigOptions = {}): KubeConfig {
  const kc = new KubeConfig();
  try {
    if (options.kubeconfig) kc.loadFromFile(options.kubeconfig);
    else kc.loadFromDefault();
  } catch (err) {
    throw new KubeConfigError(
      'KUBE_CONFIG_UNREADABLE',
      `cannot load kubeconfig${options.kubeconfig ? ` ${options.kubeconfig}` : ''}: ${(err as Error).message}`,
      {
        cause: err,
      },
    );
  }
  if (options.context) {
    if (!kc.getContextObject(options.context))
      throw new KubeConfigError('KUBE_CONTEXT_UNKNOWN', `kubeconfig has no context "${options.context}"`);
    kc.setCurrentContext(options.context);
  }
  if (!kc.getCurrentCluster()) {
    throw new KubeConfigError(
      'KUBE_NO_CURRENT_CLUSTER',
      'no Kubernetes cluster configured (the kubeconfig names no current cluster)',
    );
  }
  return kc;
}

/**
 * The TLS settings of the current context, for a request of our own. client-node
 * refuses some configurations only here (an http:// server without
 * insecure-skip-tls-verify): `source` says which configuration it was.
 */
export async function tlsOptionsOf(kc: KubeConfig, source: string): Promise<RequestOptions> {
  const tls: RequestOptions = {};
  try {
    await kc.applyToHTTPSOptions(tls);
  } catch (err) {
    throw new KubeConfigError('KUBE_CONFIG_INVALID', `${source}: ${(err as Error).message}`, { cause: err });
  }
  return tls;
}
