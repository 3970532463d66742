// The proxy rewrites bodies as bytes (absolute-urls-buffer.ts); the text
// rewrite (absolute-urls.ts) is the reference: same bytes out, same count.
import { describe, expect, it } from 'vitest';
import { rewriteAbsoluteUrls } from '../../../src/bridge/rewrite/absolute-urls.js';
import { AuthorityMemo, rewriteAbsoluteUrlsInBuffer } from '../../../src/bridge/rewrite/absolute-urls-buffer.js';
import { FUZZ_CONTEXT, fuzzInput, prng } from '../../../src/bridge/rewrite/fuzz-harness.js';

function both(text: string, memo?: AuthorityMemo): { bytes: string; text: string; rewrites: [number, number] } {
  const input = Buffer.from(text, 'latin1');
  const viaBytes = rewriteAbsoluteUrlsInBuffer(input, FUZZ_CONTEXT, memo);
  const viaText = rewriteAbsoluteUrls(input.toString('latin1'), FUZZ_CONTEXT);
  return {
    bytes: viaBytes.body.toString('latin1'),
    text: viaText.text,
    rewrites: [viaBytes.rewrites, viaText.rewrites],
  };
}

describe('rewriteAbsoluteUrlsInBuffer equals the text rewrite', () => {
  it('the cases the text rewrite distinguishes', () => {
    const cases = [
      '<res>http://10.42.0.5:8200/MediaItems/1.mkv</res>',
      'HTTP://POD.LOCAL/x Http://pod.local:80?y http://pod.local:81/z',
      'http://10.42.0.5:8200', // at the very end: a '/' is added
      'http://192.0.2.1:8080/u/k1/a http://192.0.2.1:8080/a http://192.0.2.1:8080/u', // public: kept under /u/, mapped elsewhere
      'http://http://10.42.0.5:8200/x', // a URL inside what looked like an authority
      'http://user@10.42.0.5:8200/x http:///x http://[::1]:8200/ http://10.42.0.5:99999/',
      '&lt;res&gt;http://10.42.0.5:8200/a?b=1&amp;amp;c=2&lt;/res&gt;',
      '://10.42.0.5:8200/ ttp://10.42.0.5:8200/ xhttp://10.42.0.5:8200/',
      '',
    ];
    for (const text of cases) {
      const r = both(text);
      expect(r.bytes, text).toBe(r.text);
      expect(r.rewrites[0], text).toBe(r.rewrites[1]);
    }
  });

  it('nothing to rewrite: the input buffer itself comes back', () => {
    const input = Buffer.from('<a>http://example.org/x</a>', 'latin1');
    const r = rewriteAbsoluteUrlsInBuffer(input, FUZZ_CONTEXT);
    expect(r.body).toBe(input);
    expect(r.rewrites).toBe(0);
  });

  it('20,000 fuzz inputs and 2,000 random byte strings, one memo shared (as a body shares it across pieces)', () => {
    const rand = prng(0xb17e);
    const memo = new AuthorityMemo();
    for (let i = 0; i < 22_000; i++) {
      let text = fuzzInput(rand);
      if (i >= 20_000)
        text =
          Array.from({ length: Math.floor(rand() * 200) }, () => String.fromCharCode(Math.floor(rand() * 256))).join(
            '',
          ) + 'http://pod.local';
      const r = both(text, memo);
      if (r.bytes !== r.text || r.rewrites[0] !== r.rewrites[1])
        expect.fail(`input ${JSON.stringify(text)}: ${JSON.stringify(r)}`);
    }
  });

  it('more distinct authorities than the memo keeps: still judged right', () => {
    const memo = new AuthorityMemo();
    const text = Array.from(
      { length: 1_000 },
      (_, i) => `<res>http://10.42.${i >> 8}.${i & 255}:8200/x</res><res>http://10.42.0.5:8200/${i}</res>`,
    ).join('');
    const r = both(text, memo);
    expect(r.bytes).toBe(r.text);
    expect(r.rewrites).toEqual([1_001, 1_001]);
  });
});
