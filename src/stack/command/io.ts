// What `stack render`, `apply` and `doctor` share: the options that name the
// values and the cluster, and what run(options, io) writes to and reads from
// (the CLI gives process.stdout/stderr/env; tests give buffers and a cluster).
import type { KubeConfig } from '@kubernetes/client-node';
import type { KubeConfigOptions } from '../cluster/kubeconfig.js';

export interface ValueOptions {
  /** Values files, later ones win. */
  values: string[];
  /** key=value assignments, applied last. */
  set: string[];
}

export type ClusterOptions = KubeConfigOptions;

export interface StackIo {
  stdout: { write(s: string): unknown };
  stderr: { write(s: string): unknown };
  /** $KUBECONFIG, HOME, DLNA_BRIDGE_QBT_* (doctor's qBittorrent login). */
  env: NodeJS.ProcessEnv;
  /** The cluster the options name, checked to answer; default: src/stack/cluster/connect.ts. */
  connect?: (options: ClusterOptions, env: NodeJS.ProcessEnv) => Promise<KubeConfig>;
}

/** The cluster for apply and doctor: the injected one, or the kubeconfig's once it answers. */
export async function clusterFor(options: ClusterOptions, io: StackIo): Promise<KubeConfig> {
  if (io.connect) return io.connect(options, io.env);
  const { connectedKubeConfig } = await import('../cluster/connect.js');
  return connectedKubeConfig(options, io.env);
}
