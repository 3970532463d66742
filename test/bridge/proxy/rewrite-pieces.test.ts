// The proxy rewrites big XML answers a piece at a time as they arrive
// (src/bridge/rewrite/body.ts, XmlBodyRewriter), to hold the output and one piece of
// input, not four copies of the whole: the pieces must come out exactly as
// rewriting the whole text would.
import { describe, expect, it } from 'vitest';
import { rewriteXmlBody, rewriteXmlBuffer, XmlBodyRewriter } from '../../../src/bridge/rewrite/body.js';
import { FUZZ_CONTEXT, fuzzInput, prng } from '../../../src/bridge/rewrite/fuzz-harness.js';

function whole(bytes: Buffer): { out: Buffer; rewrites: number } {
  const r = rewriteXmlBody(bytes.toString('latin1'), FUZZ_CONTEXT);
  return { out: Buffer.from(r.text, 'latin1'), rewrites: r.rewrites };
}

describe('XmlBodyRewriter: pieces equal the whole', () => {
  it('10,000 hostile fuzz inputs, cut into pieces of 1, 5 and 40 bytes', () => {
    const rand = prng(0x9e1);
    for (let i = 0; i < 10_000; i++) {
      const input = Buffer.from(fuzzInput(rand, 80), 'latin1');
      const expected = whole(input);
      for (const size of [1, 5, 40]) {
        const got = rewriteXmlBuffer(input, FUZZ_CONTEXT, size);
        const out = Buffer.concat(got.pieces);
        if (!out.equals(expected.out) || got.rewrites !== expected.rewrites || got.length !== out.length) {
          expect.fail(
            `piece size ${size}, input ${JSON.stringify(input.toString('latin1'))}: got ${JSON.stringify(out.toString('latin1'))}`,
          );
        }
      }
    }
  });

  it('300 fuzz documents of 20-60 KiB (past the description check), pushed in random chunks, pieces of 1 byte to 4 KiB', () => {
    const rand = prng(0x5eed);
    for (let i = 0; i < 300; i++) {
      let text = '';
      const target = 20_000 + Math.floor(rand() * 40_000);
      while (text.length < target) text += fuzzInput(rand, 80);
      const input = Buffer.from(text, 'latin1');
      const expected = whole(input);
      const rewriter = new XmlBodyRewriter(FUZZ_CONTEXT, [1, 7, 300, 4096][i % 4]);
      for (let at = 0; at < input.length;) {
        const n = 1 + Math.floor(rand() * 3000);
        rewriter.push(input.subarray(at, at + n));
        at += n;
      }
      const got = rewriter.end();
      const out = Buffer.concat(got.pieces);
      if (!out.equals(expected.out) || got.rewrites !== expected.rewrites)
        expect.fail(`document ${i} (${input.length} bytes) differs`);
    }
  });

  it('input with no place to cut is still linear: 8 MiB without < or &', () => {
    const t0 = performance.now();
    const got = rewriteXmlBuffer(Buffer.alloc(8 * 1024 * 1024, 0x61), FUZZ_CONTEXT);
    expect(got.length).toBe(8 * 1024 * 1024);
    expect(performance.now() - t0).toBeLessThan(3_000);
  });

  it('an 8 MiB Browse answer (escaped DIDL-Lite): same bytes, rewritten in many pieces', () => {
    const unit =
      '&lt;item&gt;&lt;dc:title&gt;Clip&lt;/dc:title&gt;&lt;res&gt;http://10.42.0.5:8200/MediaItems/12345.mkv?a=1&amp;amp;b=2&lt;/res&gt;&lt;/item&gt;\n';
    const text = `<?xml version="1.0"?><s:Envelope><s:Body><Result>${unit.repeat(Math.floor((8 * 1024 * 1024) / unit.length))}</Result><Pad>${' '.repeat(200_000)}</Pad></s:Body></s:Envelope>`;
    const input = Buffer.from(text, 'latin1');
    const got = rewriteXmlBuffer(input, FUZZ_CONTEXT);
    const expected = whole(input);
    expect(Buffer.concat(got.pieces).equals(expected.out)).toBe(true);
    expect(got.rewrites).toBe(expected.rewrites);
    expect(got.pieces.length).toBeGreaterThan(100);
  });

  it('abandon(): what was held, in order, rewritten pieces first', () => {
    const rewriter = new XmlBodyRewriter(FUZZ_CONTEXT, 1024);
    const head = `<a>${' '.repeat(20_000)}<res>http://10.42.0.5:8200/x</res>`;
    rewriter.push(Buffer.from(head));
    rewriter.push(Buffer.from('<res>http://10.42.0.5:8200/y</res>'));
    const held = Buffer.concat(rewriter.abandon()).toString();
    expect(held.startsWith('<a> ')).toBe(true);
    expect(held).toContain('http://192.0.2.1:8080/u/k1/x');
    expect(held.endsWith('</res>')).toBe(true);
    expect(held.length).toBeGreaterThan(head.length);
  });

  it('a device description is rewritten whole (root-relative URLs get the prefix)', () => {
    const desc = Buffer.from(
      '<?xml version="1.0"?><root xmlns="urn:schemas-upnp-org:device-1-0"><device><controlURL>/ctl</controlURL></device></root>',
    );
    const got = rewriteXmlBuffer(desc, FUZZ_CONTEXT, 8);
    expect(got.description).toBe(true);
    expect(Buffer.concat(got.pieces).toString()).toContain('<controlURL>/u/k1/ctl</controlURL>');
  });
});
