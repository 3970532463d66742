// The real CLI (`dlna-bridge serve`, built dist/) in network namespaces:
//   - an upstream whose name does not resolve: one warn line with the reason
//     in words by the end of the first look, no repeat on later polls, and
//     /readyz carries it;
//   - an upstream URL with userinfo and a query (user:pass@...?api_key=...):
//     the secrets appear nowhere a person or a LAN client can read: stdout,
//     stderr (at debug level), /metrics, /readyz, the proxy's 502 page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import { Testbed } from '../helpers/netns.js';
import { requirementsMet } from '../helpers/requirements.js';
import { cliPath } from '../helpers/cli.js';
import { sleep, waitFor } from '../helpers/topology.js';
import { minidlnaDescription } from '../fixtures/upstreams/minidlna-like.js';
import { upstreamKey } from '../../src/bridge/catalog/identity.js';
import { conventionBreaches, PROM_CLIENT_EXEMPT } from '../bridge/admin/prom-conventions.js';

// The "node" namespace has loopback and one veth to a "tv" namespace on
// 192.0.2.0/24, and no other route: the resolver's nameserver is unreachable,
// so no DNS query for nosuchname.invalid (.invalid never resolves anyway,
// RFC 6761) can leave the machine.

const run = requirementsMet(['ip', 'curl']);
const NODE_IP = '192.0.2.10';
const TV_IP = '192.0.2.50';
const ADMIN = 'http://127.0.0.1:9180';

let bed: Testbed;

beforeAll(async () => {
  if (!run) return;
  await Testbed.removeStale('dbtobs');
  bed = new Testbed('dbtobs');
  const node = await bed.addNamespace('node');
  const tv = await bed.addNamespace('tv');
  await bed.link({
    a: { ns: node, ifname: 'eth0', cidr: `${NODE_IP}/24` },
    b: { ns: tv, ifname: 'eth0', cidr: `${TV_IP}/24` },
  });
}, 30_000);

afterAll(async () => {
  await bed?.destroy();
});

interface Serve {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  lines: () => Array<Record<string, unknown>>;
  stop: () => Promise<void>;
}

function serve(args: string[]): Serve {
  const child = bed.spawn('node', process.execPath, [
    cliPath,
    'serve',
    '--lan-interface',
    'eth0',
    '--admin-port',
    '9180',
    ...args,
  ]);
  let out = '';
  let err = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    lines: () =>
      err
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as Record<string, unknown>),
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** GET from inside a namespace: status and body. */
async function get(ns: string, url: string): Promise<{ status: number; body: string }> {
  const r = await bed.run(ns, 'curl', ['-s', '--max-time', '5', '-w', '\n%{http_code}', url]);
  const at = r.stdout.lastIndexOf('\n');
  return { status: Number(r.stdout.slice(at + 1)), body: r.stdout.slice(0, at) };
}

