// Media through the proxy vs straight from the upstream, same loopback path,
// same client: MiB/s each way and their ratio (target >= 0.9). The upstream
// and the proxy run in worker threads (separate event loops, as separate
// processes would), the client in the main thread.
// Usage: node bench/proxy-throughput.mjs [--size 1G] [--rounds 3]
import http from 'node:http';
import { isMainThread } from 'node:worker_threads';
import { upstreamAndProxy, sizeFlag } from './proxy-lib/setup.mjs';

let block;

/** The upstream (in its worker): `size` bytes of a repeated 1 MiB pattern, with a Content-Length. */
export function serve(req, res, { size }) {
  if (!block) {
    block = Buffer.alloc(1024 * 1024);
    for (let i = 0; i < block.length; i++) block[i] = (i * 7 + 3) & 0xff;
  }
  res.writeHead(200, { 'Content-Type': 'video/x-matroska', 'Content-Length': size, 'transferMode.dlna.org': 'Streaming' });
  if (req.method === 'HEAD') return res.end();
  let left = size;
  const pump = () => {
    while (left > 0) {
      const n = Math.min(left, block.length);
      left -= n;
      if (!res.write(n === block.length ? block : block.subarray(0, n))) return res.once('drain', pump);
    }
    res.end();
  };
  pump();
}

function download(url, size) {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    http
      .get(url, { agent: false }, (res) => {
        let n = 0;
        res.on('data', (c) => (n += c.length));
        res.on('end', () => {
          const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
          if (n !== size) reject(new Error(`got ${n} of ${size} bytes from ${url}`));
          else resolve(seconds);
        });
        res.on('error', reject);
      })
      .on('error', reject);
  });
}

async function main() {
  const size = sizeFlag(process.argv, '--size', 1024 ** 3);
  const rounds = sizeFlag(process.argv, '--rounds', 3);
  const env = await upstreamAndProxy(import.meta.url, { size });
  const direct = [];
  const proxied = [];
  try {
    for (let r = 0; r < rounds; r++) {
      // Alternate, so drifting machine load hits both sides alike.
      direct.push(await download(`${env.upstreamOrigin}/MediaItems/1.mkv`, size));
      proxied.push(await download(`${env.proxyOrigin}/MediaItems/1.mkv`, size));
    }
  } finally {
    await env.close();
  }
  const mib = size / 1024 ** 2;
  const directRate = mib / Math.min(...direct);
  const proxyRate = mib / Math.min(...proxied);
  const fmt = (xs) => xs.map((s) => s.toFixed(2)).join(', ');
  console.log(`proxy-throughput: ${mib.toFixed(0)} MiB per download, best of ${rounds} rounds, loopback, node ${process.version}`);
  console.log(`  direct from upstream: ${directRate.toFixed(0)} MiB/s (${fmt(direct)} s)`);
  console.log(`  through the proxy:    ${proxyRate.toFixed(0)} MiB/s (${fmt(proxied)} s)`);
  console.log(`  ratio proxy/direct:   ${(proxyRate / directRate).toFixed(3)} (target >= 0.9)`);
}

if (isMainThread) await main();
