import { describe, expect, it } from 'vitest';
import { rewriteUrlHeader } from '../../../src/bridge/rewrite/headers.js';
import { isRewritableContentType } from '../../../src/bridge/rewrite/body.js';
import { redactUrl } from '../../../src/util/redact-url.js';

const ctx = { upstreamAuthorities: new Set(['10.42.0.5:8200']), publicAuthority: '192.0.2.1:8080', prefix: '/u/k1' };

describe('Location-type headers', () => {
  it('an absolute Location naming the upstream points at the proxy', () => {
    expect(rewriteUrlHeader('http://10.42.0.5:8200/MediaItems/1.mkv', ctx).text).toBe(
      'http://192.0.2.1:8080/u/k1/MediaItems/1.mkv',
    );
  });
  it('a root-relative Location gets the prefix, once', () => {
    expect(rewriteUrlHeader('/MediaItems/1.mkv', ctx).text).toBe('/u/k1/MediaItems/1.mkv');
    expect(rewriteUrlHeader('/u/k1/MediaItems/1.mkv', ctx).text).toBe('/u/k1/MediaItems/1.mkv');
  });
  it('a foreign Location is left alone', () => {
    expect(rewriteUrlHeader('http://example.org/', ctx).text).toBe('http://example.org/');
  });
});

describe('content types that are rewritten', () => {
  it('XML types only, parameters ignored', () => {
    for (const t of [
      'text/xml',
      'text/xml; charset="utf-8"',
      'application/xml',
      'application/soap+xml',
      'Application/XML',
    ])
      expect(isRewritableContentType(t)).toBe(true);
    for (const t of ['video/x-matroska', 'application/json', 'text/html', undefined, ''])
      expect(isRewritableContentType(t)).toBe(false);
  });
});

describe('redactUrl: no secrets in logs', () => {
  it('removes Jellyfin API keys and userinfo', () => {
    expect(redactUrl('/dlna/videos/1/stream.mkv?Static=true&api_key=s3cret&ApiKey=x&X-Emby-Token=y')).toBe(
      '/dlna/videos/1/stream.mkv?Static=true&api_key=[redacted]&ApiKey=[redacted]&X-Emby-Token=[redacted]',
    );
    expect(redactUrl('http://admin:pw@jf:8096/x?token=t#f')).toBe('http://[redacted]@jf:8096/x?token=[redacted]#f');
    expect(redactUrl('/a?%zz=1')).toBe('/a?%zz=1');
  });
});
