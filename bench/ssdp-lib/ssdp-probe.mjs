// Runs inside a network namespace: one M-SEARCH (unicast to `to`, or multicast
// when `to` is the group) from an ephemeral port, and what came back within
// `waitMs`: { sentBytes, answers: [{ ms, bytes, text }] }. Used by
// test/integration/ssdp-hostile.test.ts and bench/ssdp-hostile.mjs.
// Config: { to, st, mx?, waitMs, bind?, untilFirst? (stop 300 ms after the first answer) }
import dgram from 'node:dgram';

const cfg = JSON.parse(process.argv[2]);
const multicast = cfg.to.startsWith('239.');
const message = Buffer.from(
  `M-SEARCH * HTTP/1.1\r\nHOST: ${multicast ? '239.255.255.250:1900' : `${cfg.to}:1900`}\r\nMAN: "ssdp:discover"\r\n` +
    `${cfg.mx === undefined ? '' : `MX: ${cfg.mx}\r\n`}ST: ${cfg.st}\r\nUSER-AGENT: tv/1 UPnP/1.1 tv/1\r\n\r\n`,
);
// A large receive buffer: 400 answers in a burst overflow the default one (the kernel caps it at rmem_max).
const s = dgram.createSocket({ type: 'udp4', recvBufferSize: 4 * 1024 * 1024 });
const answers = [];
let sentAt = 0;
let done = false;
const finish = () => {
  if (done) return;
  done = true;
  s.close();
  process.stdout.write(`${JSON.stringify({ sentBytes: message.length, answers })}\n`);
};
s.on('message', (m) => {
  answers.push({ ms: Date.now() - sentAt, bytes: m.length, text: m.toString('latin1') });
  if (cfg.untilFirst && answers.length === 1) setTimeout(finish, 300);
});
s.bind({ address: cfg.bind ?? '0.0.0.0', port: 0 }, () => {
  if (multicast && cfg.bind) s.setMulticastInterface(cfg.bind);
  sentAt = Date.now();
  s.send(message, 1900, cfg.to);
  setTimeout(finish, cfg.waitMs);
});
