// The proxy on a hostile LAN (issue 10), in three figures, each against a
// baseline from the same run:
// - memory: 200 clients, each from its own address, ask for an 8 MiB XML
//   answer (rewritable, so the proxy must hold it) and never read it. The
//   proxy process's peak RSS, against the DaemonSet's memory limit (256 MiB,
//   deploy/base/dlna-bridge.yaml) and against its RSS before the attack.
// - 300 idle connections from one host: a normal client's success rate
//   (answered 200 within 3 s), against its rate with no attack.
// - 70 paused media streams from one host: the same figure for a normal
//   client's media requests.
// Client, proxy (the daemon's defaults) and upstream are three processes on
// loopback; each 127.x.y.z source address is a different LAN host.
// Usage: node bench/proxy-hostile.mjs [--clients 200] [--xml 8M] [--idle 300] [--streams 70] [--requests 40]
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import { readFileSync } from 'node:fs';
import { upstreamAndProxyProcesses, isBenchMain, sizeFlag } from './proxy-lib/setup.mjs';

const DAEMONSET_LIMIT = 256 * 1024 * 1024;
const MEDIA_BLOCK = Buffer.alloc(64 * 1024, 0x47);
let xml;

/** The upstream (in its process): /xml: an XML answer naming the upstream in every item; /media: a long stream; /small: 1 KiB of XML. */
export function serve(req, res, { xmlBytes }) {
  const self = `http://127.0.0.1:${req.socket.localPort}`;
  if (req.url.endsWith('/xml')) {
    if (!xml) {
      const item = (i) =>
        `<item id="${i}"><dc:title>Episode ${i} of a long-running series, with a long title</dc:title><res>${self}/MediaItems/${i}.mkv</res></item>`;
      const parts = ['<?xml version="1.0"?><DIDL-Lite>'];
      let size = parts[0].length + 12;
      for (let i = 0; size + item(i).length < xmlBytes; i++) size += parts[parts.push(item(i)) - 1].length;
      parts.push(' '.repeat(xmlBytes - size), '</DIDL-Lite>');
      xml = Buffer.from(parts.join(''));
    }
    res.writeHead(200, { 'Content-Type': 'text/xml; charset="utf-8"', 'Content-Length': xml.length });
    return res.end(xml);
  }
  if (req.url.endsWith('/small')) {
    const body = `<?xml version="1.0"?><a><res>${self}/x.mkv</res>${' '.repeat(900)}</a>`;
    res.writeHead(200, { 'Content-Type': 'text/xml', 'Content-Length': Buffer.byteLength(body) });
    return res.end(body);
  }
  const total = req.url.endsWith('/long') ? 64 * 1024 ** 3 : 1024 * 1024;
  res.writeHead(200, { 'Content-Type': 'video/mp4', 'Content-Length': total });
  let sent = 0;
  const pump = () => {
    while (sent < total) {
      const n = Math.min(MEDIA_BLOCK.length, total - sent);
      sent += n;
      if (!res.write(MEDIA_BLOCK.subarray(0, n))) return res.once('drain', pump);
    }
    res.end();
  };
  res.on('close', () => (sent = total));
  pump();
}

/** RSS and peak RSS (bytes) of a process, from /proc. */
function memory(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
  return { rss: kib('VmRSS'), peak: kib('VmHWM') };
}

