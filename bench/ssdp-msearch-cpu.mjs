// CPU time per 100,000 M-SEARCH through the responder/engine path (datagram in
// -> parse -> policy -> match -> answer serialized and handed to the socket),
// answered and dropped, in process with a socket stub (no network). Baseline in
// the same run: node-ssdp's Server answering the same searches (it answers
// everything at once: no MX delay, no subnet filter, no rate limit).
// Also RSS of an idle engine and under a 10,000/s flood (default limits).
// Flags: --n N (searches per scenario), --flood-seconds S. Run `npx tsc -p tsconfig.json` first.
import { createRequire } from 'node:module';
import { parseCidr } from '../dist/net/cidr.js';
import { serializeSearch } from '../dist/bridge/ssdp/codec.js';
import { SsdpEngine } from '../dist/bridge/ssdp/engine.js';

const require = createRequire(import.meta.url);
const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const N = arg('n', 100_000);
const FLOOD_S = arg('flood-seconds', 5);
const MiB = (b) => `${(b / 2 ** 20).toFixed(1)} MiB`;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const UDN = 'uuid:11111111-2222-3333-4444-555555555555';
const DESCRIPTION = {
  root: { udn: UDN, deviceType: 'urn:schemas-upnp-org:device:MediaServer:1', friendlyName: 'Bench' },
  embedded: [],
  serviceTypes: ['urn:schemas-upnp-org:service:ContentDirectory:1', 'urn:schemas-upnp-org:service:ConnectionManager:1'],
};
const SEARCH = serializeSearch({ st: 'upnp:rootdevice', mx: 1, userAgent: 'TV/1 UPnP/1.1 tv/1' });
const LAN = { name: 'eth0', address: '192.0.2.1', subnets: [parseCidr('192.0.2.0/24')] };

function engineWith(options) {
  let deliver;
  let sent = 0;
  const engine = new SsdpEngine({
    interfaces: [LAN],
    logger: undefined,
    createSocket: (o) => {
      deliver = o.onMessage;
      return {
        listening: true,
        port: 1900,
        start: async () => true,
        send: async () => void sent++,
        sendMulticast: async () => void sent++,
        close: async () => {},
      };
    },
    ...options,
  });
  return {
    engine,
    deliver: (buf, address, port = 50000) => deliver(buf, { address, port, family: 'IPv4', size: buf.length }),
    sent: () => sent,
  };
}

async function scenario(label, options, source) {
  const { engine, deliver } = engineWith(options);
  await engine.start();
  engine.advertise({ description: DESCRIPTION, location: 'http://192.0.2.1:8200/u/k/rootDesc.xml', configId: 1 });
  await sleep(1200); // let the first alive round pass
  global.gc?.();
  const before = { ...engine.counters, dropped: { ...engine.counters.dropped } };
  const cpu0 = process.cpuUsage();
  for (let i = 0; i < N; i++) deliver(SEARCH, source(i));
  await sleep(1100); // MX 1: every answer is due within 1 s
  const cpu = process.cpuUsage(cpu0);
  const ms = (cpu.user + cpu.system) / 1000;
  const answered = engine.counters.searchesAnswered - before.searchesAnswered;
  const dropped = Object.entries(engine.counters.dropped)
    .map(([r, n]) => [r, n - before.dropped[r]])
    .filter(([, n]) => n > 0);
  await engine.stopAll();
  const per100k = (ms * 100_000) / N;
  console.log(
    `${label.padEnd(44)} ${per100k.toFixed(0).padStart(6)} ms CPU per 100k  (answered ${answered}, dropped ${dropped.map(([r, n]) => `${r} ${n}`).join(', ') || 0})`,
  );
  return per100k;
}

if (process.argv.includes('--rss-child')) {
  await rssChild();
  process.exit(0);
}

