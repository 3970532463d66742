// Shared by bench/proxy-*.mjs: an upstream HTTP server on 127.0.0.1 and the
// bridge's proxy in front of it (catalog fed by hand), both on loopback, so
// "direct" and "through the proxy" take the same path but for the proxy hop.
import http from 'node:http';
import net from 'node:net';
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { Catalog } from '../../dist/bridge/catalog/catalog.js';
import { upstreamKey } from '../../dist/bridge/catalog/identity.js';
import { ProxyServer } from '../../dist/bridge/proxy/proxy-server.js';
import { parseCidr } from '../../dist/net/cidr.js';
import { createBridgeMetrics } from '../../dist/bridge/metrics/metrics.js';

export const UDN = 'uuid:4d696e69-444c-164e-9d41-0242ac11be0c';

export function description(selfOrigin) {
  return (
    '<?xml version="1.0"?><root xmlns="urn:schemas-upnp-org:device-1-0"><specVersion><major>1</major><minor>0</minor></specVersion>' +
    '<device><deviceType>urn:schemas-upnp-org:device:MediaServer:1</deviceType><friendlyName>bench</friendlyName>' +
    `<UDN>${UDN}</UDN><presentationURL>${selfOrigin}/</presentationURL><serviceList><service>` +
    '<serviceType>urn:schemas-upnp-org:service:ContentDirectory:1</serviceType><serviceId>urn:upnp-org:serviceId:ContentDirectory</serviceId>' +
    '<controlURL>/ctl/ContentDir</controlURL><eventSubURL>/evt/ContentDir</eventSubURL><SCPDURL>/ContentDir.xml</SCPDURL></service></serviceList></device></root>'
  );
}

export function listen(server, host = '127.0.0.1') {
  return new Promise((resolve) => server.listen(0, host, () => resolve(server.address().port)));
}

/**
 * Starts the upstream (module `upstreamModule`, exporting `serve(req, res)`,
 * given `options` as workerData.options) and the proxy, each in its own worker
 * thread, as they would be separate processes in real life: the client in the
 * main thread then measures the hop, not three parties sharing one event loop.
 */
export async function upstreamAndProxy(upstreamModule, options = {}) {
  const { upstream, proxy, ...origins } = await startPair(startWorker, upstreamModule, options);
  return {
    ...origins,
    async close() {
      await Promise.all([upstream.worker.terminate(), proxy.worker.terminate()]);
    },
  };
}

/** The upstream first (the proxy's catalog needs its address), then the proxy; `start` makes a worker or a process. */
async function startPair(start, upstreamModule, options) {
  const upstream = await start({ role: 'upstream', module: upstreamModule, options });
  const upstreamOrigin = `http://127.0.0.1:${upstream.port}`;
  const proxy = await start({ role: 'proxy', upstreamOrigin });
  return { upstream, proxy, upstreamOrigin, proxyOrigin: `http://127.0.0.1:${proxy.port}/u/${upstreamKey(UDN)}` };
}

/** Set in the child processes of upstreamAndProxyProcesses; a bench module's main() must not run there. */
const CHILD_ENV = 'DLNA_BRIDGE_BENCH_ROLE';

/** True in the process the user started (not a worker, not a bench child): where a bench's main() runs. */
export function isBenchMain() {
  return isMainThread && !process.env[CHILD_ENV];
}

/**
 * Like upstreamAndProxy, but the upstream and the proxy are separate
 * processes, as on a real node: the kernel schedules client, proxy and
 * upstream alike, and `cpu()` reads each one's own CPU time
 * (process.cpuUsage there), so the proxy's cost is measured apart from the
 * client's and the upstream's.
 */
export async function upstreamAndProxyProcesses(upstreamModule, options = {}) {
  const { upstream, proxy, ...origins } = await startPair(startChild, upstreamModule, options);
  return {
    ...origins,
    /** A plain TCP relay to the upstream, in the proxy's process: the floor any proxy written in Node can reach. */
    relayOrigin: `http://127.0.0.1:${proxy.relayPort}`,
    pids: { upstream: upstream.pid, proxy: proxy.pid },
    /** The proxy process's process.memoryUsage(). */
    proxyMemory: () => proxy.memory(),
    /** CPU seconds (user + system) each process has used so far. */
    async cpu() {
      const [u, p] = await Promise.all([upstream.cpu(), proxy.cpu()]);
      const c = process.cpuUsage();
      return { upstream: u, proxy: p, client: (c.user + c.system) / 1e6 };
    },
    async close() {
      await Promise.all([upstream.close(), proxy.close()]);
    },
  };
}

