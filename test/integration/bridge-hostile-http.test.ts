// A hostile upstream and LAN against the real daemon (`dlna-bridge serve`) in
// namespaces: a hostile upstream in the pod (test/fixtures/upstreams/
// hostile.ts), hostile hosts on the LAN, and a normal TV that must keep being
// served.
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { upstreamKey } from '../../src/bridge/catalog/identity.js';
import { repoRoot } from '../helpers/cli.js';
import { requirementsMet } from '../helpers/requirements.js';
import { execIn, NODE_LAN_IP, POD_IP, sleep, Topology, type RunningBridge } from '../helpers/topology.js';
import { HOSTILE_UDN } from '../fixtures/upstreams/hostile.js';

// What must hold:
//   1. smuggling: a GET with Transfer-Encoding: chunked carrying a SUBSCRIBE
//      (CALLBACK to a third address) and a DELETE (X-Forwarded-For: 127.0.0.1)
//      must not reach the keep-alive upstream as extra requests;
//   2. an upstream answering 099/000/garbage/huge headers/a reset must give
//      502s, and the daemon must not exit;
//   3. 200 clients asking for an 8 MiB XML answer and never reading it must not
//      push the daemon's RSS past the DaemonSet's limit (256 MiB);
//   4. a TV keeps being served while one host holds 300 idle connections, or
//      70 paused media streams.

const TOOLS = ['ip', 'curl'];
const UPSTREAM_PORT = 8300;
const KEY = upstreamKey(HOSTILE_UDN);
const BASE = `http://${NODE_LAN_IP}:8200/u/${KEY}`;
const DAEMONSET_LIMIT = 256 * 1024 * 1024;
const MiB = 1024 * 1024;

/** The hostile fixture, transpiled and run in the pod on 0.0.0.0; every request it sees is a JSON line. */
async function startHostileInPod(
  topo: Topology,
): Promise<{ seen: Array<{ method: string; url: string }>; child: ChildProcess }> {
  const ts = (await import('typescript')).default;
  const dir = await topo.tempDir('hostile-upstream');
  await mkdir(dir, { recursive: true });
  const source = await readFile(path.join(repoRoot, 'test/fixtures/upstreams/hostile.ts'), 'utf8');
  const out = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  });
  await writeFile(path.join(dir, 'hostile.js'), out.outputText);
  await writeFile(path.join(dir, 'package.json'), '{"type":"module"}\n');
  await writeFile(
    path.join(dir, 'main.js'),
    `import { startHostileUpstream } from './hostile.js';
     await startHostileUpstream({ selfHost: '${POD_IP}', onRequest: (r) => process.stdout.write(JSON.stringify({ method: r.method, url: r.url }) + '\\n') }, ${UPSTREAM_PORT}, '0.0.0.0');
     process.stdout.write('{"ready":true}\\n');
`,
  );
  const child = topo.bed.spawn('pod', process.execPath, [path.join(dir, 'main.js')]);
  const seen: Array<{ method: string; url: string }> = [];
  await new Promise<void>((resolve, reject) => {
    let err = '';
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.once('exit', (code) => reject(new Error(`hostile upstream exited ${code}: ${err}`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const m = JSON.parse(line) as { ready?: boolean; method: string; url: string };
      if (m.ready) resolve();
      else seen.push(m);
    });
  });
  return { seen, child };
}

/** A node script in a namespace that prints "ready" when its attack is in place, and its result as JSON when done. */
function spawnScript(
  topo: Topology,
  ns: string,
  code: string,
): { ready: Promise<unknown>; done: Promise<unknown>; child: ChildProcess } {
  const child = topo.bed.spawn(ns, process.execPath, ['--input-type=module', '-e', code]);
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const lines: unknown[] = [];
  const waiters: Array<(v: unknown) => void> = [];
  createInterface({ input: child.stdout! }).on('line', (line) => {
    const v = JSON.parse(line) as unknown;
    const w = waiters.shift();
    if (w) w(v);
    else lines.push(v);
  });
  const next = (): Promise<unknown> =>
    new Promise((resolve, reject) => {
      if (lines.length) return resolve(lines.shift());
      waiters.push(resolve);
      child.once('exit', (c) => reject(new Error(`script in ${ns} exited ${c}: ${err}`)));
    });
  const ready = next();
  const done = ready.then(next);
  // Killed early by a failing test: that test reports, not an unhandled rejection.
  done.catch(() => {});
  return { ready, done, child };
}

