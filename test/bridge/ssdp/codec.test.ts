import { describe, expect, it } from 'vitest';
import {
  parseSsdp,
  serializeAlive,
  serializeByebye,
  serializeSearch,
  serializeSearchResponse,
  serializeUpdate,
  SsdpEncodeError,
  type ParseResult,
} from '../../../src/bridge/ssdp/codec.js';
import { MAX_DATAGRAM_BYTES } from '../../../src/bridge/ssdp/constants.js';
import { REAL_MESSAGES } from './fixtures.js';

const parse = (text: string): ParseResult => parseSsdp(Buffer.from(text, 'latin1'));
const ok = (text: string) => {
  const r = parse(text);
  if (!r.ok) throw new Error(`expected ok, got ${r.reason}: ${r.detail}`);
  return r.message;
};
const reason = (text: string) => {
  const r = parse(text);
  return r.ok ? 'ok' : r.reason;
};

const search = (extra: string[] = [], first = 'M-SEARCH * HTTP/1.1') =>
  [first, 'HOST: 239.255.255.250:1900', 'MAN: "ssdp:discover"', 'MX: 2', 'ST: ssdp:all', ...extra, '', ''].join('\r\n');

describe('SSDP codec: parsing real messages', () => {
  it('minidlna NOTIFY alive (no space after colons) parses with max-age and LOCATION', () => {
    const m = ok(REAL_MESSAGES.minidlnaAlive!);
    expect(m).toMatchObject({
      type: 'notify',
      nts: 'ssdp:alive',
      nt: 'urn:schemas-upnp-org:device:MediaServer:1',
      maxAge: 1810,
      location: 'http://198.51.100.2:8200/rootDesc.xml',
    });
  });
  it('Jellyfin byebye parses without LOCATION', () => {
    expect(ok(REAL_MESSAGES.jellyfinByebye!)).toMatchObject({
      type: 'notify',
      nts: 'ssdp:byebye',
      location: undefined,
    });
  });
  it('UDA 1.1 §1.3.2: header names are case-insensitive (gssdp "Man", "Host")', () => {
    expect(ok(REAL_MESSAGES.gssdpSearch!)).toMatchObject({
      type: 'search',
      st: 'urn:schemas-upnp-org:device:MediaServer:1',
      mx: 3,
      userAgent: 'GSSDP/1.6.3 GUPnP/1.6.6 Linux',
    });
  });
  it('bare LF line endings are tolerated', () => {
    expect(ok(REAL_MESSAGES.tvSearchLf!)).toMatchObject({ type: 'search', st: 'ssdp:all', mx: 2 });
  });
  it('search response with BOOTID/CONFIGID and vendor headers', () => {
    expect(ok(REAL_MESSAGES.searchResponse!)).toMatchObject({
      type: 'response',
      st: 'upnp:rootdevice',
      bootId: 1,
      configId: 1337,
      maxAge: 120,
    });
  });
  it('a missing final empty line is tolerated', () => {
    expect(reason(search().replace(/\r\n\r\n$/, '\r\n'))).toBe('ok');
  });
  it('a unicast search without MX parses (policy decides), mx undefined', () => {
    const text = [
      'M-SEARCH * HTTP/1.1',
      'HOST: 192.0.2.10:1900',
      'MAN: "ssdp:discover"',
      'ST: upnp:rootdevice',
      '',
      '',
    ].join('\r\n');
    expect(ok(text)).toMatchObject({ type: 'search', mx: undefined, host: '192.0.2.10:1900' });
  });
});

