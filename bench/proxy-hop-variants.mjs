// Why the proxy's media path costs more CPU than a TCP relay: the same 128 MiB
// download through hop variants in one "hop" process, its CPU s/GiB against
// the bare TCP relay in the same run. Usage: node bench/proxy-hop-variants.mjs
// [relay http http256k rawup rawboth proxy] (ROUNDS=9).

// The variants:
// - relay:    socket.pipe(socket), no HTTP (the floor);
// - http:     node:http server + node:http client, upRes.pipe(res);
// - http256k: the same with highWaterMark 256 KiB on both sides;
// - rawup:    node:http server, but the upstream read as a raw socket after
//             its header block (the body never goes through the client's parser);
// - rawboth:  rawup writing the body to res.socket directly;
// - proxy:    the bridge's ProxyServer (dist/).
// Node's HTTP client copies every body chunk out of the socket's buffer
// (node_http_parser.cc on_body: Buffer::Copy) and runs it through
// IncomingMessage's stream machinery; rawup shows what skipping that is worth.
// Scratch-quality head parsing (rawup/rawboth): a measurement, not a proxy.
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import { fork } from 'node:child_process';
const role = process.env.ROLE;
const SIZE = 128 * 1024 ** 2;
if (role === 'up') {
  const block = Buffer.alloc(256 * 1024, 7);
  const s = http.createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'video/x-matroska', 'Content-Length': SIZE });
    let sent = 0;
    const pump = () => {
      while (sent < SIZE) {
        sent += block.length;
        if (!res.write(block)) return res.once('drain', pump);
      }
      res.end();
    };
    pump();
  });
  s.listen(0, '127.0.0.1', () => process.send({ port: s.address().port }));
  process.on('disconnect', () => process.exit(0));
} else if (role === 'hop') {
  const upPort = Number(process.env.UP);
  const ports = {};
  const lis = (s, name) =>
    new Promise((r) =>
      s.listen(0, '127.0.0.1', () => {
        ports[name] = s.address().port;
        r();
      }),
    );
  await lis(
    net.createServer((c) => {
      const u = net.connect(upPort, '127.0.0.1');
      c.pipe(u).pipe(c);
      c.on('error', () => u.destroy());
      u.on('error', () => c.destroy());
    }),
    'relay',
  );
  const agent = new http.Agent({ keepAlive: true });
  const mk = (hwm) =>
    http.createServer(hwm ? { highWaterMark: hwm } : {}, (req, res) => {
      const r = http.request(
        { host: '127.0.0.1', port: upPort, path: req.url, agent, ...(hwm ? { highWaterMark: hwm } : {}) },
        (up) => {
          res.writeHead(up.statusCode, up.headers);
          up.pipe(res);
        },
      );
      r.end();
    });
  await lis(mk(0), 'http');
  await lis(mk(256 * 1024), 'http256k');
  await lis(mk(1024 * 1024), 'http1m');
  // raw upstream: own request, head found by indexOf, body socket -> res (res.write) or socket -> res.socket
  const mkRaw = (direct) =>
    http.createServer((req, res) => {
      const u = net.connect(upPort, '127.0.0.1');
      u.write(`GET ${req.url} HTTP/1.1\r\nHost: 127.0.0.1:${upPort}\r\n\r\n`);
      let head = Buffer.alloc(0);
      const onHead = (d) => {
        head = Buffer.concat([head, d]);
        const i = head.indexOf('\r\n\r\n');
        if (i < 0) return;
        u.off('data', onHead);
        const rest = head.subarray(i + 4);
        res.writeHead(200, { 'Content-Type': 'video/x-matroska', 'Content-Length': SIZE });
        let got = 0;
        const sink = direct ? (res.flushHeaders(), res.socket) : res;
        const onData = (c) => {
          got += c.length;
          if (!sink.write(c)) {
            u.pause();
            sink.once('drain', () => u.resume());
          }
          if (got >= SIZE) {
            u.off('data', onData);
            u.destroy();
            res.end();
          }
        };
        u.on('data', onData);
        if (rest.length) onData(rest);
      };
      u.on('data', onHead);
    });
  await lis(mkRaw(false), 'rawup');
  await lis(mkRaw(true), 'rawboth');
  {
    const { Catalog } = await import('../dist/bridge/catalog/catalog.js');
    const { ProxyServer } = await import('../dist/bridge/proxy/proxy-server.js');
    const { parseCidr } = await import('../dist/net/cidr.js');
    const { createBridgeMetrics } = await import('../dist/bridge/metrics/metrics.js');
    const { upstreamKey } = await import('../dist/bridge/catalog/identity.js');
    const UDN = 'uuid:4d696e69-444c-164e-9d41-0242ac11be0c';
    const metrics = createBridgeMetrics();
    const catalog = new Catalog({ metrics });
    const o = `http://127.0.0.1:${upPort}`;
    catalog.apply({
      kind: 'up',
      source: 'bench',
      location: new URL(`${o}/rootDesc.xml`),
      descriptionText: `<?xml version="1.0"?><root xmlns="urn:schemas-upnp-org:device-1-0"><device><deviceType>urn:schemas-upnp-org:device:MediaServer:1</deviceType><UDN>${UDN}</UDN></device></root>`,
    });
    const p = new ProxyServer({ catalog, allow: [parseCidr('127.0.0.0/8')], metrics });
    const a = await p.listen(0, '127.0.0.1');
    ports.proxy = a.port;
    ports.proxyPath = `/u/${upstreamKey(UDN)}`;
  }
  process.on('message', () => {
    const c = process.cpuUsage();
    process.send({ cpu: (c.user + c.system) / 1e6 });
  });
  process.send({ ports });
  process.on('disconnect', () => process.exit(0));
} else {
  const start = (env) =>
    new Promise((r) => {
      const c = fork(new URL(import.meta.url).pathname, [], { env: { ...process.env, ...env } });
      c.once('message', (m) => r({ c, m }));
    });
  const up = await start({ ROLE: 'up' });
  const hop = await start({ ROLE: 'hop', UP: String(up.m.port) });
  const cpu = () =>
    new Promise((r) => {
      hop.c.once('message', (m) => r(m.cpu));
      hop.c.send('cpu');
    });
  const dl = (port, path = '') =>
    new Promise((resolve, reject) =>
      http
        .get({ host: '127.0.0.1', port, path: path + '/x.mkv', agent: false }, (res) => {
          let n = 0;
          res.on('data', (c) => (n += c.length));
          res.on('end', () => (n === SIZE ? resolve() : reject(new Error('short ' + n))));
        })
        .on('error', reject),
    );
  const variants =
    process.argv.length > 2 ? process.argv.slice(2) : ['relay', 'http', 'http256k', 'rawup', 'rawboth', 'proxy'];
  if (!variants.includes('relay')) variants.unshift('relay');
  const rounds = Number(process.env.ROUNDS || 5);
  const res = Object.fromEntries(variants.map((v) => [v, { cpu: [], wall: [] }]));
  for (let i = 0; i < rounds; i++)
    for (const v of i % 2 ? [...variants].reverse() : variants) {
      const c0 = await cpu();
      const t0 = performance.now();
      await dl(hop.m.ports[v], v === 'proxy' ? hop.m.ports.proxyPath : '');
      const w = performance.now() - t0;
      const c1 = await cpu();
      res[v].cpu.push((c1 - c0) * 8);
      res[v].wall.push(SIZE / 1024 ** 2 / (w / 1000));
    }
  const med = (xs) => {
    const s = [...xs].sort((a, b) => a - b);
    return s[s.length >> 1];
  };
  console.log(
    `proxy-hop-variants: ${SIZE / 1024 ** 2} MiB per download, ${rounds} rounds interleaved, medians; load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores`,
  );
  const relayCpu = med(res.relay.cpu);
  for (const v of variants) {
    const ratios = res[v].cpu.map((c, i) => c / res.relay.cpu[i]);
    console.log(
      `  ${v.padEnd(9)} hop CPU ${med(res[v].cpu).toFixed(2)} s/GiB (${res[v].cpu.map((x) => x.toFixed(2)).join(' ')}), ${med(ratios).toFixed(2)}x the relay's (median of per-round ratios; relay median ${relayCpu.toFixed(2)}), ${med(res[v].wall).toFixed(0)} MiB/s`,
    );
  }
  process.exit(0);
}
