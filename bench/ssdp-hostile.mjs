// Issue 10's SSDP figures on this machine, in network namespaces, for the
// current build and a baseline build of another commit (default: main) side by
// side in the same run:
//  - amplification: bytes answered / bytes received for one multicast
//    `ssdp:all`, against a 4-target description and a 400-target one;
//  - reply stall: after a 5 s M-SEARCH flood (multicast ssdp:all, 3000/s) from
//    150 LAN addresses that do not exist (ARP off on their interface), the
//    delay before a TV's unicast M-SEARCH is answered, and the longest gap
//    between NOTIFY rounds (sent every 1 s) from the flood's start.
// The engine is the real SsdpEngine + LanAdvertiser (test/bridge/ssdp/ssdp-host.mjs)
// on the node's LAN interface; the TV and the flooder are other hosts on the
// LAN segment (192.0.2.0/24, no route out).
// Flags: --baseline REF (git ref to compare with; "none" skips it; default
//   main), --rate R (searches/s, default 3000), --flood-seconds S (default 5),
//   --wait S (longest wait for the TV's answer, default 40).
// Needs root and `ip`. Run `npm run build` first (the testbed and fuzz harnesses are in tsconfig.extras.json); the baseline is
// built into .tmp/ssdp-hostile/<commit>/ (cached).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const flag = (name, dflt) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : dflt;
};
const BASELINE = flag('baseline', 'main');
const RATE = Number(flag('rate', 3000));
const FLOOD_S = Number(flag('flood-seconds', 5));
const WAIT_S = Number(flag('wait', 40));
const HOST = path.join(repo, 'test/bridge/ssdp/ssdp-host.mjs');
const FLOOD = path.join(repo, 'bench/ssdp-lib/ssdp-flood.mjs');
const PROBE = path.join(repo, 'bench/ssdp-lib/ssdp-probe.mjs');
const NODE_IP = '192.0.2.10';
const TV_IP = '192.0.2.50';
const GHOSTS = Array.from({ length: 150 }, (_, i) => `192.0.2.${100 + i}`);
const UDN = 'uuid:11111111-2222-3333-4444-555555555555';
const MS = 'urn:schemas-upnp-org:device:MediaServer:1';

if (process.getuid?.() !== 0) {
  console.error('ssdp-hostile: needs root (it creates network namespaces)');
  process.exit(2);
}
const { Testbed, nsRun } = await import('../dist/netns/testbed.js');

/** 3 + k targets: a root MediaServer with k service types (4 targets: k = 1). */
function description(services) {
  const list = Array.from(
    { length: services },
    (_, i) =>
      `<service><serviceType>urn:schemas-upnp-org:service:S${i}:1</serviceType><serviceId>urn:upnp-org:serviceId:S${i}</serviceId><SCPDURL>/s.xml</SCPDURL><controlURL>/c</controlURL><eventSubURL>/e</eventSubURL></service>`,
  ).join('');
  return `<?xml version="1.0"?><root xmlns="urn:schemas-upnp-org:device-1-0"><specVersion><major>1</major><minor>1</minor></specVersion><device><deviceType>${MS}</deviceType><friendlyName>Bench</friendlyName><manufacturer>b</manufacturer><modelName>m</modelName><UDN>${UDN}</UDN><serviceList>${list}</serviceList></device></root>`;
}

/** The baseline build: `git archive REF` of src/, tsconfig.json and package.json, compiled once per commit. */
function baselineDist(ref) {
  const sha = execFileSync('git', ['rev-parse', '--verify', `${ref}^{commit}`], { cwd: repo, encoding: 'utf8' }).trim();
  const dir = path.join(repo, '.tmp/ssdp-hostile', sha.slice(0, 12));
  if (!existsSync(path.join(dir, 'dist/cli/main.js'))) {
    mkdirSync(dir, { recursive: true });
    execFileSync('sh', ['-c', `git archive ${sha} src tsconfig.json package.json | tar -x -C "${dir}"`], { cwd: repo });
    try {
      execFileSync(
        process.execPath,
        [path.join(repo, 'node_modules/typescript/bin/tsc'), '-p', path.join(dir, 'tsconfig.json')],
        { stdio: 'ignore' },
      );
    } catch {
      // emitted anyway (noEmitOnError is off)
    }
  }
  return { sha: sha.slice(0, 8), dist: path.join(dir, 'dist') };
}

