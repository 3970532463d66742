// Runs inside a network namespace: one M-SEARCH (unicast to `to`, or multicast
// when `to` is the group) from an ephemeral port, and what came back within
// `waitMs`: { sentBytes, answers: [{ ms, bytes, text }] }. Used by
// test/integration/ssdp-hostile.test.ts and bench/ssdp-hostile.mjs.
// Config: { to, st, mx?, waitMs, bind? }
import dgram from 'node:dgram';

const cfg = JSON.parse(process.argv[2]);
const multicast = cfg.to.startsWith('239.');
const message = Buffer.from(
  `M-SEARCH * HTTP/1.1\r\nHOST: ${multicast ? '239.255.255.250:1900' : `${cfg.to}:1900`}\r\nMAN: "ssdp:discover"\r\n` +
    `${cfg.mx === undefined ? '' : `MX: ${cfg.mx}\r\n`}ST: ${cfg.st}\r\nUSER-AGENT: tv/1 UPnP/1.1 tv/1\r\n\r\n`,
);
const s = dgram.createSocket('udp4');
const answers = [];
let sentAt = 0;
s.on('message', (m) => answers.push({ ms: Date.now() - sentAt, bytes: m.length, text: m.toString('latin1') }));
s.bind({ address: cfg.bind ?? '0.0.0.0', port: 0 }, () => {
  if (multicast && cfg.bind) s.setMulticastInterface(cfg.bind);
  sentAt = Date.now();
  s.send(message, 1900, cfg.to);
  setTimeout(() => {
    s.close();
    process.stdout.write(`${JSON.stringify({ sentBytes: message.length, answers })}\n`);
  }, cfg.waitMs);
});
