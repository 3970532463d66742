// No cluster, one line: `stack apply`, `stack doctor` and `serve
// --kubernetes-service` first look for a configured cluster and ask its API
// server for /version; without one: exit 2 and one line naming what was tried.
// (HOME is an empty folder, no KUBECONFIG, not in a pod; or a kubeconfig that
// names a closed loopback port.)
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../helpers/cli.js';

let home = '';
let kubeconfig = '';
let closedPort = 0;
const NO_CLUSTER_ENV = {
  KUBECONFIG: undefined,
  KUBERNETES_SERVICE_HOST: undefined,
  KUBERNETES_SERVICE_PORT: undefined,
};

beforeAll(async () => {
  home = mkdtempSync(path.join(tmpdir(), 'stack-nocluster-'));
  // A loopback port that was just free: bound, then closed.
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closedPort = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  kubeconfig = path.join(home, 'closed.kubeconfig');
  writeFileSync(
    kubeconfig,
    `apiVersion: v1\nkind: Config\nclusters:\n- name: lab\n  cluster:\n    server: https://127.0.0.1:${closedPort}\n    insecure-skip-tls-verify: true\ncontexts:\n- name: lab\n  context: {cluster: lab, user: me}\ncurrent-context: lab\nusers:\n- name: me\n  user: {token: t}\n`,
  );
});
afterAll(() => rmSync(home, { recursive: true, force: true }));

const run = (args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> =>
  runCli(args, { env: { HOME: home, ...NO_CLUSTER_ENV, ...env }, timeoutMs: 20_000 });

function expectOneLine(r: CliResult, message: RegExp): void {
  expect(r.code, r.stderr).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr.split('\n')).toHaveLength(2);
  expect(r.stderr).toMatch(message);
}

const COMMANDS: Record<string, string[]> = {
  'stack apply --dry-run': ['stack', 'apply', '--dry-run'],
  'stack doctor': ['stack', 'doctor'],
  'serve --kubernetes-service': ['serve', '--kubernetes-service', 'media/jellyfin', '--lan-interface', 'lo'],
};

describe('no cluster configured: one line naming what was tried, exit 2', () => {
  for (const [name, args] of Object.entries(COMMANDS)) {
    it(name, async () => {
      const r = await run(args);
      const tried = `tried \\$KUBECONFIG \\(not set\\), ${home.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}/\\.kube/config \\(does not exist\\), in-cluster service account \\(KUBERNETES_SERVICE_HOST not set\\)`;
      expectOneLine(
        r,
        new RegExp(
          `^dlna-bridge: no Kubernetes cluster configured: ${tried}; name a kubeconfig file, set \\$KUBECONFIG, or run in a pod\\n$`,
        ),
      );
    });
  }

  it('serve in a pod without its service account token: the token file named', async () => {
    const r = await run(COMMANDS['serve --kubernetes-service']!, {
      KUBERNETES_SERVICE_HOST: '127.0.0.1',
      DLNA_BRIDGE_SERVICEACCOUNT_DIR: home,
    });
    expectOneLine(
      r,
      new RegExp(
        `in-cluster service account \\(${home.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}/token does not exist\\)`,
      ),
    );
  });
});

describe('a kubeconfig naming a closed port: one line naming the server, exit 2', () => {
  for (const [name, args] of Object.entries(COMMANDS)) {
    it(`${name} ($KUBECONFIG)`, async () => {
      const r = await run(args, { KUBECONFIG: kubeconfig });
      expectOneLine(
        r,
        new RegExp(
          `^dlna-bridge: the Kubernetes API server https://127\\.0\\.0\\.1:${closedPort} from .*${path.basename(kubeconfig)}.*\\(context lab\\) does not answer: connection refused\\n$`,
        ),
      );
    });
  }

  it('stack apply --kubeconfig FILE: no FAILED line per object, nothing but the one line', async () => {
    const r = await run(['stack', 'apply', '--kubeconfig', kubeconfig]);
    expectOneLine(r, /does not answer: connection refused/);
  });
});

describe('a kubeconfig client-node refuses or that lacks the context: one line, exit 2', () => {
  it("an http:// server without insecure-skip-tls-verify: client-node's reason with the file and context (no stack trace)", async () => {
    const plain = path.join(home, 'plain-http');
    const text = readFileSync(kubeconfig, 'utf8')
      .replace('https://', 'http://')
      .replace('\n    insecure-skip-tls-verify: true', '');
    writeFileSync(plain, text);
    for (const sub of ['apply', 'doctor']) {
      const r = await run(['stack', sub, '--kubeconfig', plain]);
      expectOneLine(
        r,
        new RegExp(
          `^dlna-bridge: kubeconfig ${plain.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} \\(context lab\\): HTTP protocol is not allowed`,
        ),
      );
    }
  });

  it('--context naming no context: the flag in front', async () => {
    const r = await run(['stack', 'doctor', '--kubeconfig', kubeconfig, '--context', 'nope']);
    expectOneLine(r, /^dlna-bridge: --context: kubeconfig has no context "nope"\n$/);
  });
});

describe('stack help and usage', () => {
  for (const sub of ['render', 'apply', 'doctor']) {
    it(`stack ${sub} --help: an example and the exit codes`, async () => {
      const r = await runCli(['stack', sub, '--help']);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`^ {2}dlna-bridge stack ${sub}\\b`, 'm'));
      expect(r.stdout).toMatch(/^Exit codes: 0 .*; 2 /m);
    });
  }

  it('stack without a subcommand, or with an unknown one: usage on stderr, exit 2', async () => {
    const none = await runCli(['stack']);
    expect(none.code).toBe(2);
    expect(none.stdout).toBe('');
    expect(none.stderr).toContain('Usage: dlna-bridge stack');
    expect(none.stderr).toContain('Example: dlna-bridge stack render --help');
    const unknown = await runCli(['stack', 'rendr']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown command 'rendr'");
  });
});
