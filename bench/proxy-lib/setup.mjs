// Shared by bench/proxy-*.mjs: an upstream HTTP server on 127.0.0.1 and the
// bridge's proxy in front of it (catalog fed by hand), both on loopback, so
// "direct" and "through the proxy" take the same path but for the proxy hop.
import http from 'node:http';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { Catalog } from '../../dist/catalog/catalog.js';
import { upstreamKey } from '../../dist/catalog/identity.js';
import { ProxyServer } from '../../dist/proxy/proxy-server.js';
import { parseCidr } from '../../dist/net/cidr.js';
import { createBridgeMetrics } from '../../dist/metrics/metrics.js';

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
  const upstream = await startWorker({ role: 'upstream', module: upstreamModule, options });
  const upstreamOrigin = `http://127.0.0.1:${upstream.port}`;
  const proxy = await startWorker({ role: 'proxy', upstreamOrigin });
  const proxyOrigin = `http://127.0.0.1:${proxy.port}/u/${upstreamKey(UDN)}`;
  return {
    upstreamOrigin,
    proxyOrigin,
    async close() {
      await Promise.all([upstream.worker.terminate(), proxy.worker.terminate()]);
    },
  };
}

function startWorker(workerData) {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL(import.meta.url), { workerData });
    worker.once('message', (port) => resolve({ worker, port }));
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`${workerData.role} worker exited (${code}) before listening`)));
  });
}

async function runWorker({ role, module, options, upstreamOrigin }) {
  if (role === 'upstream') {
    const { serve } = await import(module);
    const server = http.createServer((req, res) => serve(req, res, options));
    parentPort.postMessage(await listen(server));
    return;
  }
  const catalog = new Catalog({ metrics: createBridgeMetrics() });
  catalog.apply({ kind: 'up', source: 'bench', location: new URL(`${upstreamOrigin}/rootDesc.xml`), descriptionText: description(upstreamOrigin) });
  const proxy = new ProxyServer({ catalog, allow: [parseCidr('127.0.0.0/8')] });
  const { port } = await proxy.listen(0, '127.0.0.1');
  parentPort.postMessage(port);
}

// No top-level await: the upstream module imports this file back, and a
// module still suspended in TLA would deadlock that cycle.
if (!isMainThread) runWorker(workerData).catch((err) => {
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

export function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
