import { describe, expect, it } from 'vitest';
import { routeRequest } from '../../../src/bridge/proxy/route.js';
import { proxyPath } from '../../../src/bridge/catalog/proxy-path.js';
import { checkCallback } from '../../../src/bridge/proxy/gena-callback.js';
import { withContentLength } from '../../../src/bridge/proxy/framing.js';

describe('routeRequest: the /u/{key}{path} scheme', () => {
  it('maps /u/{key}/rest to the upstream path, query kept', () => {
    expect(routeRequest('/u/abc-1/dlna/x/description.xml?a=1')).toEqual({
      ok: true,
      key: 'abc-1',
      path: '/dlna/x/description.xml?a=1',
    });
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
    expect(checkCallback('<http://192.0.2.50:49152/evt>', '::ffff:192.0.2.50')).toEqual({
      ok: true,
      urls: ['http://192.0.2.50:49152/evt'],
    });
    expect(checkCallback('<http://192.0.2.50/a> <http://192.0.2.50/b>', '192.0.2.50')).toMatchObject({ ok: true });
    expect(checkCallback('<http://192.0.2.51/a>', '192.0.2.50')).toMatchObject({ ok: false, status: 403 });
    expect(checkCallback('<http://192.0.2.50.nip.io/a>', '192.0.2.50')).toMatchObject({ ok: false, status: 403 });
    expect(checkCallback('', '192.0.2.50')).toMatchObject({ ok: false, status: 412 });
    expect(checkCallback('<http://192.0.2.50/a>'.repeat(9), '192.0.2.50')).toMatchObject({ ok: false, status: 412 });
  });
});

describe('withContentLength', () => {
  it('replaces any Content-Length', () => {
    expect(withContentLength(['content-length', '5', 'X', 'y'], 7)).toEqual(['X', 'y', 'Content-Length', '7']);
  });
});
