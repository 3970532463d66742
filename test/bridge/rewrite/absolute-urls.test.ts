import { describe, expect, it } from 'vitest';
import { rewriteAbsoluteUrls } from '../../../src/bridge/rewrite/absolute-urls.js';
import { canonicalAuthority, safeHostHeader } from '../../../src/bridge/rewrite/authority.js';
import type { RewriteContext } from '../../../src/bridge/rewrite/context.js';

const ctx: RewriteContext = {
  upstreamAuthorities: new Set(['10.42.0.5:8200', 'jellyfin.media.svc:8096']),
  publicAuthority: '192.0.2.1:8080',
  prefix: '/u/abc',
};
const rw = (text: string, c: RewriteContext = ctx): string => rewriteAbsoluteUrls(text, c).text;

describe('rewriteAbsoluteUrls: upstream origins become proxy URLs', () => {
  it('minidlna own-address URL in XML-escaped DIDL-Lite inside <Result> gets the proxy origin and prefix', () => {
    const soap =
      '<Result>&lt;res protocolInfo=&quot;http-get:*:video/x-matroska:*&quot;&gt;http://10.42.0.5:8200/MediaItems/1.mkv&lt;/res&gt;</Result>';
    expect(rw(soap)).toBe(
      '<Result>&lt;res protocolInfo=&quot;http-get:*:video/x-matroska:*&quot;&gt;http://192.0.2.1:8080/u/abc/MediaItems/1.mkv&lt;/res&gt;</Result>',
    );
  });

  it('Jellyfin Host-derived URL (public origin without the prefix) gets the prefix', () => {
    expect(rw('<controlURL>http://192.0.2.1:8080/dlna/f4a1/contentdirectory/control</controlURL>')).toBe(
      '<controlURL>http://192.0.2.1:8080/u/abc/dlna/f4a1/contentdirectory/control</controlURL>',
    );
  });

  it('a public URL already under /u/ is left alone (idempotent)', () => {
    const once = rw('<url>http://10.42.0.5:8200/icons/sm.png</url>');
    expect(rw(once)).toBe(once);
  });

  it('query strings with escaped ampersands survive byte for byte', () => {
    const text =
      '&lt;res&gt;http://jellyfin.media.svc:8096/dlna/videos/1/stream.mkv?Static=true&amp;amp;DeviceId=tv&lt;/res&gt;';
    expect(rw(text)).toBe(
      '&lt;res&gt;http://192.0.2.1:8080/u/abc/dlna/videos/1/stream.mkv?Static=true&amp;amp;DeviceId=tv&lt;/res&gt;',
    );
  });

  it('attributes, text and CDATA are all rewritten', () => {
    expect(
      rw('<a href="http://10.42.0.5:8200/x">t http://10.42.0.5:8200/y</a><![CDATA[http://10.42.0.5:8200/z]]>'),
    ).toBe(
      '<a href="http://192.0.2.1:8080/u/abc/x">t http://192.0.2.1:8080/u/abc/y</a><![CDATA[http://192.0.2.1:8080/u/abc/z]]>',
    );
  });

  it('a bare origin (no path) gets "/" after the prefix', () => {
    expect(rw('<presentationURL>http://10.42.0.5:8200</presentationURL>')).toBe(
      '<presentationURL>http://192.0.2.1:8080/u/abc/</presentationURL>',
    );
    expect(rw('"http://10.42.0.5:8200?x=1"')).toBe('"http://192.0.2.1:8080/u/abc/?x=1"');
  });

  it('host and scheme compare case-insensitively, and port 80 may be implicit', () => {
    const c = { ...ctx, upstreamAuthorities: new Set(['pod.local:80']) };
    expect(rw('HTTP://POD.local/a http://pod.local:80/b', c)).toBe(
      'http://192.0.2.1:8080/u/abc/a http://192.0.2.1:8080/u/abc/b',
    );
  });

  it('hosts that only start like the upstream are not touched (port and name boundaries)', () => {
    for (const text of [
      'http://10.42.0.5:82001/x',
      'http://10.42.0.5:8200.evil.com/x',
      'http://10.42.0.55:8200/x',
      'http://10.42.0.5:820/x',
    ]) {
      expect(rw(text)).toBe(text);
    }
  });

  it('other hosts, https and userinfo URLs are left alone (manufacturerURL stays)', () => {
    for (const text of [
      '<manufacturerURL>http://www.netgear.com/</manufacturerURL>',
      'https://10.42.0.5:8200/x',
      'http://user@10.42.0.5:8200/x',
    ]) {
      expect(rw(text)).toBe(text);
    }
  });

  it('counts the URLs it changed', () => {
    expect(rewriteAbsoluteUrls('http://10.42.0.5:8200/a http://10.42.0.5:8200/b http://x/c', ctx).rewrites).toBe(2);
  });
});

describe('authority helpers', () => {
  it('canonicalAuthority makes the default port explicit and lower-cases the host', () => {
    expect(canonicalAuthority('Pod.Local')).toBe('pod.local:80');
    expect(canonicalAuthority('[::1]:8096')).toBe('[::1]:8096');
    expect(canonicalAuthority('a:99999')).toBeUndefined();
    expect(canonicalAuthority('a b')).toBeUndefined();
  });

  it('safeHostHeader refuses Host values that would inject text into bodies', () => {
    expect(safeHostHeader('192.0.2.1:8080', 'f:1')).toBe('192.0.2.1:8080');
    for (const bad of ['x"><script>', 'a b', 'u@h', 'h:0', 'h:123456', '', undefined])
      expect(safeHostHeader(bad, 'f:1')).toBe('f:1');
  });
});
