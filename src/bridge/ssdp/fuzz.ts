// Input generator for fuzzing the SSDP codec: random bytes, random header-ish
// text, and mutations of real messages (the inputs that reach deepest). Shared
// by the CI-sized fuzz test and bench/ssdp-codec-fuzz.mjs. Deterministic for a seed.

/** Small fast PRNG (mulberry32): reproducible runs from a seed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TOKENS = [
  '\r\n',
  '\n',
  '\r',
  ':',
  ' ',
  '\t',
  '"',
  'HTTP/1.1',
  'M-SEARCH',
  'NOTIFY',
  '*',
  'ST',
  'MX',
  'MAN',
  'NTS',
  'USN',
  'LOCATION',
  'BOOTID.UPNP.ORG',
  'ssdp:alive',
  'ssdp:byebye',
  'ssdp:all',
  'uuid:',
  'urn:schemas-upnp-org:device:MediaServer:1',
  'max-age=',
  '999999999999',
  '-1',
  '\x00',
  '\xff',
  '%n',
  '::',
];

export function fuzzInputs(seed: number, seeds: readonly string[]): () => Buffer {
  const rnd = prng(seed);
  const int = (n: number): number => Math.floor(rnd() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  const bases = seeds.map((s) => Buffer.from(s, 'latin1'));
  return () => {
    const mode = int(10);
    if (mode === 0) {
      // random bytes, sometimes larger than the datagram limit
      const b = Buffer.allocUnsafe(int(rnd() < 0.02 ? 10_000 : 600));
      for (let i = 0; i < b.length; i++) b[i] = int(256);
      return b;
    }
    if (mode === 1) {
      // random token soup
      let s = '';
      for (let i = int(60); i > 0; i--) s += pick(TOKENS);
      return Buffer.from(s, 'latin1');
    }
    // mutate a real message: flips, inserts, deletions, splices, duplications
    const b = Buffer.from(pick(bases));
    let out: Buffer = b;
    for (let n = 1 + int(4); n > 0; n--) {
      const at = int(out.length + 1);
      switch (int(6)) {
        case 0:
          if (out.length) out[at % out.length] = int(256);
          break;
        case 1:
          out = Buffer.concat([out.subarray(0, at), Buffer.from(pick(TOKENS), 'latin1'), out.subarray(at)]);
          break;
        case 2:
          out = Buffer.concat([out.subarray(0, at), out.subarray(Math.min(out.length, at + int(20)))]);
          break;
        case 3:
          out = Buffer.concat([out.subarray(0, at), out.subarray(int(out.length))]);
          break;
        case 4: {
          const line = out.subarray(at, Math.min(out.length, at + int(80)));
          out = Buffer.concat([out.subarray(0, at), line, line, out.subarray(at)]);
          break;
        }
        default:
          out = Buffer.concat([
            out.subarray(0, at),
            Buffer.alloc(int(300), pick(['a', ' ', '\n', ':'])),
            out.subarray(at),
          ]);
      }
    }
    return out;
  };
}