describe.skipIf(!run)('serve says why an upstream is not usable', () => {
  it('an unresolvable name: one warn line with the reason in the first look, none on later polls, and /readyz carries it', async () => {
    const s = serve(['--upstream', 'http://nosuchname.invalid:8096', '--poll-interval', '2']);
    try {
      await waitFor(
        'bridge started',
        () => (s.lines().some((l) => l['msg'] === 'bridge started') ? true : undefined),
        15_000,
      );
      const msgs = s.lines().map((l) => l['msg']);
      const warns = (): Array<Record<string, unknown>> =>
        s.lines().filter((l) => l['level'] === 'warn' && l['upstream'] === 'nosuchname.invalid:8096');
      // The first look ends before "bridge started": the reason is there within one poll.
      expect(msgs.indexOf('upstream unavailable')).toBeGreaterThanOrEqual(0);
      expect(msgs.indexOf('upstream unavailable')).toBeLessThan(msgs.indexOf('bridge started'));
      expect(warns()).toEqual([
        expect.objectContaining({
          level: 'warn',
          msg: 'upstream unavailable',
          kind: 'dns',
          reason: expect.stringMatching(/^name does not resolve: .*nosuchname\.invalid/),
        }),
      ]);
      const ready = await get('node', `${ADMIN}/readyz`);
      expect(ready.status).toBe(503);
      const body = JSON.parse(ready.body);
      expect(body.reason).toMatch(
        /^upstreams: no upstream media server is up \(nosuchname\.invalid:8096: name does not resolve/,
      );
      expect(body.upstreams).toEqual([
        {
          name: 'nosuchname.invalid:8096',
          state: 'down',
          since: expect.any(String),
          lastError: { kind: 'dns', reason: expect.stringMatching(/^name does not resolve/), at: expect.any(String) },
        },
      ]);
      // Two more polls with the same reason: still the one line.
      await sleep(4_500);
      expect(warns()).toHaveLength(1);
      const metrics = await get('node', `${ADMIN}/metrics`);
      expect(metrics.body).toMatch(/^dlna_bridge_upstream_up\{upstream="nosuchname\.invalid:8096"\} 0$/m);
    } finally {
      await s.stop();
    }
  }, 40_000);

  it('user:pass@ and ?api_key= in --upstream appear nowhere: logs, /metrics, /readyz, the 502 page', async () => {
    const secrets = ['alice', 'S3cretPass', 'K3yS3cret', 'Q5ecret'];
    const udn = 'uuid:5ec7e700-0000-4000-8000-00000000c0de';
    const description = minidlnaDescription('http://127.0.0.1:18200', udn, 'Secret Test Server');
    const upstream = bed.spawn(
      'node',
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `import http from 'node:http';
       http.createServer((req, res) => {
         if (req.url.startsWith('/rootDesc.xml')) { res.writeHead(200, { 'content-type': 'text/xml' }); res.end(process.env.DESC); }
         else { res.writeHead(404); res.end(); }
       }).listen(18200, '127.0.0.1', () => console.log('listening'));`,
      ],
      { env: { ...process.env, DESC: description } },
    );
    await new Promise<void>((resolve, reject) => {
      upstream.stdout!.once('data', () => resolve());
      upstream.once('exit', (code) => reject(new Error(`fake upstream exited (${code})`)));
    });
    const s = serve([
      '--upstream',
      'http://alice:S3cretPass@127.0.0.1:18200/rootDesc.xml?api_key=K3yS3cret&Other=Q5ecret',
      '--poll-interval',
      '1',
      '--log-level',
      'debug',
    ]);
    let page: string;
    let readyz = '';
    let metrics: string;
    try {
      await waitFor(
        'the upstream up',
        async () => ((await get('node', `${ADMIN}/readyz`)).status === 200 ? true : undefined),
        15_000,
      );
      readyz += (await get('node', `${ADMIN}/readyz`)).body;
      const key = upstreamKey(udn);
      const through = await get('tv', `http://${NODE_IP}:8200/u/${key}/rootDesc.xml`);
      expect(through.status).toBe(200);
      upstream.kill('SIGKILL');
      await waitFor(
        'the upstream down',
        async () => ((await get('node', `${ADMIN}/readyz`)).status === 503 ? true : undefined),
        15_000,
      );
      const bad = await get('tv', `http://${NODE_IP}:8200/u/${key}/rootDesc.xml`);
      expect(bad.status).toBe(502);
      // The server's name, not its address.
      expect(bad.body).toBe('Bad Gateway: media server "Secret Test Server" is down\n');
      page = bad.body;
      readyz += (await get('node', `${ADMIN}/readyz`)).body;
      metrics = (await get('node', `${ADMIN}/metrics`)).body;
    } finally {
      upstream.kill('SIGKILL');
      await s.stop();
    }
    expect(JSON.parse(readyz.slice(readyz.lastIndexOf('{"ready"'))).upstreams).toEqual([
      expect.objectContaining({
        name: '127.0.0.1:18200/rootDesc.xml',
        state: 'down',
        lastError: expect.objectContaining({ kind: 'refused' }),
      }),
    ]);
    expect(metrics).toContain('dlna_bridge_upstream_up{upstream="127.0.0.1:18200/rootDesc.xml"} 0');
    expect(conventionBreaches(metrics, { exempt: PROM_CLIENT_EXEMPT, secrets })).toEqual([]);
    // The daemon did log the upstream (up, added, down): only never its secrets.
    expect(s.stderr()).toContain('127.0.0.1:18200/rootDesc.xml');
    for (const [where, text] of Object.entries({ stdout: s.stdout(), stderr: s.stderr(), metrics, readyz, page })) {
      for (const secret of secrets) expect(text.includes(secret), `${secret} in ${where}`).toBe(false);
    }
  }, 60_000);

  it("--admin-address on the node: by default the node's subnets may scrape (and the log says so); --admin-allow narrows it, the node itself always allowed", async () => {
    const metricsOnNode = `http://${NODE_IP}:9180/metrics`;
    const open = serve(['--upstream', 'http://192.0.2.99:8200/rootDesc.xml', '--admin-address', NODE_IP]);
    try {
      await waitFor(
        'bridge started',
        () => (open.lines().some((l) => l['msg'] === 'bridge started') ? true : undefined),
        15_000,
      );
      expect(
        open.lines().find((l) => /admin server open to this node's own subnets/.test(String(l['msg']))),
      ).toMatchObject({ allow: expect.arrayContaining(['192.0.2.0/24']) });
      expect((await get('tv', metricsOnNode)).status).toBe(200);
    } finally {
      await open.stop();
    }
    const narrow = serve([
      '--upstream',
      'http://192.0.2.99:8200/rootDesc.xml',
      '--admin-address',
      NODE_IP,
      '--admin-allow',
      '198.51.100.0/24',
    ]);
    try {
      await waitFor(
        'bridge started',
        () => (narrow.lines().some((l) => l['msg'] === 'bridge started') ? true : undefined),
        15_000,
      );
      const refused = await get('tv', metricsOnNode);
      expect(refused).toEqual({ status: 403, body: `Forbidden: ${TV_IP} is not in --admin-allow\n` });
      expect((await get('node', metricsOnNode)).status).toBe(200);
    } finally {
      await narrow.stop();
    }
  }, 60_000);
});
