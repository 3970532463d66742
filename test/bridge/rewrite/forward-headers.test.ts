import { describe, expect, it } from 'vitest';
import { clientResponseHeaders, upstreamRequestHeaders } from '../../../src/bridge/rewrite/forward-headers.js';

describe('forwarded headers', () => {
  it("sends the upstream's own Host, whatever the client sent (GUPnP refuses any other), and once", () => {
    const opts = { clientAddress: '192.0.2.50', upstreamHost: 'pod:8200' };
    expect(upstreamRequestHeaders(['User-Agent', 'tv'], opts).slice(0, 2)).toEqual(['Host', 'pod:8200']);
    const out = upstreamRequestHeaders(['host', '192.0.2.10:8200', 'User-Agent', 'tv', 'Host', 'evil:1'], opts);
    expect(out.filter((_, i) => i % 2 === 0 && out[i]!.toLowerCase() === 'host')).toHaveLength(1);
    expect(out.slice(0, 4)).toEqual(['Host', 'pod:8200', 'User-Agent', 'tv']);
  });
  it("the GENA relay's CALLBACK replaces the client's", () => {
    const out = upstreamRequestHeaders(['Callback', '<http://192.0.2.50:1/e>', 'NT', 'upnp:event'], {
      clientAddress: '192.0.2.50',
      upstreamHost: 'pod:8200',
      replace: { callback: '<http://10.0.0.1:2/gena/t>' },
    });
    expect(out).toEqual([
      'Host',
      'pod:8200',
      'NT',
      'upnp:event',
      'CALLBACK',
      '<http://10.0.0.1:2/gena/t>',
      'X-Forwarded-For',
      '192.0.2.50',
      'Accept-Encoding',
      'identity',
    ]);
  });
  it('drops hop-by-hop response headers and keeps the spelling of the rest', () => {
    const { headers } = clientResponseHeaders(
      ['Transfer-Encoding', 'chunked', 'Keep-Alive', 'timeout=5', 'transferMode.dlna.org', 'Streaming'],
      {
        upstreamAuthorities: new Set(),
        publicAuthority: 'a:1',
        prefix: '/u/k',
      },
    );
    expect(headers).toEqual(['transferMode.dlna.org', 'Streaming']);
  });
});