/** Opens `count` sockets to the bridge from the given local addresses, asks `path` on each, reads the first chunk, pauses. */
function nonReadersCode(addresses: string[], count: number, path: string, holdMs: number): string {
  return `
    import net from 'node:net';
    const addresses = ${JSON.stringify(addresses)};
    const statuses = {};
    const sockets = [];
    await Promise.all(Array.from({ length: ${count} }, (_, i) => new Promise((resolve) => {
      const s = net.connect({ host: '${NODE_LAN_IP}', port: 8200, localAddress: addresses[i % addresses.length] }, () => s.write('GET ${path} HTTP/1.1\\r\\nHost: ${NODE_LAN_IP}:8200\\r\\n\\r\\n'));
      const done = (status) => { statuses[status] = (statuses[status] ?? 0) + 1; resolve(); };
      const timer = setTimeout(() => done('none'), 30000);
      s.once('data', (d) => { clearTimeout(timer); s.pause(); done(/^HTTP\\/1\\.1 (\\d{3})/.exec(d.toString('latin1'))?.[1] ?? 'garbled'); });
      s.on('error', () => {});
      s.on('close', () => { clearTimeout(timer); done('closed'); });
      sockets.push(s);
    })));
    process.stdout.write(JSON.stringify(statuses) + '\\n');
    setTimeout(() => { process.stdout.write('{}\\n'); process.exit(0); }, ${holdMs});
  `;
}

function rssOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (name: string): number =>
    Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
  return { rss: kib('VmRSS'), peak: kib('VmHWM') };
}

/** `count` curls from a namespace, one after another, each with a deadline: the HTTP codes. */
async function curlCodes(topo: Topology, from: string, url: string, count: number, maxTime = 3): Promise<string[]> {
  const codes: string[] = [];
  for (let i = 0; i < count; i++) {
    const r = await execIn(
      topo.ns(from),
      'curl',
      ['-s', '-o', '/dev/null', '-w', '%{http_code}', '--max-time', String(maxTime), url],
      (maxTime + 5) * 1000,
    );
    codes.push(r.stdout.trim());
  }
  return codes;
}

