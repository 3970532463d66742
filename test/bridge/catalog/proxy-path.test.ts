import { describe, expect, it } from 'vitest';
import {
  lanLocation,
  parseProxyPath,
  proxyPath,
  proxyPrefix,
  upstreamRequestPath,
  UPSTREAM_KEY,
} from '../../../src/bridge/catalog/proxy-path.js';
import { upstreamKey } from '../../../src/bridge/catalog/identity.js';
import type { UpstreamEntry } from '../../../src/bridge/catalog/types.js';

const entry = (over: Partial<UpstreamEntry> = {}): Pick<UpstreamEntry, 'key' | 'location'> => ({
  key: '11111111-2222-3333-4444-555555555555',
  location: new URL('http://198.51.100.2:8096/dlna/abc/description.xml?x=1'),
  ...over,
});

describe('the /u/{key} scheme: building and parsing are inverses', () => {
  it('proxyPath and proxyPrefix put an upstream path under /u/{key}', () => {
    expect(proxyPrefix('k')).toBe('/u/k');
    expect(proxyPath('k', '/rootDesc.xml?a=1')).toBe('/u/k/rootDesc.xml?a=1');
    expect(proxyPath('k', 'rel')).toBe('/u/k/rel');
    expect(proxyPath('k', '')).toBe('/u/k/');
  });

  it('parseProxyPath gives back the key and the upstream path, query kept', () => {
    expect(parseProxyPath(proxyPath('k', '/rootDesc.xml'))).toEqual({ ok: true, key: 'k', path: '/rootDesc.xml' });
    expect(parseProxyPath('/u/abc-1/dlna/x/description.xml?a=1')).toEqual({
      ok: true,
      key: 'abc-1',
      path: '/dlna/x/description.xml?a=1',
    });
    expect(parseProxyPath('/u/abc')).toEqual({ ok: true, key: 'abc', path: '/' });
    expect(parseProxyPath('/u/abc?x')).toEqual({ ok: true, key: 'abc', path: '/?x' });
  });

  it('tells a path outside /u/ from a key that names no upstream', () => {
    expect(parseProxyPath('/x')).toEqual({ ok: false, why: 'outside' });
    expect(parseProxyPath('/U/abc/')).toEqual({ ok: false, why: 'outside' });
    expect(parseProxyPath('/u/')).toEqual({ ok: false, why: 'bad-key' });
    expect(parseProxyPath('/u/../etc')).toEqual({ ok: false, why: 'bad-key' });
    expect(parseProxyPath('/u/ABC/')).toEqual({ ok: false, why: 'bad-key' });
  });

  it('every key the catalog makes is one the parser accepts, readable or hashed', () => {
    for (const udn of [
      'uuid:4d696e69-444c-164e-9d41-b827eb000001',
      'uuid:Has Spaces/and:colons',
      'uuid:h-looks-hashed',
      'x'.repeat(200),
    ]) {
      const key = upstreamKey(udn);
      expect(key).toMatch(UPSTREAM_KEY);
      expect(parseProxyPath(proxyPath(key, '/d.xml'))).toEqual({ ok: true, key, path: '/d.xml' });
    }
  });
});

describe('lanLocation and upstreamRequestPath: what the TV is told, what the upstream is asked', () => {
  it('LOCATION = http://{advertise}:{port}/u/{key}{upstream path}: the proxy, never the pod', () => {
    expect(lanLocation(entry(), '192.0.2.1', 8200)).toBe(
      'http://192.0.2.1:8200/u/11111111-2222-3333-4444-555555555555/dlna/abc/description.xml',
    );
  });

  it('never carries the upstream query or userinfo: LOCATION is multicast to the whole LAN (issue 10, break 8)', () => {
    const secret = entry({
      location: new URL('http://user:pass@198.51.100.2:8096/dlna/abc/description.xml?api_key=s3cret&x=1#frag'),
    });
    const location = lanLocation(secret, '192.0.2.1', 8200);
    expect(location).toBe('http://192.0.2.1:8200/u/11111111-2222-3333-4444-555555555555/dlna/abc/description.xml');
    expect(location).not.toMatch(/s3cret|api_key|user|pass|\?|#/);
  });

  it('the proxy gives the upstream its description query back: the TV asks without it', () => {
    const loc = new URL('http://198.51.100.2:8096/desc.xml?api_key=s3cret');
    expect(upstreamRequestPath('/desc.xml', loc)).toBe('/desc.xml?api_key=s3cret');
    expect(upstreamRequestPath('/desc.xml?own=1', loc)).toBe('/desc.xml?own=1');
    expect(upstreamRequestPath('/other.xml', loc)).toBe('/other.xml');
    expect(upstreamRequestPath('/desc.xml', new URL('http://198.51.100.2:8096/desc.xml'))).toBe('/desc.xml');
  });
});
