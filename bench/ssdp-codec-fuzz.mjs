// Fuzz the SSDP codec with 1,000,000+ random and mutated datagrams (flag
// --n N): no throw, bounded time per input and bounded memory. Baseline in the
// same run: node-ssdp's header parsing over the first --baseline-n (200,000) of
// the same inputs (its throws counted). Rates include generating the inputs.
// Run `npm run build` first (the testbed and fuzz harnesses are in tsconfig.extras.json).
import { createRequire } from 'node:module';
import {
  parseSsdp,
  serializeAlive,
  serializeByebye,
  serializeSearch,
  serializeSearchResponse,
} from '../dist/bridge/ssdp/codec.js';
import { fuzzInputs } from '../dist/bridge/ssdp/fuzz.js';

const require = createRequire(import.meta.url);
const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const N = arg('n', 1_000_000);
const SEED = arg('seed', 0xd1a);
// The baseline is slower; its rate over the first inputs of the same sequence keeps the run under a minute.
const BASELINE_N = Math.min(N, arg('baseline-n', 200_000));
const ids = { bootId: 1700000000, configId: 7 };
const server = 'Linux/6.1 UPnP/1.1 dlna-bridge/0.1.0';
const seeds = [
  serializeAlive({
    nt: 'urn:schemas-upnp-org:device:MediaServer:1',
    usn: 'uuid:a::urn:schemas-upnp-org:device:MediaServer:1',
    location: 'http://192.0.2.1:8200/u/a/rootDesc.xml',
    maxAge: 1800,
    server,
    ...ids,
  }),
  serializeByebye({ nt: 'upnp:rootdevice', usn: 'uuid:a::upnp:rootdevice', ...ids }),
  serializeSearch({ st: 'ssdp:all', mx: 2, userAgent: server }),
  serializeSearchResponse({
    st: 'upnp:rootdevice',
    usn: 'uuid:a::upnp:rootdevice',
    location: 'http://192.0.2.1/d.xml',
    maxAge: 1800,
    server,
    date: new Date(0),
    ...ids,
  }),
  'NOTIFY * HTTP/1.1\r\nHOST:239.255.255.250:1900\r\nCACHE-CONTROL:max-age=1810\r\nLOCATION:http://198.51.100.2:8200/rootDesc.xml\r\nSERVER: Debian DLNADOC/1.50 UPnP/1.0 MiniDLNA/1.3.3\r\nNT:upnp:rootdevice\r\nUSN:uuid:4d696e69::upnp:rootdevice\r\nNTS:ssdp:alive\r\n\r\n',
  'M-SEARCH * HTTP/1.1\nhost: 239.255.255.250:1900\nman: "ssdp:discover"\nmx: 2\nst: ssdp:all\n\n',
].map((s) => (Buffer.isBuffer(s) ? s.toString('latin1') : s));

function run(label, parse, N) {
  const next = fuzzInputs(SEED, seeds);
  global.gc?.();
  const rss0 = process.memoryUsage().rss;
  let rssMax = rss0;
  let ok = 0;
  let rejected = 0;
  let threw = 0;
  let worstUs = 0;
  const reasons = new Map();
  const t0 = process.hrtime.bigint();
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < N; i++) {
    const input = next();
    const s = process.hrtime.bigint();
    try {
      const r = parse(input);
      if (r === true || r?.ok) ok++;
      else {
        rejected++;
        if (r?.reason) reasons.set(r.reason, (reasons.get(r.reason) ?? 0) + 1);
      }
    } catch {
      threw++;
    }
    const us = Number(process.hrtime.bigint() - s) / 1000;
    if (us > worstUs) worstUs = us;
    if ((i & 0xffff) === 0) rssMax = Math.max(rssMax, process.memoryUsage().rss);
  }
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  rssMax = Math.max(rssMax, process.memoryUsage().rss);
  // Per CPU second: the machine is shared, wall time says more about neighbours than about us.
  const rate = N / cpuSeconds;
  console.log(
    `${label.padEnd(24)} ${N} inputs, ${cpuSeconds.toFixed(2)} CPU s (${seconds.toFixed(2)} s wall) = ${Math.round(rate).toLocaleString('en')}/CPU-s; accepted ${ok}, rejected ${rejected}, THREW ${threw}; ` +
      `slowest input ${worstUs.toFixed(0)} us; RSS ${(rss0 / 2 ** 20).toFixed(1)} -> max ${(rssMax / 2 ** 20).toFixed(1)} MiB`,
  );
  if (reasons.size)
    console.log(
      `  rejected by reason: ${[...reasons]
        .sort((a, b) => b[1] - a[1])
        .map(([r, n]) => `${r} ${n}`)
        .join(', ')}`,
    );
  return { rate, threw };
}

console.log(
  `SSDP codec fuzz, seed ${SEED}, ${N} inputs (random bytes, token soup, mutations of ${seeds.length} real messages)`,
);
const ours = run('dlna-bridge parseSsdp', (b) => parseSsdp(b), N);

// Baseline: node-ssdp 4.0.1 (the npm package), its method + header parsing.
const SSDP = require('node-ssdp/lib/index.js');
const proto = SSDP.prototype;
const baseline = run(
  'node-ssdp _getHeaders',
  (b) => {
    const msg = b.toString();
    proto._getMethod.call(null, msg);
    const h = proto._getHeaders.call(null, msg);
    return Boolean(h && (h.ST || h.NT));
  },
  BASELINE_N,
);
console.log(
  `ratio (ours / node-ssdp, inputs per CPU second): ${(ours.rate / baseline.rate).toFixed(2)}; our parser threw ${ours.threw} times (must be 0)`,
);
if (ours.threw > 0) process.exitCode = 1;