/** A client that asks and never reads: takes the first chunk (the status line), then pauses. */
function nonReader(origin, path, localAddress) {
  const { port } = new URL(origin);
  return new Promise((resolve) => {
    const socket = net.connect({ port: Number(port), host: '127.0.0.1', localAddress }, () =>
      socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`),
    );
    const timer = setTimeout(() => resolve({ status: 'no answer', socket }), 30_000);
    socket.once('data', (d) => {
      clearTimeout(timer);
      socket.pause();
      resolve({ status: /^HTTP\/1\.1 (\d{3})/.exec(d.toString('latin1'))?.[1] ?? 'garbled', socket });
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ status: 'closed', socket });
    });
  });
}

function get(url, localAddress, deadlineMs) {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const req = http.get(url, { agent: false, localAddress }, (res) => {
      res.resume();
      res.on('end', () => resolve({ ok: res.statusCode === 200, ms: performance.now() - t0 }));
      res.on('error', () => resolve({ ok: false, ms: performance.now() - t0 }));
    });
    req.setTimeout(deadlineMs, () => req.destroy());
    req.on('error', () => resolve({ ok: false, ms: performance.now() - t0 }));
  });
}

/** A normal client: `count` requests one after another, each on its own connection; share answered 200 within the deadline. */
async function successRate(url, localAddress, count, deadlineMs = 3_000) {
  let ok = 0;
  const times = [];
  for (let i = 0; i < count; i++) {
    const r = await get(url, localAddress, deadlineMs);
    if (r.ok) ok++;
    times.push(r.ms);
  }
  times.sort((a, b) => a - b);
  return { rate: ok / count, p50: times[times.length >> 1] };
}

const tally = (xs) =>
  Object.entries(xs.reduce((m, x) => ((m[x] = (m[x] ?? 0) + 1), m), {}))
    .map(([k, v]) => `${v} x ${k}`)
    .join(', ');
const mib = (b) => (b / 1024 ** 2).toFixed(0);
const pct = (r) => `${(r * 100).toFixed(0)}%`;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function memoryFigure(env, clients, xmlBytes) {
  await get(`${env.proxyOrigin}/small`, '127.0.0.1', 10_000); // warm: catalog, first rewrite
  const before = memory(env.pids.proxy);
  let peak = before.rss;
  const probe = setInterval(() => (peak = Math.max(peak, memory(env.pids.proxy).rss)), 50);
  const t0 = performance.now();
  const attack = Promise.all(
    Array.from({ length: clients }, (_, i) =>
      nonReader(env.proxyOrigin, `${new URL(env.proxyOrigin).pathname}/xml`, `127.0.${10 + (i >> 8)}.${(i & 255) + 1}`),
    ),
  );
  // A normal client while the attack is on (from its start), and after every attacker has its answer.
  const meanwhile = successRate(`${env.proxyOrigin}/small`, '127.0.9.1', 20, 3_000);
  const held = await attack;
  const answeredMs = performance.now() - t0;
  const normal = await meanwhile;
  await sleep(2_000); // held while they do not read
  const during = memory(env.pids.proxy);
  const inside = await env.proxyMemory();
  const after = await successRate(`${env.proxyOrigin}/small`, '127.0.9.1', 10, 3_000);
  clearInterval(probe);
  peak = Math.max(peak, during.rss);
  for (const h of held) h.socket.destroy();
  console.log(`  ${clients} non-reading clients (one address each) of a ${mib(xmlBytes)} MiB XML answer:`);
  console.log(`    answers: ${tally(held.map((h) => h.status))} (all within ${(answeredMs / 1000).toFixed(1)} s)`);
  console.log(
    `    proxy RSS: ${mib(before.rss)} MiB before, ${mib(during.rss)} MiB held, peak ${mib(peak)} MiB (VmHWM ${mib(memory(env.pids.proxy).peak)} MiB)`,
  );
  console.log(
    `    of which, held: V8 heap ${mib(inside.heapUsed)} MiB used of ${mib(inside.heapTotal)}, buffers ${mib(inside.arrayBuffers)} MiB, external ${mib(inside.external)} MiB`,
  );
  console.log(
    `    peak / DaemonSet limit (256 MiB): ${(peak / DAEMONSET_LIMIT).toFixed(2)}; peak / before: ${(peak / before.rss).toFixed(1)}`,
  );
  console.log(
    `    a normal client (small XML, 3 s deadline): ${pct(normal.rate)} answered from the attack's start (p50 ${normal.p50.toFixed(0)} ms), ${pct(after.rate)} once all are held (p50 ${after.p50.toFixed(0)} ms)`,
  );
}

async function idleFigure(env, idle, requests) {
  const url = `${env.proxyOrigin}/small`;
  const base = await successRate(url, '127.0.20.2', requests);
  const { port } = new URL(env.proxyOrigin);
  const sockets = await Promise.all(
    Array.from(
      { length: idle },
      () =>
        new Promise((resolve) => {
          const s = net.connect({ port: Number(port), host: '127.0.0.1', localAddress: '127.0.20.1' }, () =>
            resolve(s),
          );
          s.on('error', () => resolve(s));
        }),
    ),
  );
  await sleep(500);
  const under = await successRate(url, '127.0.20.2', requests);
  const open = sockets.filter((s) => !s.destroyed && s.readyState === 'open').length;
  for (const s of sockets) s.destroy();
  console.log(`  one host holds ${idle} idle connections (${open} still open after 0.5 s):`);
  console.log(
    `    normal client, ${requests} requests: ${pct(under.rate)} answered within 3 s (p50 ${under.p50.toFixed(1)} ms); without the attack ${pct(base.rate)} (p50 ${base.p50.toFixed(1)} ms)`,
  );
}

async function streamsFigure(env, streams, requests) {
  const url = `${env.proxyOrigin}/media`;
  const base = await successRate(url, '127.0.21.2', requests);
  const path = `${new URL(env.proxyOrigin).pathname}/long`;
  const paused = await Promise.all(
    Array.from({ length: streams }, () => nonReader(env.proxyOrigin, path, '127.0.21.1')),
  );
  const under = await successRate(url, '127.0.21.2', requests);
  for (const p of paused) p.socket.destroy();
  console.log(`  one host holds ${streams} paused media streams (${tally(paused.map((p) => p.status))}):`);
  console.log(
    `    normal client, ${requests} x 1 MiB media: ${pct(under.rate)} answered within 3 s (p50 ${under.p50.toFixed(1)} ms); without the attack ${pct(base.rate)} (p50 ${base.p50.toFixed(1)} ms)`,
  );
}

async function main() {
  const clients = sizeFlag(process.argv, '--clients', 200);
  const xmlBytes = sizeFlag(process.argv, '--xml', 8 * 1024 ** 2);
  const idle = sizeFlag(process.argv, '--idle', 300);
  const streams = sizeFlag(process.argv, '--streams', 70);
  const requests = sizeFlag(process.argv, '--requests', 40);
  console.log(
    `proxy-hostile: node ${process.version}, ${os.cpus().length} cores, load average ${os.loadavg()[0].toFixed(1)}`,
  );
  // A fresh proxy for each figure: one attack's leftovers must not colour the next.
  for (const figure of [
    (env) => memoryFigure(env, clients, xmlBytes),
    (env) => idleFigure(env, idle, requests),
    (env) => streamsFigure(env, streams, requests),
  ]) {
    const env = await upstreamAndProxyProcesses(import.meta.url, { xmlBytes });
    try {
      await figure(env);
    } finally {
      await env.close();
    }
  }
}

if (isBenchMain()) await main();
