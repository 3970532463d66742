// Where the lite client connects and as whom: the pod's service account
// (token re-read as it rotates) and kubeconfig files in the shapes kubectl,
// kind, k3s and client-node write them; plugins are refused with a clear reason.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  inClusterConfig,
  loadLiteKubeConfig,
  LiteKubeConfigError,
  parseKubeConfig,
  TOKEN_REREAD_MS,
} from '../../src/k8s/config.js';
import { kubeRequest } from '../../src/k8s/request.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'lite-kube-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const kubeconfig = (
  user: Record<string, unknown>,
  cluster: Record<string, unknown> = { server: 'https://203.0.113.5:6443' },
  extra: Record<string, unknown> = {},
): string =>
  JSON.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'home', cluster }],
    users: [{ name: 'me', user }],
    contexts: [
      { name: 'home', context: { cluster: 'home', user: 'me', namespace: 'media' } },
      { name: 'other', context: { cluster: 'home', user: 'me' } },
    ],
    'current-context': 'home',
    ...extra,
  });

describe("in-cluster config (the DaemonSet's service account)", () => {
  const sa = (): string => {
    const d = mkdtempSync(path.join(dir, 'sa-'));
    writeFileSync(path.join(d, 'token'), 'token-1\n');
    writeFileSync(path.join(d, 'ca.crt'), '-----BEGIN CERTIFICATE-----\nx\n-----END CERTIFICATE-----\n');
    writeFileSync(path.join(d, 'namespace'), 'media');
    return d;
  };

  it('KUBERNETES_SERVICE_HOST/PORT, the mounted CA, token and namespace', () => {
    const d = sa();
    const c = inClusterConfig({
      KUBERNETES_SERVICE_HOST: '10.43.0.1',
      KUBERNETES_SERVICE_PORT: '443',
      DLNA_BRIDGE_SERVICEACCOUNT_DIR: d,
    });
    expect(c.server.href).toBe('https://10.43.0.1/');
    expect(c.ca?.toString()).toContain('BEGIN CERTIFICATE');
    expect(c.token()).toBe('token-1');
    expect(c.namespace).toBe('media');
    expect(
      inClusterConfig({
        KUBERNETES_SERVICE_HOST: 'fd00::1',
        KUBERNETES_SERVICE_PORT: '6443',
        DLNA_BRIDGE_SERVICEACCOUNT_DIR: d,
      }).server.host,
    ).toBe('[fd00::1]:6443');
  });

  it('the projected token is re-read as it rotates (a long-running bridge never sends an expired one)', () => {
    const d = sa();
    let now = 1_000_000;
    const c = inClusterConfig({ KUBERNETES_SERVICE_HOST: '10.43.0.1', DLNA_BRIDGE_SERVICEACCOUNT_DIR: d }, () => now);
    writeFileSync(path.join(d, 'token'), 'token-2\n');
    expect(c.token()).toBe('token-1'); // not yet due
    now += TOKEN_REREAD_MS;
    expect(c.token()).toBe('token-2');
    rmSync(path.join(d, 'token')); // mid-rotation: keep the last token rather than fail
    now += TOKEN_REREAD_MS;
    expect(c.token()).toBe('token-2');
  });

  it('a missing token is a clear error naming the file', () => {
    const d = sa();
    rmSync(path.join(d, 'token'));
    expect(() => inClusterConfig({ KUBERNETES_SERVICE_HOST: '10.43.0.1', DLNA_BRIDGE_SERVICEACCOUNT_DIR: d })).toThrow(
      /cannot read the service account token .*token/,
    );
  });

  it('loadLiteKubeConfig: $KUBECONFIG first, in-cluster when there is no kubeconfig, else a clear error', () => {
    const d = sa();
    const file = path.join(dir, 'env-config');
    writeFileSync(file, kubeconfig({ token: 't' }));
    const home = mkdtempSync(path.join(dir, 'home-'));
    expect(
      loadLiteKubeConfig({
        env: {
          KUBECONFIG: `${path.join(dir, 'missing')}:${file}`,
          HOME: home,
          KUBERNETES_SERVICE_HOST: '10.43.0.1',
          DLNA_BRIDGE_SERVICEACCOUNT_DIR: d,
        },
      }).source,
    ).toBe(`kubeconfig ${file} (context home)`);
    expect(
      loadLiteKubeConfig({
        env: { HOME: home, KUBERNETES_SERVICE_HOST: '10.43.0.1', DLNA_BRIDGE_SERVICEACCOUNT_DIR: d },
      }).source,
    ).toMatch(/in-cluster/);
    expect(() => loadLiteKubeConfig({ env: { HOME: home } })).toThrow(/no Kubernetes cluster configured/);
    expect(loadLiteKubeConfig({ kubeconfig: file, context: 'other', env: {} }).source).toBe(
      `kubeconfig ${file} (context other)`,
    );
  });
});

