// Which cluster to talk to: --kubeconfig, else $KUBECONFIG / ~/.kube/config,
// else the in-cluster service account (the bridge DaemonSet).
import { KubeConfig } from '@kubernetes/client-node';
import { CliError, EXIT_ERROR } from '../../cli/exit-codes.js';

export interface KubeConfigOptions {
  kubeconfig?: string;
  context?: string;
}

export function loadKubeConfig(options: KubeConfigOptions = {}): KubeConfig {
  const kc = new KubeConfig();
  try {
    if (options.kubeconfig) kc.loadFromFile(options.kubeconfig);
    else kc.loadFromDefault();
  } catch (err) {
    throw new CliError(`cannot load kubeconfig${options.kubeconfig ? ` ${options.kubeconfig}` : ''}: ${(err as Error).message}`, EXIT_ERROR);
  }
  if (options.context) {
    if (!kc.getContextObject(options.context)) throw new CliError(`kubeconfig has no context "${options.context}"`, EXIT_ERROR);
    kc.setCurrentContext(options.context);
  }
  if (!kc.getCurrentCluster()) throw new CliError('no Kubernetes cluster configured (use --kubeconfig, $KUBECONFIG or run in a pod)', EXIT_ERROR);
  return kc;
}

/** A short reason from a client-node error: the API server's Status message when there is one. */
export function apiErrorMessage(err: unknown): string {
  const e = err as { code?: number; body?: unknown; message?: string };
  let body = e.body;
  if (typeof body === 'string') {
    try {
      body = JSON.parse(body);
    } catch {
      /* plain text body */
    }
  }
  const statusMessage = body && typeof body === 'object' ? (body as { message?: unknown }).message : undefined;
  if (typeof e.code === 'number') return `HTTP ${e.code}${typeof statusMessage === 'string' ? `: ${statusMessage}` : typeof body === 'string' && body ? `: ${body.slice(0, 200)}` : ''}`;
  return e.message ?? String(err);
}

/** HTTP status of a client-node error, if it has one. */
export function apiErrorCode(err: unknown): number | undefined {
  const code = (err as { code?: unknown; statusCode?: unknown }).code ?? (err as { statusCode?: unknown }).statusCode;
  return typeof code === 'number' ? code : undefined;
}