function startHost(bed, short, cfg) {
  const child = bed.spawn(short, process.execPath, [HOST, JSON.stringify(cfg)], { stdio: ['pipe', 'pipe', 'pipe'] });
  let err = '';
  child.stderr.on('data', (d) => (err += d));
  const waiting = [];
  child.counters = () => {
    child.stdin.write('{"cmd":"counters"}\n');
    return new Promise((r) => waiting.push(r));
  };
  return new Promise((resolve, reject) => {
    child.once('exit', (c) => reject(new Error(`ssdp host exited ${c}: ${err}`)));
    createInterface({ input: child.stdout }).on('line', (line) => {
      const e = JSON.parse(line);
      if (e.event === 'ready') resolve(child);
      if (e.event === 'counters') waiting.shift()?.(e.counters);
    });
  });
}

async function stop(child) {
  if (child.exitCode !== null) return;
  const gone = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await gone;
}

async function inNs(bed, short, script, cfg, timeoutMs = 120_000) {
  const r = await nsRun(bed.name(short), process.execPath, [script, JSON.stringify(cfg)], { timeoutMs });
  if (r.code !== 0) throw new Error(`${path.basename(script)} in ${short}: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

/** NOTIFY alive times for upnp:rootdevice from the node, heard in the TV's namespace. */
function listenNotifies(bed) {
  const code = `
    const s = require('dgram').createSocket({ type: 'udp4', reuseAddr: true });
    s.on('message', (m, r) => { const t = m.toString('latin1'); if (r.address === '${NODE_IP}' && /NTS: ssdp:alive/i.test(t) && /\\r\\nNT: upnp:rootdevice/i.test(t)) process.stdout.write(Date.now() + '\\n'); });
    s.bind(1900, () => { s.addMembership('239.255.255.250', '${TV_IP}'); process.stdout.write('ready\\n'); });`;
  const child = bed.spawn('tv', process.execPath, ['-e', code]);
  const times = [];
  return new Promise((resolve) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line === 'ready') resolve({ times, child });
      else times.push(Number(line));
    });
  });
}

async function measure(label, dist) {
  const bed = new Testbed('dbssh');
  try {
    const node = await bed.addNamespace('node');
    const tv = await bed.addNamespace('tv');
    const ghost = await bed.addNamespace('ghost');
    const lan = await bed.addSegment('lan');
    await lan.attach(node, 'eth0', `${NODE_IP}/24`);
    await lan.attach(tv, 'eth0', `${TV_IP}/24`);
    await lan.attach(ghost, 'eth0', '192.0.2.99/24');
    await bed.exec('ghost', 'ip', ['link', 'set', 'eth0', 'arp', 'off']);
    for (const a of GHOSTS) await bed.exec('ghost', 'ip', ['addr', 'add', `${a}/32`, 'dev', 'eth0']);
    for (const ns of [node, tv, ghost]) await bed.multicastRoute(ns, 'eth0');
    const base = {
      mode: 'engine',
      iface: 'eth0',
      httpPort: 8200,
      descriptionPath: '/rootDesc.xml',
      aliveIntervalMs: 1000,
      ...(dist ? { dist } : {}),
    };

    const amplification = {};
    for (const [name, services] of [
      ['4 targets', 1],
      ['400 targets', 397],
    ]) {
      const host = await startHost(bed, 'node', { ...base, descriptionXml: description(services) });
      await new Promise((r) => setTimeout(r, 1500));
      const before = (await host.counters()).responsesSent;
      const r = await inNs(bed, 'tv', PROBE, {
        to: '239.255.255.250',
        bind: TV_IP,
        st: 'ssdp:all',
        mx: 1,
        waitMs: 2500,
      });
      // Datagrams: what the engine sent (a burst of hundreds overflows any receive
      // buffer); bytes: that many times the mean size of those the TV read.
      const sent = (await host.counters()).responsesSent - before;
      const mean = r.answers.reduce((n, a) => n + a.bytes, 0) / Math.max(1, r.answers.length);
      const answered = Math.round(sent * mean);
      amplification[name] = {
        received: r.sentBytes,
        datagrams: sent,
        heard: r.answers.length,
        answered,
        ratio: answered / r.sentBytes,
      };
      await stop(host);
    }

    const host = await startHost(bed, 'node', { ...base, descriptionXml: description(1) });
    await new Promise((r) => setTimeout(r, 1500));
    const listener = await listenNotifies(bed);
    const floodStart = Date.now();
    const flood = await inNs(bed, 'ghost', FLOOD, {
      sources: GHOSTS,
      st: 'ssdp:all',
      mx: 1,
      rate: RATE,
      seconds: FLOOD_S,
    });
    const probe = await inNs(
      bed,
      'tv',
      PROBE,
      { to: NODE_IP, st: 'upnp:rootdevice', waitMs: WAIT_S * 1000, untilFirst: true },
      (WAIT_S + 10) * 1000,
    );
    const end = Date.now();
    listener.child.kill('SIGKILL');
    await stop(host);
    const times = [floodStart, ...listener.times.filter((t) => t >= floodStart), end];
    const gaps = times.slice(1).map((t, i) => t - times[i]);
    return { label, amplification, flood, answerMs: probe.answers[0]?.ms, maxNotifyGapMs: Math.max(...gaps) };
  } finally {
    await bed.destroy();
  }
}

const KiB = (b) => `${(b / 1024).toFixed(1)} KiB`;
function report(m) {
  console.log(`\n${m.label}`);
  for (const [name, a] of Object.entries(m.amplification)) {
    console.log(
      `  ssdp:all, ${name.padEnd(11)}: ${String(a.datagrams).padStart(4)} datagrams sent (${a.heard} read by the TV), ${KiB(a.answered).padStart(9)} answered / ${a.received} B received = ${a.ratio.toFixed(1)}x`,
    );
  }
  const answer = m.answerMs === undefined ? `no answer within ${WAIT_S} s` : `${m.answerMs} ms`;
  console.log(
    `  flood: ${m.flood.sent} M-SEARCH ssdp:all from ${GHOSTS.length} addresses that never resolve, ${m.flood.seconds.toFixed(1)} s`,
  );
  console.log(`  a TV's unicast M-SEARCH right after it: answered after ${answer}`);
  console.log(
    `  longest gap between NOTIFY rounds (every 1 s) from the flood's start: ${(m.maxNotifyGapMs / 1000).toFixed(1)} s`,
  );
}

await Testbed.removeStale('dbssh');
console.log(`SSDP on a hostile LAN (issue 10): real sockets in network namespaces; Node ${process.version}`);
const results = [];
let hasBaseline = BASELINE !== 'none';
try {
  if (hasBaseline)
    execFileSync('git', ['rev-parse', '--verify', '--quiet', `${BASELINE}^{commit}`], { cwd: repo, stdio: 'ignore' });
} catch {
  console.log(`no commit ${BASELINE} in this checkout: no baseline (pass --baseline REF)`);
  hasBaseline = false;
}
if (hasBaseline) {
  const b = baselineDist(BASELINE);
  results.push(await measure(`baseline: ${BASELINE} (${b.sha})`, b.dist));
  report(results.at(-1));
}
const head = execFileSync('git', ['rev-parse', '--short=8', 'HEAD'], { cwd: repo, encoding: 'utf8' }).trim();
results.push(
  await measure(
    `this build: dist/ (HEAD ${head}${execFileSync('git', ['status', '--porcelain', 'src'], { cwd: repo, encoding: 'utf8' }) ? ', modified' : ''})`,
    undefined,
  ),
);
report(results.at(-1));
if (results.length === 2) {
  const [b, a] = results;
  const r = (name) => `${b.amplification[name].ratio.toFixed(1)}x -> ${a.amplification[name].ratio.toFixed(1)}x`;
  console.log(
    `\nbaseline -> this build: amplification 4 targets ${r('4 targets')}, 400 targets ${r('400 targets')}; ` +
      `TV answered after ${b.answerMs ?? `>${WAIT_S * 1000}`} ms -> ${a.answerMs ?? `>${WAIT_S * 1000}`} ms; NOTIFY gap ${(b.maxNotifyGapMs / 1000).toFixed(1)} s -> ${(a.maxNotifyGapMs / 1000).toFixed(1)} s`,
  );
}