function startChild(data) {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), [], {
      env: { ...process.env, [CHILD_ENV]: JSON.stringify(data) },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const waiting = [];
    const exited = new Promise((r) => child.once('exit', r));
    child.on('message', (msg) => {
      if (msg.port !== undefined)
        resolve({ port: msg.port, relayPort: msg.relayPort, pid: child.pid, cpu, memory, close });
      else if (msg.cpu !== undefined) waiting.shift()?.(msg.cpu);
      else if (msg.memory !== undefined) waiting.shift()?.(msg.memory);
    });
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`${data.role} process exited (${code}) before listening`)));
    function cpu() {
      return new Promise((r) => {
        waiting.push(r);
        child.send({ cmd: 'cpu' });
      });
    }
    /** process.memoryUsage() in the child (heap, external, array buffers). */
    function memory() {
      return new Promise((r) => {
        waiting.push(r);
        child.send({ cmd: 'memory' });
      });
    }
    async function close() {
      child.kill('SIGTERM');
      await exited;
    }
  });
}

function startWorker(workerData) {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL(import.meta.url), { workerData });
    worker.once('message', (port) => resolve({ worker, port }));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`${workerData.role} worker exited (${code}) before listening`)));
  });
}

async function startRole({ role, module, options, upstreamOrigin }) {
  if (role === 'upstream') {
    const { serve } = await import(module);
    const server = http.createServer((req, res) => serve(req, res, options));
    return listen(server);
  }
  // With metrics, as the daemon runs it: their cost is part of the hop's.
  const metrics = createBridgeMetrics();
  const catalog = new Catalog({ metrics });
  catalog.apply({
    kind: 'up',
    source: 'bench',
    location: new URL(`${upstreamOrigin}/rootDesc.xml`),
    descriptionText: description(upstreamOrigin),
  });
  const proxy = new ProxyServer({ catalog, allow: [parseCidr('127.0.0.0/8')], metrics });
  const { port } = await proxy.listen(0, '127.0.0.1');
  return port;
}

function runChild(data) {
  process.on('message', (msg) => {
    if (msg.cmd === 'cpu') {
      const c = process.cpuUsage();
      process.send({ cpu: (c.user + c.system) / 1e6 });
    } else if (msg.cmd === 'memory') {
      process.send({ memory: process.memoryUsage() });
    }
  });
  process.on('disconnect', () => process.exit(0));
  return Promise.all([
    startRole(data),
    data.role === 'proxy' ? startRelay(new URL(data.upstreamOrigin)) : undefined,
  ]).then(([port, relayPort]) => process.send({ port, relayPort }));
}

/** Bytes copied socket to socket, nothing parsed: what a hop costs in Node before any HTTP work. */
function startRelay(upstream) {
  const server = net.createServer((client) => {
    const up = net.connect(Number(upstream.port), upstream.hostname);
    client.pipe(up).pipe(client);
    client.on('error', () => up.destroy());
    up.on('error', () => client.destroy());
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server.address().port)));
}

// No top-level await: the upstream module imports this file back, and a
// module still suspended in TLA would deadlock that cycle.
const started = !isMainThread
  ? startRole(workerData).then((port) => parentPort.postMessage(port))
  : process.env[CHILD_ENV]
    ? runChild(JSON.parse(process.env[CHILD_ENV]))
    : null;
started?.catch((err) => {
  console.error(err);
  process.exit(1);
});

/** "--size 256M" style flags: number with optional K/M/G suffix (binary). */
export function sizeFlag(argv, name, fallback) {
  const i = argv.indexOf(name);
  const text = i >= 0 ? argv[i + 1] : argv.find((a) => a.startsWith(`${name}=`))?.slice(name.length + 1);
  if (!text) return fallback;
  const m = /^(\d+(?:\.\d+)?)([KMG]?)i?B?$/i.exec(text);
  if (!m) throw new Error(`${name}: not a size: ${text}`);
  return Math.round(Number(m[1]) * { '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3 }[m[2].toUpperCase()]);
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
