// Fuzzing the rewriter: a seeded generator of hostile, URL-dense XML-ish text
// and the properties every rewrite must keep. Lives in src/ (pure, no I/O) so
// the CI-sized test (test/bridge/rewrite/fuzz.test.ts) and the 1,000,000-input bench
// (bench/proxy-rewrite-fuzz.mjs, which imports dist/) run the same checks.
import { rewriteAbsoluteUrls } from './absolute-urls.js';
import { rewriteAbsoluteUrlsInBuffer } from './absolute-urls-buffer.js';
import { rewriteXmlBody } from './body.js';
import { isAuthorityCode } from './authority.js';
import type { RewriteContext } from './context.js';
import { prng } from '../ssdp/fuzz.js';

export { prng };

export const FUZZ_CONTEXT: RewriteContext = {
  upstreamAuthorities: new Set(['10.42.0.5:8200', 'pod.local:80']),
  publicAuthority: '192.0.2.1:8080',
  prefix: '/u/k1',
};

const TOKENS = [
  'http://',
  'HTTP://',
  'https://',
  'http:/',
  '10.42.0.5',
  '10.42.0.55',
  ':8200',
  ':82001',
  ':80',
  'pod.local',
  'POD.LOCAL',
  '192.0.2.1',
  ':8080',
  '/',
  '/u/',
  '/u/k1/',
  '@',
  '?',
  '#',
  '&amp;',
  '&amp;amp;',
  '&lt;',
  '&gt;',
  '&quot;',
  '<![CDATA[',
  ']]>',
  '<controlURL>',
  '</controlURL>',
  '<url a="1">',
  '</url>',
  '<URLBase>',
  '<SCPDURL>',
  '<presentationURL>',
  '<res>',
  '</res>',
  '<root xmlns="urn:schemas-upnp-org:device-1-0">',
  '</root>',
  '<!DOCTYPE x [<!ENTITY a "b">]>',
  '"',
  "'",
  ' ',
  '\n',
  '\t',
  'x',
  '.evil.com',
  '[::1]',
  'é',
  '\u0000',
  '\uffff',
  '%2F',
  '//',
  '<',
  '>',
  'MediaItems/1.mkv',
];

export function fuzzInput(rand: () => number, maxTokens = 60): string {
  const n = Math.floor(rand() * maxTokens);
  let s = '';
  for (let i = 0; i < n; i++) {
    if (rand() < 0.1) s += String.fromCharCode(Math.floor(rand() * 256));
    else s += TOKENS[Math.floor(rand() * TOKENS.length)];
  }
  return s;
}

/** Is there still a URL naming an upstream authority (followed by a real boundary)? */
function leftover(text: string, ctx: RewriteContext): string | undefined {
  const re = /http:\/\//gi;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    let end = m.index + 7;
    while (end < text.length && isAuthorityCode(text.charCodeAt(end))) end++;
    if (text[end] === '@') continue;
    const auth = text.slice(m.index + 7, end).toLowerCase();
    const canonical = auth.includes(':') && !auth.endsWith(']') ? auth : `${auth}:80`;
    if (ctx.upstreamAuthorities.has(canonical)) return text.slice(m.index, end);
  }
  return undefined;
}

/** The properties of one input; returns the first violated one, or undefined. */
export function checkRewriteProperties(input: string, ctx: RewriteContext = FUZZ_CONTEXT): string | undefined {
  const once = rewriteAbsoluteUrls(input, ctx);
  if (rewriteAbsoluteUrls(once.text, ctx).text !== once.text) return 'not idempotent';
  const left = leftover(once.text, ctx);
  if (left) return `upstream URL left: ${left}`;
  if (!/http:\/\//i.test(input) && once.text !== input) return 'changed a text without URLs';
  if (once.rewrites === 0 && once.text !== input) return 'changed text but counted no rewrite';
  // The proxy rewrites bytes (absolute-urls-buffer.ts): exactly what the text rewrite gives for the latin1 text.
  const bytes = Buffer.from(input, 'latin1');
  const viaText = rewriteAbsoluteUrls(bytes.toString('latin1'), ctx);
  const viaBytes = rewriteAbsoluteUrlsInBuffer(bytes, ctx);
  if (viaBytes.rewrites !== viaText.rewrites || !viaBytes.body.equals(Buffer.from(viaText.text, 'latin1')))
    return 'byte rewrite differs from the text rewrite';
  const body = rewriteXmlBody(input, ctx);
  if (typeof body.text !== 'string') return 'no text from rewriteXmlBody';
  const bodyLeft = leftover(body.text, ctx);
  if (bodyLeft) return `upstream URL left in body: ${bodyLeft}`;
  return undefined;
}