describe('SSDP codec: refusing bad datagrams (typed reasons, never throws)', () => {
  it(`datagrams over ${MAX_DATAGRAM_BYTES} bytes are "oversized"`, () => {
    expect(parseSsdp(Buffer.alloc(MAX_DATAGRAM_BYTES + 1, 0x41))).toMatchObject({ ok: false, reason: 'oversized' });
  });
  it('an empty datagram is "empty"', () => expect(reason('')).toBe('empty'));
  it('NUL and control bytes are "binary"', () =>
    expect(reason(search().replace('ssdp:all', 'ssdp:\x00all'))).toBe('binary'));
  it('an HTTP GET is "unknown-method"', () =>
    expect(reason('GET * HTTP/1.1\r\nHOST: x\r\n\r\n')).toBe('unknown-method'));
  it('a request target other than * is "bad-start-line"', () =>
    expect(reason(search([], 'M-SEARCH / HTTP/1.1'))).toBe('bad-start-line'));
  it('garbage start line is "bad-start-line"', () => expect(reason('hello world\r\n\r\n')).toBe('bad-start-line'));
  it('a non-200 status is "unsupported-status"', () =>
    expect(reason('HTTP/1.1 404 Not Found\r\nST: a\r\n\r\n')).toBe('unsupported-status'));
  it('more than 48 headers is "too-many-headers"', () => {
    expect(reason(search(Array.from({ length: 60 }, (_, i) => `X-H${i}: v`)))).toBe('too-many-headers');
  });
  it('a 3000-byte header line is "header-too-long"', () =>
    expect(reason(search([`X-LONG: ${'a'.repeat(3000)}`]))).toBe('header-too-long'));
  it('RFC 9112 §5.2: obsolete line folding is "bad-header"', () =>
    expect(reason(search([' folded continuation']))).toBe('bad-header'));
  it('whitespace before the colon is "bad-header"', () => expect(reason(search(['X-A : b']))).toBe('bad-header'));
  it('a duplicate ST is "duplicate-header" (which one would we answer?)', () =>
    expect(reason(search(['ST: upnp:rootdevice']))).toBe('duplicate-header'));
  it('a duplicate harmless header keeps the first', () => expect(reason(search(['X-A: 1', 'X-A: 2']))).toBe('ok'));
  it('M-SEARCH without ST is "missing-header"', () => {
    expect(
      reason(
        ['M-SEARCH * HTTP/1.1', 'HOST: 239.255.255.250:1900', 'MAN: "ssdp:discover"', 'MX: 1', '', ''].join('\r\n'),
      ),
    ).toBe('missing-header');
  });
  it('UDA 1.1 §1.3.2: MAN other than "ssdp:discover" is "bad-value"', () =>
    expect(reason(search().replace('"ssdp:discover"', '"ssdp:other"'))).toBe('bad-value'));
  it('UDA 1.1 §1.3.2: a non-integer MX is "bad-value" (dropped)', () =>
    expect(reason(search().replace('MX: 2', 'MX: two'))).toBe('bad-value'));
  it('NOTIFY alive without LOCATION is "missing-header"', () => {
    expect(reason(REAL_MESSAGES.minidlnaAlive!.replace(/LOCATION:[^\r]*\r\n/, ''))).toBe('missing-header');
  });
  it('unknown NTS is "bad-value"', () =>
    expect(reason(REAL_MESSAGES.minidlnaAlive!.replace('ssdp:alive', 'ssdp:dead'))).toBe('bad-value'));
  it('BOOTID above 31 bits is "bad-value"', () =>
    expect(reason(REAL_MESSAGES.searchResponse!.replace('BOOTID.UPNP.ORG: 1', 'BOOTID.UPNP.ORG: 4294967295'))).toBe(
      'bad-value',
    ));
});

const ids = { bootId: 1700000000, configId: 7 };
const server = 'Linux/6.1 UPnP/1.1 dlna-bridge/0.1.0';

