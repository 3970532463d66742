import { describe, expect, it } from 'vitest';
import { routeRequest } from '../../../src/bridge/proxy/route.js';
import { proxyPath } from '../../../src/bridge/catalog/proxy-path.js';
import { checkCallback } from '../../../src/bridge/proxy/gena-callback.js';
import { clientResponseHeaders, upstreamRequestHeaders, withContentLength } from '../../../src/bridge/proxy/forward-headers.js';

describe('routeRequest: the /u/{key}{path} scheme', () => {
  it('maps /u/{key}/rest to the upstream path, query kept', () => {
    expect(routeRequest('/u/abc-1/dlna/x/description.xml?a=1')).toEqual({ ok: true, key: 'abc-1', path: '/dlna/x/description.xml?a=1' });
    expect(routeRequest('/u/abc')).toEqual({ ok: true, key: 'abc', path: '/' });
    expect(routeRequest('/u/abc?x')).toEqual({ ok: true, key: 'abc', path: '/?x' });
  });
  it('is the inverse of proxyPath', () => {
    const r = routeRequest(proxyPath('k', '/rootDesc.xml'));
    expect(r).toEqual({ ok: true, key: 'k', path: '/rootDesc.xml' });
  });
  it('refuses absolute-form and asterisk targets (400), other paths and bad keys (404)', () => {
    expect(routeRequest('http://evil/')).toMatchObject({ ok: false, status: 400 });
    expect(routeRequest('*')).toMatchObject({ ok: false, status: 400 });
    expect(routeRequest('/x')).toMatchObject({ ok: false, status: 404 });
    expect(routeRequest('/u/../etc')).toMatchObject({ ok: false, status: 404 });
    expect(routeRequest('/u/')).toMatchObject({ ok: false, status: 404 });
  });
});

describe('checkCallback (CVE-2020-12695)', () => {
  it("accepts only http URLs naming the subscriber's own address", () => {
    expect(checkCallback('<http://192.0.2.50:49152/evt>', '::ffff:192.0.2.50')).toEqual({ ok: true, urls: ['http://192.0.2.50:49152/evt'] });
    expect(checkCallback('<http://192.0.2.50/a> <http://192.0.2.50/b>', '192.0.2.50')).toMatchObject({ ok: true });
    expect(checkCallback('<http://192.0.2.51/a>', '192.0.2.50')).toMatchObject({ ok: false, status: 403 });
    expect(checkCallback('<http://192.0.2.50.nip.io/a>', '192.0.2.50')).toMatchObject({ ok: false, status: 403 });
    expect(checkCallback('', '192.0.2.50')).toMatchObject({ ok: false, status: 412 });
    expect(checkCallback('<http://192.0.2.50/a>'.repeat(9), '192.0.2.50')).toMatchObject({ ok: false, status: 412 });
  });
});

describe('forwarded headers', () => {
  it("sends the upstream's own Host, whatever the client sent (GUPnP refuses any other), and once", () => {
    const opts = { clientAddress: '192.0.2.50', upstreamHost: 'pod:8200' };
    expect(upstreamRequestHeaders(['User-Agent', 'tv'], opts).slice(0, 2)).toEqual(['Host', 'pod:8200']);
    const out = upstreamRequestHeaders(['host', '192.0.2.10:8200', 'User-Agent', 'tv', 'Host', 'evil:1'], opts);
    expect(out.filter((_, i) => i % 2 === 0 && out[i]!.toLowerCase() === 'host')).toHaveLength(1);
    expect(out.slice(0, 4)).toEqual(['Host', 'pod:8200', 'User-Agent', 'tv']);
  });
  it("the GENA relay's CALLBACK replaces the client's", () => {
    const out = upstreamRequestHeaders(['Callback', '<http://192.0.2.50:1/e>', 'NT', 'upnp:event'], { clientAddress: '192.0.2.50', upstreamHost: 'pod:8200', replace: { callback: '<http://10.0.0.1:2/gena/t>' } });
    expect(out).toEqual(['Host', 'pod:8200', 'NT', 'upnp:event', 'CALLBACK', '<http://10.0.0.1:2/gena/t>', 'X-Forwarded-For', '192.0.2.50', 'Accept-Encoding', 'identity']);
  });
  it('drops hop-by-hop response headers and keeps the spelling of the rest', () => {
    const { headers } = clientResponseHeaders(['Transfer-Encoding', 'chunked', 'Keep-Alive', 'timeout=5', 'transferMode.dlna.org', 'Streaming'], {
      upstreamAuthorities: new Set(),
      publicAuthority: 'a:1',
      prefix: '/u/k',
    });
    expect(headers).toEqual(['transferMode.dlna.org', 'Streaming']);
  });
  it('withContentLength replaces any Content-Length', () => {
    expect(withContentLength(['content-length', '5', 'X', 'y'], 7)).toEqual(['X', 'y', 'Content-Length', '7']);
  });
});