describe.skipIf(!requirementsMet(TOOLS))('bridge on a hostile LAN, in front of a hostile upstream', () => {
  let topo: Topology;
  let bridge: RunningBridge;
  let upstream: { seen: Array<{ method: string; url: string }>; child: ChildProcess };

  beforeAll(async () => {
    topo = await Topology.create({ tvs: 3, family: 'dbthh' });
    upstream = await startHostileInPod(topo);
    bridge = await topo.startBridge(['--upstream', `http://${POD_IP}:${UPSTREAM_PORT}/desc.xml`]);
    // The catalog has the upstream once its description answers through the proxy.
    for (let i = 0; i < 50; i++) {
      const r = await topo.get('tv3', `${BASE}/desc.xml`).catch(() => undefined);
      if (r?.status === 200) break;
      await sleep(200);
    }
  });
  afterAll(async () => {
    await bridge?.stop('SIGKILL');
    upstream?.child.kill('SIGKILL');
    await topo?.destroy();
  });

  it('1. smuggling: a GET/HEAD/OPTIONS with Transfer-Encoding: chunked carrying a SUBSCRIBE (foreign CALLBACK) and a DELETE (X-Forwarded-For: 127.0.0.1) gets 400; the upstream sees neither', async () => {
    const smuggled =
      'SUBSCRIBE /evt/ContentDir HTTP/1.1\r\nHost: x\r\nCALLBACK: <http://203.0.113.9:4000/evt>\r\nNT: upnp:event\r\n\r\n' +
      'DELETE /desc.xml HTTP/1.1\r\nHost: x\r\nX-Forwarded-For: 127.0.0.1\r\n\r\n';
    const before = upstream.seen.length;
    for (const method of ['GET', 'HEAD', 'OPTIONS']) {
      const raw = `${method} /u/${KEY}/desc.xml HTTP/1.1\r\nHost: ${NODE_LAN_IP}:8200\r\nTransfer-Encoding: chunked\r\n\r\n${smuggled.length.toString(16)}\r\n${smuggled}\r\n0\r\n\r\n`;
      const code = `
        import net from 'node:net';
        const s = net.connect(8200, '${NODE_LAN_IP}', () => s.write(${JSON.stringify(raw)}));
        let out = '';
        s.on('data', (d) => (out += d));
        const end = () => { process.stdout.write(JSON.stringify(out.split('\\r\\n')[0])); process.exit(0); };
        s.on('close', end);
        setTimeout(end, 3000);
      `;
      const r = await execIn(topo.ns('tv1'), process.execPath, ['--input-type=module', '-e', code]);
      expect(JSON.parse(r.stdout), method).toMatch(/^HTTP\/1\.1 400 /);
    }
    // The control: sent directly, that SUBSCRIBE is refused (CallStranger).
    const direct = await execIn(topo.ns('tv1'), 'curl', [
      '-s',
      '-o',
      '/dev/null',
      '-w',
      '%{http_code}',
      '-X',
      'SUBSCRIBE',
      '-H',
      'CALLBACK: <http://203.0.113.9:4000/evt>',
      '-H',
      'NT: upnp:event',
      `${BASE}/evt/ContentDir`,
    ]);
    expect(direct.stdout).toBe('403');
    await sleep(500);
    const methods = upstream.seen.slice(before).map((r) => r.method);
    expect(methods).not.toContain('SUBSCRIBE');
    expect(methods).not.toContain('DELETE');
  });

  it('2. an upstream answering 099, 000, garbage, huge headers or a reset mid-body: 502 each, and the daemon goes on', async () => {
    for (const p of [
      '/status/099',
      '/status/000',
      '/garbage',
      '/huge-headers?kib=64',
      '/reset?type=xml&bytes=300000',
    ]) {
      const [code] = await curlCodes(topo, 'tv1', `${BASE}${p}`, 1, 5);
      expect(code, p).toBe('502');
    }
    expect((await curlCodes(topo, 'tv1', `${BASE}/reason`, 1))[0]).toBe('200');
    expect(bridge.process.exitCode).toBeNull();
    expect((await curlCodes(topo, 'tv3', `${BASE}/desc.xml`, 1))[0]).toBe('200');
    expect((await bridge.admin('/healthz')).status).toBe(200);
  });

  it('3. 200 clients (100 addresses) asking for an 8 MiB XML answer and never reading: RSS stays under the DaemonSet limit, the TV is still served', async () => {
    const addresses = Array.from({ length: 100 }, (_, i) => `192.0.2.${100 + i}`);
    for (const a of addresses) await topo.bed.exec('tv2', 'ip', ['addr', 'add', `${a}/24`, 'dev', 'eth0']);
    const pid = bridge.process.pid!;
    const before = rssOf(pid).rss;
    let peak = before;
    const probe = setInterval(() => {
      try {
        peak = Math.max(peak, rssOf(pid).rss);
      } catch {
        // gone: the assertions below say so
      }
    }, 100);
    const attack = spawnScript(topo, 'tv2', nonReadersCode(addresses, 200, `/u/${KEY}/xml?bytes=${8 * MiB}`, 8_000));
    try {
      const statuses = (await attack.ready) as Record<string, number>;
      // While the answers that fitted are held (the others got 503), the TV browses.
      const tv = await curlCodes(topo, 'tv3', `${BASE}/xml?bytes=100000`, 5, 5);
      await attack.done;
      clearInterval(probe);
      console.log(
        `daemon RSS: ${(before / MiB).toFixed(0)} MiB before, peak ${(peak / MiB).toFixed(0)} MiB with 200 non-reading clients (${JSON.stringify(statuses)})`,
      );
      expect(bridge.process.exitCode).toBeNull();
      expect(peak).toBeLessThan(DAEMONSET_LIMIT);
      expect(statuses['200']).toBeGreaterThan(0);
      expect((statuses['200'] ?? 0) + (statuses['503'] ?? 0)).toBe(200);
      expect(tv).toEqual(['200', '200', '200', '200', '200']);
    } finally {
      clearInterval(probe);
      attack.child.kill('SIGKILL');
    }
  });

  it('4a. one host holds 300 idle connections: the TV gets every answer', async () => {
    const code = `
      import net from 'node:net';
      const sockets = await Promise.all(Array.from({ length: 300 }, () => new Promise((resolve) => {
        const s = net.connect(8200, '${NODE_LAN_IP}', () => resolve(s));
        s.on('error', () => resolve(s));
      })));
      process.stdout.write(JSON.stringify({ opened: sockets.length }) + '\\n');
      setTimeout(() => { process.stdout.write(JSON.stringify({ open: sockets.filter((s) => !s.destroyed && s.readyState === 'open').length }) + '\\n'); process.exit(0); }, 8000);
    `;
    const attack = spawnScript(topo, 'tv1', code);
    try {
      await attack.ready;
      await sleep(500);
      const codes = await curlCodes(topo, 'tv3', `${BASE}/desc.xml`, 20);
      expect(codes.filter((c) => c === '200')).toHaveLength(20);
      const { open } = (await attack.done) as { open: number };
      expect(open).toBeLessThanOrEqual(32);
    } finally {
      attack.child.kill('SIGKILL');
    }
  });

  it("4b. one host holds 70 paused media streams: the TV's own stream starts at once", async () => {
    const attack = spawnScript(
      topo,
      'tv1',
      nonReadersCode([topo.offSubnet ?? '192.0.2.50'], 70, `/u/${KEY}/media?bytes=${4 * 1024 * MiB}`, 10_000),
    );
    try {
      const statuses = (await attack.ready) as Record<string, number>;
      expect(statuses['200'] ?? 0).toBeLessThanOrEqual(16);
      const codes = await curlCodes(topo, 'tv3', `${BASE}/media?bytes=1000000`, 5);
      expect(codes).toEqual(['200', '200', '200', '200', '200']);
    } finally {
      attack.child.kill('SIGKILL');
    }
  });
});
