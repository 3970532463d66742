import { describe, expect, it } from 'vitest';
import { FUZZ_CONTEXT, checkRewriteProperties, fuzzInput, prng } from '../../../src/bridge/rewrite/fuzz-harness.js';
import { rewriteXmlBody } from '../../../src/bridge/rewrite/body.js';
import { rewriteDescription } from '../../../src/bridge/rewrite/description.js';

describe('rewriter fuzz (CI-sized; bench/proxy-rewrite-fuzz.mjs runs 1,000,000)', () => {
  it('20,000 random hostile inputs: no throw, idempotent, no upstream URL left', () => {
    const rand = prng(0xd1a);
    for (let i = 0; i < 20_000; i++) {
      const input = fuzzInput(rand);
      const violation = checkRewriteProperties(input);
      if (violation) expect.fail(`input ${JSON.stringify(input)}: ${violation}`);
    }
  });

  it('an 8 MiB Browse-like body with 100,000 URLs is rewritten in linear time', () => {
    const unit = '&lt;res&gt;http://10.42.0.5:8200/MediaItems/12345.mkv?a=1&amp;amp;b=2&lt;/res&gt;\n';
    const text = unit.repeat(Math.floor((8 * 1024 * 1024) / unit.length));
    const t0 = performance.now();
    const out = rewriteXmlBody(text, FUZZ_CONTEXT);
    expect(performance.now() - t0).toBeLessThan(5_000);
    expect(out.rewrites).toBe(Math.floor((8 * 1024 * 1024) / unit.length));
    expect(out.text).not.toContain('10.42.0.5');
  });

  it('pathological inputs (endless authority, unclosed tags, repeated schemes) finish fast', () => {
    const inputs = [
      `http://${'a'.repeat(2_000_000)}`,
      `<root xmlns="urn:schemas-upnp-org:device-1-0"><controlURL${' '.repeat(1_000_000)}`,
      '<url '.repeat(200_000),
      'http://'.repeat(300_000),
      `<controlURL>${'<![CDATA['.repeat(100_000)}/x`,
    ];
    for (const input of inputs) {
      const t0 = performance.now();
      rewriteXmlBody(input, FUZZ_CONTEXT);
      rewriteDescription(input, FUZZ_CONTEXT);
      expect(performance.now() - t0).toBeLessThan(3_000);
    }
  });
});
