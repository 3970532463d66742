// Media through the proxy vs straight from the upstream, same loopback path,
// same client: MiB/s each way and their ratio (target >= 0.9). The upstream
// and the proxy run in worker threads (separate event loops, as separate
// processes would), the client in the main thread.
//
// Two series, each with its own baseline:
// - loopback, unpaced: a CPU-bound figure. The proxy receives and sends every
//   byte, so it does the syscall work of client and upstream together; the
//   ratio says how much CPU headroom the hop costs on this machine.
// - paced at --link-mbit (default 1000, a gigabit LAN): the upstream sends no
//   faster than the link a TV sits behind; the ratio says whether the proxy
//   keeps up with the network it serves.
// Usage: node bench/proxy-throughput.mjs [--size 1G] [--rounds 3] [--link-mbit 1000] [--paced-size 1G]
import http from 'node:http';
import os from 'node:os';
import { isMainThread } from 'node:worker_threads';
import { upstreamAndProxy, sizeFlag } from './proxy-lib/setup.mjs';

const BLOCK = 256 * 1024;
let block;

/** The upstream (in its worker): `size` bytes of a repeating pattern, with a Content-Length; `/paced/` paths at `mbit`. */
export function serve(req, res, { size, pacedSize, mbit }) {
  if (!block) {
    block = Buffer.alloc(BLOCK);
    for (let i = 0; i < block.length; i++) block[i] = (i * 7 + 3) & 0xff;
  }
  const paced = req.url.startsWith('/paced/');
  const total = paced ? pacedSize : size;
  res.writeHead(200, { 'Content-Type': 'video/x-matroska', 'Content-Length': total, 'transferMode.dlna.org': 'Streaming' });
  if (req.method === 'HEAD') return res.end();
  const bytesPerMs = (mbit * 1e6) / 8 / 1000;
  const t0 = performance.now();
  let sent = 0;
  const pump = () => {
    while (sent < total) {
      if (paced) {
        const due = t0 + sent / bytesPerMs;
        const now = performance.now();
        if (due > now + 1) return setTimeout(pump, due - now);
      }
      const n = Math.min(total - sent, BLOCK);
      sent += n;
      if (!res.write(n === BLOCK ? block : block.subarray(0, n))) return res.once('drain', pump);
    }
    res.end();
  };
  pump();
}

function download(url, size) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const cpu0 = process.cpuUsage();
    http
      .get(url, { agent: false }, (res) => {
        let n = 0;
        res.on('data', (c) => (n += c.length));
        res.on('end', () => {
          const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
          // CPU of every thread (client, upstream, proxy): the cost of the hop, however busy the machine is.
          const cpu = process.cpuUsage(cpu0);
          if (n !== size) reject(new Error(`got ${n} of ${size} bytes from ${url}`));
          else resolve({ seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6 });
        });
        res.on('error', reject);
      })
      .on('error', reject);
  });
}

async function series(env, path, size, rounds) {
  const direct = [];
  const proxied = [];
  for (let r = 0; r < rounds; r++) {
    // Alternate, so drifting machine load hits both sides alike.
    direct.push(await download(`${env.upstreamOrigin}${path}`, size));
    proxied.push(await download(`${env.proxyOrigin}${path}`, size));
  }
  return { direct, proxied };
}

function report(title, size, { direct, proxied }) {
  const mib = size / 1024 ** 2;
  const rate = (xs) => mib / Math.min(...xs.map((d) => d.seconds));
  const times = (xs) => xs.map((d) => d.seconds.toFixed(2)).join(', ');
  const cpuPerGiB = (xs) => (Math.min(...xs.map((d) => d.cpuSeconds)) / (size / 1024 ** 3)).toFixed(2);
  console.log(`  ${title}: ${mib.toFixed(0)} MiB per download, best of ${direct.length}`);
  console.log(`    direct from upstream: ${rate(direct).toFixed(0)} MiB/s (${times(direct)} s), CPU ${cpuPerGiB(direct)} s/GiB`);
  console.log(`    through the proxy:    ${rate(proxied).toFixed(0)} MiB/s (${times(proxied)} s), CPU ${cpuPerGiB(proxied)} s/GiB`);
  console.log(`    ratio proxy/direct:   ${(rate(proxied) / rate(direct)).toFixed(3)} (target >= 0.9)`);
}

async function main() {
  const size = sizeFlag(process.argv, '--size', 1024 ** 3);
  const rounds = sizeFlag(process.argv, '--rounds', 3);
  const mbit = sizeFlag(process.argv, '--link-mbit', 1000);
  const pacedSize = sizeFlag(process.argv, '--paced-size', 1024 ** 3);
  const env = await upstreamAndProxy(import.meta.url, { size, pacedSize, mbit });
  let loopback;
  let paced;
  try {
    loopback = await series(env, '/MediaItems/1.mkv', size, rounds);
    paced = await series(env, '/paced/MediaItems/1.mkv', pacedSize, 1);
  } finally {
    await env.close();
  }
  console.log(`proxy-throughput: node ${process.version}, ${os.cpus().length} cores, load average ${os.loadavg()[0].toFixed(1)}`);
  report('loopback, unpaced (CPU-bound)', size, loopback);
  report(`upstream paced at ${mbit} Mbit/s (a LAN link)`, pacedSize, paced);
}

if (isMainThread) await main();