describe('SSDP codec: serializing exactly per UDA 1.1', () => {
  it('ssdp:alive: every required header, CRLF, ends with an empty line', () => {
    const text = serializeAlive({
      nt: 'upnp:rootdevice',
      usn: 'uuid:x::upnp:rootdevice',
      location: 'http://192.0.2.1:8200/d.xml',
      maxAge: 1800,
      server,
      ...ids,
    }).toString();
    expect(text).toBe(
      'NOTIFY * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\nCACHE-CONTROL: max-age=1800\r\nLOCATION: http://192.0.2.1:8200/d.xml\r\n' +
        'NT: upnp:rootdevice\r\nNTS: ssdp:alive\r\nSERVER: Linux/6.1 UPnP/1.1 dlna-bridge/0.1.0\r\nUSN: uuid:x::upnp:rootdevice\r\n' +
        'BOOTID.UPNP.ORG: 1700000000\r\nCONFIGID.UPNP.ORG: 7\r\n\r\n',
    );
  });
  it('ssdp:byebye carries NT, NTS, USN, BOOTID, CONFIGID and no LOCATION', () => {
    const text = serializeByebye({ nt: 'uuid:x', usn: 'uuid:x', ...ids }).toString();
    expect(text).toContain('NTS: ssdp:byebye\r\n');
    expect(text).toContain('BOOTID.UPNP.ORG: 1700000000\r\n');
    expect(text).not.toContain('LOCATION');
  });
  it('ssdp:update requires NEXTBOOTID > BOOTID', () => {
    const f = { nt: 'uuid:x', usn: 'uuid:x', location: 'http://192.0.2.1/', ...ids };
    expect(serializeUpdate({ ...f, nextBootId: ids.bootId + 1 }).toString()).toContain(
      'NEXTBOOTID.UPNP.ORG: 1700000001\r\n',
    );
    expect(() => serializeUpdate({ ...f, nextBootId: ids.bootId })).toThrow(SsdpEncodeError);
  });
  it('M-SEARCH: MAN with the quotes, MX, ST, USER-AGENT', () => {
    expect(serializeSearch({ st: 'ssdp:all', mx: 2, userAgent: server }).toString()).toBe(
      `M-SEARCH * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\nMAN: "ssdp:discover"\r\nMX: 2\r\nST: ssdp:all\r\nUSER-AGENT: ${server}\r\n\r\n`,
    );
  });
  it('search response: EXT empty, DATE in RFC 1123 form, CACHE-CONTROL max-age', () => {
    const text = serializeSearchResponse({
      st: 'upnp:rootdevice',
      usn: 'uuid:x::upnp:rootdevice',
      location: 'http://192.0.2.1/',
      maxAge: 1800,
      server,
      date: new Date(Date.UTC(1994, 10, 6, 8, 49, 37)),
      ...ids,
    }).toString();
    expect(
      text.startsWith(
        'HTTP/1.1 200 OK\r\nCACHE-CONTROL: max-age=1800\r\nDATE: Sun, 06 Nov 1994 08:49:37 GMT\r\nEXT:\r\n',
      ),
    ).toBe(true);
  });
  it('every serialized message parses back to the same fields (round trip)', () => {
    const alive = parse(
      serializeAlive({
        nt: 'uuid:x',
        usn: 'uuid:x',
        location: 'http://192.0.2.1/',
        maxAge: 1800,
        server,
        ...ids,
      }).toString(),
    );
    expect(alive).toMatchObject({
      ok: true,
      message: { type: 'notify', nts: 'ssdp:alive', bootId: ids.bootId, configId: 7, server },
    });
    const resp = parse(
      serializeSearchResponse({
        st: 'uuid:x',
        usn: 'uuid:x',
        location: 'http://192.0.2.1/',
        maxAge: 1800,
        server,
        date: new Date(),
        ...ids,
      }).toString(),
    );
    expect(resp).toMatchObject({ ok: true, message: { type: 'response', st: 'uuid:x', maxAge: 1800 } });
  });
  it('header injection: a value with CR/LF is refused', () => {
    expect(() => serializeByebye({ nt: 'uuid:x\r\nEVIL: 1', usn: 'uuid:x', ...ids })).toThrow(SsdpEncodeError);
  });
  it('ssdp.md "Size": a message over 1024 bytes is refused, not sent truncated', () => {
    expect(() =>
      serializeAlive({
        nt: 'uuid:x',
        usn: 'uuid:x',
        location: `http://192.0.2.1/${'a'.repeat(1000)}`,
        maxAge: 1800,
        server,
        ...ids,
      }),
    ).toThrow(/exceeds 1024/);
  });
});
