// The image test runs the container with what deploy/base/dlna-bridge.yaml
// gives it; here: that reading, and the podman flags made from it.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/cli.js';
import { daemonSetContainer, podmanRunFlags } from './daemonset-container.js';

const NODE = { nodeAddress: '192.0.2.10', nodeName: 'node', clusterInterface: 'cni0' };
const manifest = (env: string, securityContext = 'readOnlyRootFilesystem: true'): string => `
apiVersion: v1
kind: ServiceAccount
metadata: { name: x }
---
apiVersion: apps/v1
kind: DaemonSet
metadata: { name: dlna-bridge, namespace: media }
spec:
  template:
    spec:
      securityContext: { runAsUser: 65532, runAsGroup: 65532 }
      containers:
        - name: dlna-bridge
          args: [serve]
          securityContext: { ${securityContext} }
          env:
${env}
`;

describe('the DaemonSet container, outside a cluster', () => {
  it("keeps the manifest's args and literal environment, fills field references with the node's facts", () => {
    const run = daemonSetContainer(
      manifest(`            - { name: DLNA_BRIDGE_LAN_INTERFACE, value: eth0 }
            - { name: DLNA_BRIDGE_ADMIN_ADDRESS, valueFrom: { fieldRef: { fieldPath: status.hostIP } } }
            - { name: NODE_NAME, valueFrom: { fieldRef: { fieldPath: spec.nodeName } } }
            - { name: POD_NAMESPACE, valueFrom: { fieldRef: { fieldPath: metadata.namespace } } }`),
      NODE,
    );
    expect(run.args).toEqual(['serve']);
    expect(run.env).toEqual({
      DLNA_BRIDGE_LAN_INTERFACE: 'eth0',
      DLNA_BRIDGE_ADMIN_ADDRESS: '192.0.2.10',
      NODE_NAME: 'node',
      POD_NAMESPACE: 'media',
    });
    expect(run.replaced).toEqual([]);
  });

  it('replaces the Kubernetes Service and leader election (they need an API server) by SSDP discovery on the pod network', () => {
    const run = daemonSetContainer(
      manifest(`            - { name: DLNA_BRIDGE_KUBERNETES_SERVICE, value: media/jellyfin }
            - { name: DLNA_BRIDGE_ADVERTISE, value: leader }`),
      NODE,
    );
    expect(run.replaced).toEqual(['DLNA_BRIDGE_KUBERNETES_SERVICE', 'DLNA_BRIDGE_ADVERTISE']);
    expect(run.env).toEqual({ DLNA_BRIDGE_CLUSTER_INTERFACE: 'cni0' });
  });

  it('refuses a value it cannot stand in for, naming it', () => {
    expect(() =>
      daemonSetContainer(
        manifest('            - { name: TOKEN, valueFrom: { secretKeyRef: { name: s, key: k } } }'),
        NODE,
      ),
    ).toThrow('env TOKEN: cannot stand in for {"secretKeyRef":{"name":"s","key":"k"}} outside a cluster');
    expect(() => daemonSetContainer('kind: Deployment\n', NODE)).toThrow('no DaemonSet in the manifest');
  });

  it('turns the security context into podman flags: user, read-only root without tmpfs, no privileges', () => {
    const run = daemonSetContainer(
      manifest(
        '            - { name: A, value: "1" }',
        'readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: [ALL] }',
      ),
      NODE,
    );
    expect(podmanRunFlags(run)).toEqual([
      '--user',
      '65532:65532',
      '--read-only',
      '--read-only-tmpfs=false',
      '--security-opt',
      'no-new-privileges',
      '--cap-drop',
      'ALL',
      '--env',
      'A=1',
    ]);
  });

  it("reads the project's own manifest: uid 65532, read-only root, all capabilities dropped, serve on eth0", () => {
    const run = daemonSetContainer(readFileSync(path.join(repoRoot, 'deploy/base/dlna-bridge.yaml'), 'utf8'), NODE);
    expect(run.securityContext).toEqual({
      runAsUser: 65532,
      runAsGroup: 65532,
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      dropAll: true,
    });
    expect(run.args[0]).toBe('serve');
    expect(run.env['DLNA_BRIDGE_LAN_INTERFACE']).toBe('eth0');
  });
});
