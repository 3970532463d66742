import { describe, expect, it } from 'vitest';
import { rewriteContextFor, socketAuthority } from '../../../src/bridge/rewrite/response-context.js';
import type { UpstreamEntry } from '../../../src/bridge/catalog/types.js';

const entry = (descriptionText: string): UpstreamEntry =>
  ({
    key: 'k1',
    udn: 'uuid:x',
    location: new URL('http://Media.Svc:8096/desc.xml?api_key=s'),
    descriptionText,
    configId: 1,
    source: 't',
  }) as UpstreamEntry;

describe('rewriteContextFor: what counts as the upstream, what the client called the proxy', () => {
  it("names the upstream by its LOCATION, its description's own URLs and the address the proxy reached", () => {
    const ctx = rewriteContextFor({
      entry: entry(
        '<root><URLBase>http://10.42.0.5:8200/</URLBase><manufacturerURL>http://vendor.example/</manufacturerURL></root>',
      ),
      hostHeader: '192.0.2.10:8200',
      localAuthority: '192.0.2.10:8200',
      peerAuthority: '10.42.0.9:8096',
    });
    expect([...ctx.upstreamAuthorities].sort()).toEqual(['10.42.0.5:8200', '10.42.0.9:8096', 'media.svc:8096']);
    expect(ctx.publicAuthority).toBe('192.0.2.10:8200');
    expect(ctx.prefix).toBe('/u/k1');
  });

  it('a Host header that could inject text into bodies falls back to the local address', () => {
    const ctx = rewriteContextFor({
      entry: entry('<root/>'),
      hostHeader: 'x"><script>',
      localAuthority: '192.0.2.10:8200',
      peerAuthority: undefined,
    });
    expect(ctx.publicAuthority).toBe('192.0.2.10:8200');
  });
});

describe('socketAuthority', () => {
  it('canonical host:port for IPv4, IPv4-mapped and IPv6 socket addresses; nothing without both parts', () => {
    expect(socketAuthority('192.0.2.1', 80)).toBe('192.0.2.1:80');
    expect(socketAuthority('::ffff:192.0.2.1', 8200)).toBe('192.0.2.1:8200');
    expect(socketAuthority('2001:db8::1', 8200)).toBe('[2001:db8::1]:8200');
    expect(socketAuthority(undefined, 80)).toBeUndefined();
    expect(socketAuthority('192.0.2.1', undefined)).toBeUndefined();
  });
});
