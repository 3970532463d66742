// Reading workloads out of a snapshot: which pod template is which app, which
// volume backs a mount, whether a claim lives on NFS. Pure helpers for checks.
import { allContainers, podSpecOf, type ContainerSpec, type PodSpec } from '../apply-values.js';
import { objectRef, type KubeObject } from '../manifest.js';
import type { ClusterSnapshot } from './snapshot.js';

export interface VolumeMount {
  name: string;
  mountPath: string;
  subPath?: string;
  readOnly?: boolean;
}
export interface Volume {
  name: string;
  persistentVolumeClaim?: { claimName: string };
  nfs?: { server: string; path: string };
  hostPath?: { path: string };
  emptyDir?: unknown;
  configMap?: { name: string };
  secret?: unknown;
  [k: string]: unknown;
}

export interface Workload {
  obj: KubeObject;
  ref: string;
  pod: PodSpec;
}

export function workloads(s: ClusterSnapshot): Workload[] {
  return s.objects
    .filter((o) => o.metadata.namespace === s.namespace)
    .flatMap((o) => {
      const pod = podSpecOf(o);
      return pod ? [{ obj: o, ref: objectRef(o), pod }] : [];
    });
}

/** Workloads that run `app`: by the app.kubernetes.io/name label, the object name, or the image name. */
export function workloadsOf(s: ClusterSnapshot, app: string): Workload[] {
  return workloads(s).filter((w) => {
    const label = w.obj.metadata.labels?.['app.kubernetes.io/name'] ?? w.obj.metadata.labels?.['app'];
    if (label === app || w.obj.metadata.name === app) return true;
    return w.pod.containers.some((c) => imageName(c.image) === app);
  });
}

/** "lscr.io/linuxserver/qbittorrent:4.6" -> "qbittorrent". */
export function imageName(image: string): string {
  const noDigest = image.split('@')[0]!;
  const last = noDigest.split('/').pop()!;
  return last.split(':')[0]!;
}

/** The container that is the app (named like the workload, else the first). */
export function mainContainer(w: Workload): ContainerSpec {
  return w.pod.containers.find((c) => c.name === w.obj.metadata.name) ?? w.pod.containers[0]!;
}

export function mountsOf(c: ContainerSpec): VolumeMount[] {
  return (c['volumeMounts'] as VolumeMount[] | undefined) ?? [];
}

export function volumesOf(pod: PodSpec): Volume[] {
  return (pod['volumes'] as Volume[] | undefined) ?? [];
}

export function everyContainer(w: Workload): ContainerSpec[] {
  return allContainers(w.pod);
}

export function find(s: ClusterSnapshot, kind: string, name: string, namespace?: string): KubeObject | undefined {
  return s.objects.find(
    (o) =>
      o.kind === kind && o.metadata.name === name && (namespace === undefined || o.metadata.namespace === namespace),
  );
}

/** Where a volume's data lives: "nfs server:/path", "local-path", "emptyDir", ... and whether that is NFS. */
export function storageOf(s: ClusterSnapshot, v: Volume): { nfs: boolean; describe: string } {
  if (v.nfs) return { nfs: true, describe: `nfs ${v.nfs.server}:${v.nfs.path} (inline volume)` };
  if (v.persistentVolumeClaim) {
    const claim = find(s, 'PersistentVolumeClaim', v.persistentVolumeClaim.claimName, s.namespace);
    if (!claim) return { nfs: false, describe: `claim ${v.persistentVolumeClaim.claimName} (not found)` };
    const spec = claim['spec'] as { volumeName?: string; storageClassName?: string };
    const pv = spec.volumeName ? find(s, 'PersistentVolume', spec.volumeName) : undefined;
    const pvSpec = pv?.['spec'] as { nfs?: { server: string; path: string }; csi?: { driver?: string } } | undefined;
    if (pvSpec?.nfs)
      return {
        nfs: true,
        describe: `claim ${claim.metadata.name} -> PV ${pv!.metadata.name} nfs ${pvSpec.nfs.server}:${pvSpec.nfs.path}`,
      };
    if (pvSpec?.csi?.driver && /nfs/i.test(pvSpec.csi.driver))
      return {
        nfs: true,
        describe: `claim ${claim.metadata.name} -> PV ${pv!.metadata.name} csi ${pvSpec.csi.driver}`,
      };
    const sc = spec.storageClassName ? find(s, 'StorageClass', spec.storageClassName) : undefined;
    const provisioner = sc ? String(sc['provisioner'] ?? '') : '';
    if (/nfs/i.test(provisioner))
      return {
        nfs: true,
        describe: `claim ${claim.metadata.name} -> StorageClass ${sc!.metadata.name} (${provisioner})`,
      };
    return {
      nfs: false,
      describe: `claim ${claim.metadata.name}${spec.storageClassName ? ` (StorageClass ${spec.storageClassName})` : ''}`,
    };
  }
  if (v.hostPath) return { nfs: false, describe: `hostPath ${v.hostPath.path}` };
  if (v.emptyDir !== undefined) return { nfs: false, describe: 'emptyDir' };
  return { nfs: false, describe: 'other volume' };
}

/** Paths that hold configuration or scratch space, not media. */
export const NON_DATA_PATHS = ['/config', '/app/config', '/tmp', '/cache', '/run', '/metadata', '/seed', '/transcode'];

export function isUnder(child: string, parent: string): boolean {
  const p = parent.endsWith('/') && parent !== '/' ? parent.slice(0, -1) : parent;
  const c = child.endsWith('/') && child !== '/' ? child.slice(0, -1) : child;
  return p === '/' || c === p || c.startsWith(`${p}/`);
}
