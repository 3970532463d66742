import { describe, expect, it } from 'vitest';
import { ResolveError, withResolvedAddress, type Lookup } from '../../src/net/address-url.js';

const never: Lookup = () => new Promise(() => {});
const fixed =
  (...addresses: Array<{ address: string; family: number }>): Lookup =>
  async () =>
    addresses;

describe('a named URL as the address it resolves to (Host headers servers with a DNS-rebinding check accept)', () => {
  it('an IP literal is returned as is, without a lookup', async () => {
    const url = new URL('http://198.51.100.2:8200/rootDesc.xml');
    expect(await withResolvedAddress(url, 1_000, never)).toBe(url);
    const v6 = new URL('http://[::1]:8200/');
    expect(await withResolvedAddress(v6, 1_000, never)).toBe(v6);
  });

  it('a name becomes its IPv4 address (preferred over IPv6), path, query, port and credentials kept', async () => {
    const url = new URL('http://u:p@minidlna.media.svc:8200/rootDesc.xml?a=1');
    const out = await withResolvedAddress(
      url,
      1_000,
      fixed({ address: '2001:db8::5', family: 6 }, { address: '198.51.100.5', family: 4 }),
    );
    expect(out.href).toBe('http://u:p@198.51.100.5:8200/rootDesc.xml?a=1');
    expect(out.host).toBe('198.51.100.5:8200');
    expect(url.hostname).toBe('minidlna.media.svc');
  });

  it('only IPv6: bracketed', async () => {
    const out = await withResolvedAddress(
      new URL('http://nas/desc.xml'),
      1_000,
      fixed({ address: '2001:db8::5', family: 6 }),
    );
    expect(out.host).toBe('[2001:db8::5]');
  });

  it('the system resolver: localhost is 127.0.0.1 (/etc/hosts, nothing leaves the machine)', async () => {
    expect((await withResolvedAddress(new URL('http://localhost:8200/'), 2_000)).host).toBe('127.0.0.1:8200');
  });

  it('a name that does not resolve, or not in time: a ResolveError naming the host', async () => {
    const enotfound: Lookup = async () => {
      throw Object.assign(new Error('getaddrinfo ENOTFOUND minidlna'), { code: 'ENOTFOUND' });
    };
    await expect(withResolvedAddress(new URL('http://minidlna:8200/'), 1_000, enotfound)).rejects.toThrow(
      new ResolveError('minidlna: the name does not resolve (ENOTFOUND)'),
    );
    await expect(withResolvedAddress(new URL('http://minidlna:8200/'), 50, never)).rejects.toThrow(
      /minidlna: the name did not resolve within 50 ms/,
    );
    await expect(withResolvedAddress(new URL('http://minidlna:8200/'), 1_000, fixed())).rejects.toThrow(
      /resolves to no address/,
    );
  });
});