describe('kubeconfig files (lite mode)', () => {
  it('current-context, its server, namespace, token and insecure-skip-tls-verify', () => {
    const c = parseKubeConfig(
      kubeconfig({ token: 'abc' }, { server: 'https://203.0.113.5:6443', 'insecure-skip-tls-verify': true }),
    );
    expect(c.server.href).toBe('https://203.0.113.5:6443/');
    expect(c.token()).toBe('abc');
    expect(c.insecureSkipTlsVerify).toBe(true);
    expect(c.namespace).toBe('media');
    expect(c.ca).toBeUndefined();
  });

  it('a named context overrides current-context; an unknown one is an error', () => {
    expect(parseKubeConfig(kubeconfig({ token: 'abc' }), { context: 'other' }).namespace).toBeUndefined();
    expect(() => parseKubeConfig(kubeconfig({ token: 'abc' }), { context: 'nope' })).toThrow(/no context named "nope"/);
  });

  it('certificate-authority-data and client-certificate/key-data (kind, k3s) are base64 PEM', () => {
    const b64 = (s: string): string => Buffer.from(s).toString('base64');
    const c = parseKubeConfig(
      kubeconfig(
        { 'client-certificate-data': b64('CERT'), 'client-key-data': b64('KEY') },
        { server: 'https://203.0.113.5:6443', 'certificate-authority-data': b64('CA') },
      ),
    );
    expect([c.ca?.toString(), c.cert?.toString(), c.key?.toString(), c.token()]).toEqual([
      'CA',
      'CERT',
      'KEY',
      undefined,
    ]);
  });

  it("certificate-authority and client-certificate/key as files, relative to the kubeconfig's directory", () => {
    const d = mkdtempSync(path.join(dir, 'files-'));
    writeFileSync(path.join(d, 'ca.pem'), 'CA-FILE');
    writeFileSync(path.join(d, 'me.crt'), 'CERT-FILE');
    writeFileSync(path.join(d, 'me.key'), 'KEY-FILE');
    const file = path.join(d, 'config');
    writeFileSync(
      file,
      kubeconfig(
        { 'client-certificate': 'me.crt', 'client-key': path.join(d, 'me.key') },
        { server: 'https://203.0.113.5:6443', 'certificate-authority': 'ca.pem' },
      ),
    );
    const c = loadLiteKubeConfig({ kubeconfig: file });
    expect([c.ca?.toString(), c.cert?.toString(), c.key?.toString()]).toEqual(['CA-FILE', 'CERT-FILE', 'KEY-FILE']);
    writeFileSync(
      file,
      kubeconfig({ token: 't' }, { server: 'https://203.0.113.5:6443', 'certificate-authority': 'gone.pem' }),
    );
    expect(() => loadLiteKubeConfig({ kubeconfig: file })).toThrow(/cannot read certificate-authority .*gone\.pem/);
  });

  it('YAML as kubectl writes it', () => {
    const c = parseKubeConfig(
      [
        'apiVersion: v1',
        'clusters:',
        '- cluster:',
        '    server: https://203.0.113.5:6443',
        '  name: home',
        'contexts:',
        '- context:',
        '    cluster: home',
        '    user: me',
        '  name: home',
        'current-context: home',
        'users:',
        '- name: me',
        '  user:',
        '    token: yaml-token',
      ].join('\n'),
    );
    expect([c.server.host, c.token()]).toEqual(['203.0.113.5:6443', 'yaml-token']);
  });

  it('exec and auth-provider plugins are refused, saying lite mode does not run them and what to use instead', () => {
    const exec = kubeconfig({
      exec: { apiVersion: 'client.authentication.k8s.io/v1', command: 'aws', args: ['eks', 'get-token'] },
    });
    expect(() => parseKubeConfig(exec, { file: '/home/me/.kube/config' })).toThrow(LiteKubeConfigError);
    expect(() => parseKubeConfig(exec, { file: '/home/me/.kube/config' })).toThrow(
      /kubeconfig \/home\/me\/.kube\/config: user "me" authenticates with an exec plugin, which the bridge daemon's lite Kubernetes client does not support .*use a token, a client certificate, or the in-cluster service account/,
    );
    expect(() => parseKubeConfig(kubeconfig({ 'auth-provider': { name: 'oidc' } }))).toThrow(
      /auth-provider plugin.*does not support/,
    );
  });

  it('malformed documents are clear errors, not crashes', () => {
    expect(() => parseKubeConfig('a: [')).toThrow(/not valid YAML/);
    expect(() => parseKubeConfig('42')).toThrow(/not a kubeconfig document/);
    expect(() => parseKubeConfig(kubeconfig({}, {}, { 'current-context': '' }))).toThrow(/no current-context/);
    expect(() => parseKubeConfig(kubeconfig({}, {}))).toThrow(/has no server/);
    expect(() => parseKubeConfig(kubeconfig({}, { server: 'ftp://x' }))).toThrow(/https:\/\/ or http:\/\//);
    expect(() => parseKubeConfig(kubeconfig({ 'client-certificate-data': 'Q0VSVA==' }))).toThrow(
      /both client-certificate and client-key/,
    );
    expect(() => parseKubeConfig('a: &x 1\nb: *x')).toThrow(/not valid YAML/);
  });
});

describe("TLS: the API server's CA is checked; client certificates are sent", () => {
  it('a request with the right CA and a client certificate succeeds; without the CA it is refused', async () => {
    const d = mkdtempSync(path.join(dir, 'tls-'));
    const ssl = (...args: string[]): void => void execFileSync('openssl', args, { cwd: d, stdio: 'ignore' });
    ssl(
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      'ca.key',
      '-out',
      'ca.crt',
      '-subj',
      '/CN=test-ca',
      '-days',
      '1',
    );
    ssl(
      'req',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      'srv.key',
      '-out',
      'srv.csr',
      '-subj',
      '/CN=127.0.0.1',
    );
    writeFileSync(path.join(d, 'ext'), 'subjectAltName=IP:127.0.0.1\n');
    ssl(
      'x509',
      '-req',
      '-in',
      'srv.csr',
      '-CA',
      'ca.crt',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      'srv.crt',
      '-days',
      '1',
      '-extfile',
      'ext',
    );
    ssl(
      'req',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      'me.key',
      '-out',
      'me.csr',
      '-subj',
      '/CN=dlna-bridge',
    );
    ssl(
      'x509',
      '-req',
      '-in',
      'me.csr',
      '-CA',
      'ca.crt',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-out',
      'me.crt',
      '-days',
      '1',
    );
    const read = (f: string): Buffer => readFileSync(path.join(d, f));
    const server = https.createServer(
      { key: read('srv.key'), cert: read('srv.crt'), ca: read('ca.crt'), requestCert: true, rejectUnauthorized: false },
      (req, res) => {
        const peer = (req.socket as TLSSocket).getPeerCertificate();
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ cn: peer?.subject?.CN ?? null }));
      },
    );
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const port = (server.address() as AddressInfo).port;
      const file = path.join(d, 'config');
      writeFileSync(
        file,
        kubeconfig(
          { 'client-certificate': 'me.crt', 'client-key': 'me.key' },
          { server: `https://127.0.0.1:${port}`, 'certificate-authority': 'ca.crt' },
        ),
      );
      expect(await kubeRequest(loadLiteKubeConfig({ kubeconfig: file }), { path: '/version' })).toEqual({
        cn: 'dlna-bridge',
      });
      writeFileSync(file, kubeconfig({ token: 't' }, { server: `https://127.0.0.1:${port}` }));
      await expect(kubeRequest(loadLiteKubeConfig({ kubeconfig: file }), { path: '/version' })).rejects.toThrow(
        /GET \/version: .*(self-signed|unable to verify|certificate)/i,
      );
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });
});
