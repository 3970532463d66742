// What `stack doctor` knows about a cluster: plain objects read by the adapter
// (src/k8s/snapshot.ts) or taken from a render. The checks are pure functions
// of this, so they are tested without a cluster.
import type { KubeObject } from '../manifest.js';

export interface QbtPreferencesSeen {
  save_path?: string;
  temp_path_enabled?: boolean;
  temp_path?: string;
}

export interface ClusterSnapshot {
  /** The media stack's namespace. */
  namespace: string;
  /** Objects of the namespace, plus cluster-scoped PVs and StorageClasses, plus kube-system/coredns(-custom). */
  objects: KubeObject[];
  /** qBittorrent's preferences from its WebUI API, when it could be asked. */
  qbittorrentApi?: { preferences?: QbtPreferencesSeen; error?: string; via: string };
  /** Kinds that could not be read (RBAC, missing API): reported, never fatal. */
  unreadable: { what: string; error: string }[];
}

export type Severity = 'error' | 'warning' | 'info';

export interface Finding {
  check: string;
  severity: Severity;
  title: string;
  /** What was seen, with object names and values. */
  evidence: string[];
  /** What to do about it. */
  fix: string;
}

export type Check = (snapshot: ClusterSnapshot) => Finding[];
