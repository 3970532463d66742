// A process that runs inside a test namespace (spawned with `ip netns exec`):
// either the LAN side (SsdpEngine + LanAdvertiser fed a fake catalog entry, and
// a tiny HTTP server for the description LOCATION points at), or the pod side
// (ClusterSsdpSource printing the events it reports). Talks JSON lines:
// stdout events, stdin commands. Imports the built dist/ (vitest's global setup
// builds), or cfg.dist: bench/ssdp-hostile.mjs runs an older build as its baseline.
import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import http from 'node:http';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';

const cfg = JSON.parse(process.argv[2]);
const dist = cfg.dist ? pathToFileURL(`${cfg.dist}/`) : new URL('../../../dist/', import.meta.url);
// Builds from before the bridge's folders moved under bridge/ (a bench baseline) have them at the top.
const BRIDGE_AREAS = /^(ssdp|sources|catalog|advertiser|proxy|rewrite|admin|daemon|leader|metrics|upnp)\//;
const load = (p) => {
  const moved = BRIDGE_AREAS.test(p) ? `bridge/${p}` : p;
  return import(new URL(existsSync(new URL(moved, dist)) ? moved : p, dist).href);
};
const out = (o) => process.stdout.write(JSON.stringify(o) + '\n');

const { ipv4Interface, allIpv4Addresses } = await load('net/interfaces.js');
const { parseCidr } = await load('net/cidr.js');
const iface = ipv4Interface(cfg.iface);

if (cfg.mode === 'engine') {
  const { SsdpEngine } = await load('ssdp/engine.js');
  const { LanAdvertiser } = await load('advertiser/advertiser.js');
  const { parseDeviceDescription } = await load('upnp/description.js');
  // floodServices: N extra service types (a hostile upstream's description), made here: argv is too small for them.
  if (cfg.floodServices) {
    const extra = Array.from(
      { length: cfg.floodServices },
      (_, i) =>
        `<service><serviceType>urn:schemas-example-com:service:Flood${i}:1</serviceType><serviceId>urn:example-com:serviceId:Flood${i}</serviceId><SCPDURL>/s.xml</SCPDURL><controlURL>/c</controlURL><eventSubURL>/e</eventSubURL></service>`,
    ).join('');
    cfg.descriptionXml = cfg.descriptionXml.replace('</serviceList>', `${extra}</serviceList>`);
  }
  const description = parseDeviceDescription(cfg.descriptionXml);
  const key = cfg.key ?? 'k1';
  const server = http.createServer((req, res) => {
    // Serves both the bare path and the /u/{key}/ path LOCATION names (no proxy in these tests).
    if (req.url === cfg.descriptionPath || req.url === `/u/${key}${cfg.descriptionPath}`)
      res.setHeader('content-type', 'text/xml').end(cfg.descriptionXml);
    else res.writeHead(404).end();
  });
  await new Promise((r) => server.listen(cfg.httpPort, iface.address, r));
  const engine = new SsdpEngine({
    interfaces: [{ name: iface.name, address: iface.address, subnets: iface.subnets }],
    allowSubnets: (cfg.allowSubnets ?? []).map(parseCidr),
    ownAddresses: allIpv4Addresses(),
    ...(cfg.server ? { server: cfg.server } : {}),
    ...(cfg.aliveIntervalMs ? { aliveIntervalMs: cfg.aliveIntervalMs } : {}),
    ...(cfg.perSource ? { perSource: cfg.perSource } : {}),
    ...(cfg.global ? { global: cfg.global } : {}),
  });
  const catalog = new EventEmitter();
  const entry = {
    key,
    udn: description.root.udn,
    location: new URL(`http://198.51.100.2:8200${cfg.descriptionPath}`),
    description,
    descriptionText: cfg.descriptionXml,
    configId: 1,
    source: 'test',
  };
  catalog.entries = () => [];
  const advertiser = new LanAdvertiser({ catalog, engine, advertiseAddress: iface.address, httpPort: cfg.httpPort });
  await engine.start();
  advertiser.start();
  catalog.emit('added', entry);
  out({ event: 'ready', location: advertiser.locationOf(entry), address: iface.address });
  createInterface({ input: process.stdin }).on('line', (line) => {
    const c = JSON.parse(line);
    if (c.cmd === 'counters')
      out({ event: 'counters', counters: engine.counters, rss: process.memoryUsage().rss, cpu: process.cpuUsage() });
    if (c.cmd === 'remove') catalog.emit('removed', entry, 'test');
  });
  process.on('SIGTERM', async () => {
    await engine.stopAll();
    out({ event: 'stopped' });
    server.close();
    process.exit(0);
  });
} else if (cfg.mode === 'cluster') {
  const { ClusterSsdpSource } = await load('sources/cluster-ssdp/source.js');
  const source = new ClusterSsdpSource({ iface, searchIntervalMs: cfg.searchIntervalMs ?? 60_000 });
  await source.start((e) =>
    out({
      event: 'source',
      kind: e.kind,
      location: e.location.href,
      reason: e.reason,
      hasDescription: typeof e.descriptionText === 'string',
    }),
  );
  out({ event: 'ready' });
  process.on('SIGTERM', async () => {
    await source.stop();
    process.exit(0);
  });
}