console.log(`M-SEARCH through the engine, ${N} searches per scenario (ST upnp:rootdevice, MX 1), socket stubbed`);
const unlimited = {
  perSource: { burst: 1e12, perSecond: 1e12 },
  global: { burst: 1e12, perSecond: 1e12 },
  maxPending: Infinity,
};
const answered = await scenario('answered (limits lifted)', unlimited, (i) => `192.0.2.${10 + (i % 200)}`);
const offSubnet = await scenario('dropped: off-subnet sender', {}, () => '203.0.113.9');
const limited = await scenario('dropped: one flooding TV (default limits)', {}, () => '192.0.2.50');
const spoofed = await scenario('mixed: spoofed LAN sources (default limits)', {}, (i) => `192.0.2.${i % 250}`);

// Baseline: node-ssdp 4.0.1 Server, same searches, same five USNs, socket stubbed.
const { Server } = require('node-ssdp');
const baseline = new Server({
  location: 'http://192.0.2.1:8200/rootDesc.xml',
  udn: UDN,
  suppressRootDeviceAdvertisements: false,
});
for (const t of ['upnp:rootdevice', DESCRIPTION.root.deviceType, ...DESCRIPTION.serviceTypes]) baseline.addUSN(t);
baseline.sockets = { '192.0.2.1': { send: (buf, off, len, port, host, cb) => cb?.(null, len) } };
global.gc?.();
const cpu0 = process.cpuUsage();
for (let i = 0; i < N; i++) baseline._parseMessage(SEARCH, { address: `192.0.2.${10 + (i % 200)}`, port: 50000 });
await sleep(1100);
const bcpu = process.cpuUsage(cpu0);
const baselinePer100k = ((bcpu.user + bcpu.system) / 1000) * (100_000 / N);
console.log(
  `${'baseline: node-ssdp Server, answers all'.padEnd(44)} ${baselinePer100k.toFixed(0).padStart(6)} ms CPU per 100k`,
);
console.log(
  `ratio vs node-ssdp: answered ${(answered / baselinePer100k).toFixed(2)}, off-subnet drop ${(offSubnet / baselinePer100k).toFixed(2)}, ` +
    `rate-limited drop ${(limited / baselinePer100k).toFixed(2)}, spoofed mix ${(spoofed / baselinePer100k).toFixed(2)}`,
);

// RSS in a fresh process, so the scenarios above and node-ssdp do not count.
const { execFileSync } = await import('node:child_process');
process.stdout.write(
  execFileSync(
    process.execPath,
    [new URL(import.meta.url).pathname, '--rss-child', '--flood-seconds', String(FLOOD_S)],
    { encoding: 'utf8' },
  ),
);

async function rssChild() {
  // RSS: idle engine, then a 10,000/s flood from 250 LAN sources for FLOOD_S seconds with default limits.
  {
    const { engine, deliver, sent } = engineWith({});
    await engine.start();
    engine.advertise({ description: DESCRIPTION, location: 'http://192.0.2.1:8200/u/k/rootDesc.xml', configId: 1 });
    await sleep(1500);
    global.gc?.();
    const idle = process.memoryUsage().rss;
    let max = idle;
    // Paced by the clock: timers run late on a busy machine, so send what is due.
    const started = Date.now();
    const end = started + FLOOD_S * 1000;
    let count = 0;
    while (Date.now() < end) {
      const due = Math.floor(((Date.now() - started) / 1000) * 10_000);
      while (count < due) deliver(SEARCH, `192.0.2.${count++ % 250}`);
      max = Math.max(max, process.memoryUsage().rss);
      await sleep(5);
    }
    const seconds = FLOOD_S;
    await sleep(1100);
    console.log(
      `RSS (fresh process, engine only): idle ${MiB(idle)}; under the flood (${Math.round(count / seconds).toLocaleString('en')}/s for ${seconds} s) max ${MiB(max)}; ` +
        `answers sent ${sent()}, dropped ${JSON.stringify(Object.fromEntries(Object.entries(engine.counters.dropped).filter(([, n]) => n > 0)))}`,
    );
    await engine.stopAll();
  }
}
