// Runs inside a network namespace (ip netns exec NS node ssdp-flood.mjs JSON):
// M-SEARCH from many source addresses of this host, round-robin, at a rate.
// Used by test/integration/ssdp-hostile.test.ts and bench/ssdp-hostile.mjs:
// the addresses sit on an interface with ARP off, so to the bridge they are
// hosts that do not exist (its answers wait for an ARP reply that never comes).
// Config: { sources: [addr...], st, mx, rate (per second), seconds, to?, port? }
// Prints one JSON line: { sent, errors }.
import dgram from 'node:dgram';

const cfg = JSON.parse(process.argv[2]);
const to = cfg.to ?? '239.255.255.250';
const port = cfg.port ?? 1900;
const multicast = to.startsWith('239.');
const message = Buffer.from(
  `M-SEARCH * HTTP/1.1\r\nHOST: ${multicast ? '239.255.255.250:1900' : `${to}:${port}`}\r\nMAN: "ssdp:discover"\r\n` +
    `${cfg.mx === undefined ? '' : `MX: ${cfg.mx}\r\n`}ST: ${cfg.st}\r\nUSER-AGENT: flood/1 UPnP/1.1 flood/1\r\n\r\n`,
);
const sockets = await Promise.all(
  cfg.sources.map(
    (address) =>
      new Promise((resolve, reject) => {
        const s = dgram.createSocket('udp4');
        s.once('error', reject);
        s.bind({ address, port: 0 }, () => {
          if (multicast) {
            s.setMulticastInterface(address);
            s.setMulticastTTL(2);
          }
          s.on('error', () => {});
          resolve(s);
        });
      }),
  ),
);
let sent = 0;
let errors = 0;
const total = Math.round(cfg.rate * cfg.seconds);
const started = Date.now();
const tickMs = 10;
let i = 0;
await new Promise((done) => {
  const timer = setInterval(() => {
    const due = Math.min(total, Math.floor(((Date.now() - started) / 1000) * cfg.rate));
    for (; i < due; i++) {
      sockets[i % sockets.length].send(message, port, to, (err) => (err ? errors++ : sent++));
    }
    if (i >= total) {
      clearInterval(timer);
      setTimeout(done, 50);
    }
  }, tickMs);
});
for (const s of sockets) s.close();
process.stdout.write(`${JSON.stringify({ sent, errors, seconds: (Date.now() - started) / 1000 })}\n`);
