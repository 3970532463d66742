// Media through the proxy vs straight from the upstream, same loopback path,
// same client: MiB/s each way and their ratio (target >= 0.9). Client,
// proxy and upstream are three processes, as on a real node; direct is client
// + upstream. Rounds interleave direct and proxied; figures are medians. The
// proxy process's own CPU s/GiB is the honest cost of the hop. A plain TCP
// relay in the proxy's process (socket.pipe, no HTTP) is measured alongside:
// the floor for any proxy written in Node on this machine.
//
// Two series, each with its own baseline:
// - loopback, unpaced: a CPU-bound figure. The proxy receives and sends every
//   byte, so it does the syscall work of client and upstream together; the
//   ratio says how much CPU headroom the hop costs on this machine.
// - paced at --link-mbit (default 1000, a gigabit LAN): the upstream sends no
//   faster than the link a TV sits behind; the ratio says whether the proxy
//   keeps up with the network it serves.
// Target: the proxy's rate >= 0.9 of the TCP relay's in the same
// run (median of per-round ratios), unpaced; paced, >= 0.9 of the link rate.
// Usage: node bench/proxy-throughput.mjs [--size 1G] [--rounds 5] [--link-mbit 1000] [--paced-size 1G] [--paced-rounds 1]
import http from 'node:http';
import os from 'node:os';
import { upstreamAndProxyProcesses, isBenchMain, sizeFlag, median } from './proxy-lib/setup.mjs';

const BLOCK = 256 * 1024;
let block;

/** The upstream (in its process): `size` bytes of a repeating pattern, with a Content-Length; `/paced/` paths at `mbit`. */
export function serve(req, res, { size, pacedSize, mbit }) {
  if (!block) {
    block = Buffer.alloc(BLOCK);
    for (let i = 0; i < block.length; i++) block[i] = (i * 7 + 3) & 0xff;
  }
  const paced = req.url.startsWith('/paced/');
  const total = paced ? pacedSize : size;
  res.writeHead(200, {
    'Content-Type': 'video/x-matroska',
    'Content-Length': total,
    'transferMode.dlna.org': 'Streaming',
  });
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

/** One download with each process's CPU seconds spent meanwhile. */
async function measured(env, url, size) {
  const before = await env.cpu();
  const seconds = await download(url, size);
  const after = await env.cpu();
  const cpu = Object.fromEntries(Object.keys(before).map((k) => [k, after[k] - before[k]]));
  return { seconds, cpu };
}

async function series(env, path, size, rounds) {
  const runs = { direct: [], proxied: [], relayed: [] };
  const origins = { direct: env.upstreamOrigin, proxied: env.proxyOrigin, relayed: env.relayOrigin };
  for (let r = 0; r < rounds; r++) {
    // Interleaved, the order reversed every other round: drifting machine load hits all alike.
    const order = r % 2 === 0 ? ['direct', 'proxied', 'relayed'] : ['relayed', 'proxied', 'direct'];
    for (const which of order) runs[which].push(await measured(env, `${origins[which]}${path}`, size));
  }
  return runs;
}

const TARGET_OF_RELAY = 0.9;

/** Prints one series; returns whether its target is met. `linkMiBs`: the paced link's rate (paced series only). */
function report(title, size, { direct, proxied, relayed }, linkMiBs) {
  const mib = size / 1024 ** 2;
  const gib = size / 1024 ** 3;
  const rates = (xs) => xs.map((d) => mib / d.seconds);
  const list = (xs) => xs.map((d) => d.seconds.toFixed(2)).join(', ');
  const cpu = (xs, who) => (median(xs.map((d) => d.cpu[who])) / gib).toFixed(2);
  const ratios = direct.map((d, i) => d.seconds / proxied[i].seconds);
  const relayRatios = direct.map((d, i) => d.seconds / relayed[i].seconds);
  console.log(`  ${title}: ${mib.toFixed(0)} MiB per download, ${direct.length} rounds interleaved, medians`);
  console.log(`    direct from upstream: ${median(rates(direct)).toFixed(0)} MiB/s (${list(direct)} s)`);
  console.log(`    through the proxy:    ${median(rates(proxied)).toFixed(0)} MiB/s (${list(proxied)} s)`);
  console.log(
    `    ratio proxy/direct:   ${median(ratios).toFixed(3)} (per round ${ratios.map((x) => x.toFixed(3)).join(', ')}; target >= 0.9)`,
  );
  console.log(`    proxy process CPU:    ${cpu(proxied, 'proxy')} s/GiB`);
  console.log(
    `    TCP relay (floor):    ${median(rates(relayed)).toFixed(0)} MiB/s, ratio ${median(relayRatios).toFixed(3)}, CPU ${cpu(relayed, 'proxy')} s/GiB (no HTTP: bytes socket to socket in Node)`,
  );
  console.log(
    `    upstream CPU:         ${cpu(direct, 'upstream')} s/GiB direct, ${cpu(proxied, 'upstream')} s/GiB proxied`,
  );
  console.log(
    `    client CPU:           ${cpu(direct, 'client')} s/GiB direct, ${cpu(proxied, 'client')} s/GiB proxied`,
  );
  const ofRelay = median(relayed.map((d, i) => d.seconds / proxied[i].seconds));
  console.log(
    `    ratio proxy/relay:    ${ofRelay.toFixed(3)} (per round ${relayed.map((d, i) => (d.seconds / proxied[i].seconds).toFixed(3)).join(', ')}); CPU s/GiB proxy ${cpu(proxied, 'proxy')} vs relay ${cpu(relayed, 'proxy')}`,
  );
  if (linkMiBs === undefined) {
    const met = ofRelay >= TARGET_OF_RELAY;
    console.log(`    target: proxy/relay >= ${TARGET_OF_RELAY}; target met: ${met ? 'yes' : 'no'}`);
    return met;
  }
  const ofLink = median(rates(proxied)) / linkMiBs;
  const met = ofLink >= TARGET_OF_RELAY;
  console.log(
    `    proxy at ${(100 * ofLink).toFixed(1)}% of the ${linkMiBs.toFixed(0)} MiB/s link; target: >= ${100 * TARGET_OF_RELAY}% (line rate); target met: ${met ? 'yes' : 'no'}`,
  );
  return met;
}

async function main() {
  const size = sizeFlag(process.argv, '--size', 1024 ** 3);
  const rounds = sizeFlag(process.argv, '--rounds', 5);
  const mbit = sizeFlag(process.argv, '--link-mbit', 1000);
  const pacedSize = sizeFlag(process.argv, '--paced-size', 1024 ** 3);
  const pacedRounds = sizeFlag(process.argv, '--paced-rounds', 1);
  const env = await upstreamAndProxyProcesses(import.meta.url, { size, pacedSize, mbit });
  let loopback;
  let paced;
  try {
    loopback = await series(env, '/MediaItems/1.mkv', size, rounds);
    paced = pacedRounds > 0 ? await series(env, '/paced/MediaItems/1.mkv', pacedSize, pacedRounds) : null;
  } finally {
    await env.close();
  }
  console.log(
    `proxy-throughput: node ${process.version}, ${os.cpus().length} cores, load average ${os.loadavg()[0].toFixed(1)}`,
  );
  report('loopback, unpaced (CPU-bound)', size, loopback);
  if (paced) report(`upstream paced at ${mbit} Mbit/s (a LAN link)`, pacedSize, paced, (mbit * 1e6) / 8 / 1024 ** 2);
}

if (isBenchMain()) await main();
