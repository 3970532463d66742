import { describe, expect, it } from 'vitest';
import { matchSearch } from '../../../src/bridge/ssdp/match.js';
import {
  aliveMessages,
  byebyeMessages,
  nextBootId,
  searchResponses,
  type Advertisement,
} from '../../../src/bridge/ssdp/round.js';
import { targetsOf, TargetError } from '../../../src/bridge/ssdp/targets.js';
import { parseSsdp } from '../../../src/bridge/ssdp/codec.js';
import { MEDIA_SERVER, NESTED_SERVER } from './fixtures.js';

const server = 'Linux/6.1 UPnP/1.1 dlna-bridge/0.1.0';

describe('UDA 1.1 §1.1.2: a round has 3 + 2d + k messages', () => {
  it('a MediaServer with 0 embedded devices and 2 service types: 5 targets, in order', () => {
    const t = targetsOf(MEDIA_SERVER);
    const udn = MEDIA_SERVER.root.udn;
    expect(t.map((x) => [x.nt, x.usn])).toEqual([
      ['upnp:rootdevice', `${udn}::upnp:rootdevice`],
      [udn, udn],
      ['urn:schemas-upnp-org:device:MediaServer:1', `${udn}::urn:schemas-upnp-org:device:MediaServer:1`],
      ['urn:schemas-upnp-org:service:ContentDirectory:1', `${udn}::urn:schemas-upnp-org:service:ContentDirectory:1`],
      ['urn:schemas-upnp-org:service:ConnectionManager:1', `${udn}::urn:schemas-upnp-org:service:ConnectionManager:1`],
    ]);
  });
  it('d = 1, k = 3: 3 + 2 + 3 = 8 targets, embedded device under its own UDN', () => {
    const t = targetsOf(NESTED_SERVER);
    expect(t).toHaveLength(8);
    expect(t).toContainEqual({ nt: 'uuid:child-0002', usn: 'uuid:child-0002', udn: 'uuid:child-0002' });
    expect(t).toContainEqual({
      nt: 'urn:schemas-upnp-org:device:MediaRenderer:1',
      usn: 'uuid:child-0002::urn:schemas-upnp-org:device:MediaRenderer:1',
      udn: 'uuid:child-0002',
    });
  });
  it('a UDN with spaces or "::" cannot be announced (TargetError)', () => {
    expect(() => targetsOf({ ...MEDIA_SERVER, root: { ...MEDIA_SERVER.root, udn: 'uuid:a b' } })).toThrow(TargetError);
    expect(() => targetsOf({ ...MEDIA_SERVER, root: { ...MEDIA_SERVER.root, udn: 'uuid:a::b' } })).toThrow(TargetError);
  });
  it('an embedded device repeating the root UDN is refused', () => {
    expect(() =>
      targetsOf({ ...NESTED_SERVER, embedded: [{ ...NESTED_SERVER.embedded[0]!, udn: 'uuid:root-0001' }] }),
    ).toThrow(/twice/);
  });
});

describe('UDA 1.1 §1.3.2: search matching', () => {
  const t = targetsOf(NESTED_SERVER);
  it('ssdp:all gets one answer per message of the round, ST = that message NT', () => {
    const m = matchSearch('ssdp:all', t);
    expect(m).toHaveLength(8);
    expect(m.map((x) => x.st)).toEqual(t.map((x) => x.nt));
  });
  it('upnp:rootdevice answers once with the rootdevice USN', () => {
    expect(matchSearch('upnp:rootdevice', t)).toEqual([
      { st: 'upnp:rootdevice', usn: 'uuid:root-0001::upnp:rootdevice' },
    ]);
  });
  it('uuid: matches root and embedded devices, case-insensitively, echoing the ST', () => {
    expect(matchSearch('uuid:CHILD-0002', t)).toEqual([{ st: 'uuid:CHILD-0002', usn: 'uuid:child-0002' }]);
    expect(matchSearch('uuid:nobody', t)).toEqual([]);
  });
  it('a version-2 device answers a version-1 search, ST and USN carry version 1', () => {
    expect(matchSearch('urn:schemas-upnp-org:device:MediaServer:1', t)).toEqual([
      {
        st: 'urn:schemas-upnp-org:device:MediaServer:1',
        usn: 'uuid:root-0001::urn:schemas-upnp-org:device:MediaServer:1',
      },
    ]);
  });
  it('a version-1 device does not answer a version-2 search', () => {
    expect(matchSearch('urn:schemas-upnp-org:device:MediaServer:2', targetsOf(MEDIA_SERVER))).toEqual([]);
  });
  it('Rygel 0.42 as it announces itself (MediaServer:3, ContentDirectory:3, ConnectionManager:2) answers a TV searching for :1', () => {
    const rygel = targetsOf({
      root: {
        udn: 'uuid:d0624457-d585-4e7b-8bc3-4ef6623f4e69',
        deviceType: 'urn:schemas-upnp-org:device:MediaServer:3',
        friendlyName: 'Pod Media (rygel)',
      },
      embedded: [],
      serviceTypes: [
        'urn:schemas-upnp-org:service:ContentDirectory:3',
        'urn:schemas-upnp-org:service:ConnectionManager:2',
        'urn:microsoft-com:service:X_MS_MediaReceiverRegistrar:1',
      ],
    });
    for (const st of [
      'urn:schemas-upnp-org:device:MediaServer:1',
      'urn:schemas-upnp-org:service:ContentDirectory:1',
      'urn:schemas-upnp-org:service:ConnectionManager:1',
    ]) {
      expect(matchSearch(st, rygel)).toEqual([{ st, usn: `uuid:d0624457-d585-4e7b-8bc3-4ef6623f4e69::${st}` }]);
    }
    expect(matchSearch('urn:schemas-upnp-org:device:MediaServer:3', rygel)).toHaveLength(1);
    expect(matchSearch('urn:schemas-upnp-org:service:ConnectionManager:3', rygel)).toHaveLength(0);
  });
  it('service types follow the same version rule', () => {
    expect(matchSearch('urn:schemas-upnp-org:service:ContentDirectory:1', t)).toHaveLength(1);
    expect(matchSearch('urn:schemas-upnp-org:service:ContentDirectory:3', t)).toHaveLength(0);
    expect(matchSearch('urn:schemas-upnp-org:service:AVTransport:1', t)[0]!.usn).toBe(
      'uuid:root-0001::urn:schemas-upnp-org:service:AVTransport:1',
    );
  });
  it('a device search does not match a service of the same name, nor another domain', () => {
    expect(matchSearch('urn:schemas-upnp-org:device:ContentDirectory:1', t)).toEqual([]);
    expect(matchSearch('urn:example-com:device:MediaServer:1', t)).toEqual([]);
  });
  it('garbage ST matches nothing', () => {
    expect(matchSearch('urn:schemas-upnp-org:device:MediaServer', t)).toEqual([]);
    expect(matchSearch('', t)).toEqual([]);
  });
});

describe('UDA 1.1 §1.2: rounds, byebyes and BOOTID', () => {
  const ad: Advertisement = {
    udn: MEDIA_SERVER.root.udn,
    location: 'http://192.0.2.1:8200/u/k/d.xml',
    maxAge: 1800,
    bootId: 42,
    configId: 9,
    targets: targetsOf(MEDIA_SERVER),
  };
  it('the alive set: one NOTIFY per target, same LOCATION, BOOTID and CONFIGID, each <= 1024 bytes', () => {
    const msgs = aliveMessages(ad, server);
    expect(msgs).toHaveLength(5);
    for (const m of msgs) {
      expect(m.length).toBeLessThanOrEqual(1024);
      expect(parseSsdp(m)).toMatchObject({
        ok: true,
        message: { nts: 'ssdp:alive', location: ad.location, bootId: 42, configId: 9 },
      });
    }
  });
  it('one byebye for each alive, with the same NT/USN pairs and BOOTID', () => {
    const alive = aliveMessages(ad, server).map((m) => parseSsdp(m));
    const bye = byebyeMessages(ad).map((m) => parseSsdp(m));
    const pairs = (rs: typeof alive) =>
      rs.map((r) => (r.ok && r.message.type === 'notify' ? [r.message.nt, r.message.usn, r.message.bootId] : null));
    expect(pairs(bye)).toEqual(pairs(alive));
  });
  it('search answers carry the round BOOTID and the matched ST/USN', () => {
    const [r] = searchResponses(ad, matchSearch('upnp:rootdevice', ad.targets), server, new Date());
    expect(parseSsdp(r!)).toMatchObject({
      ok: true,
      message: { type: 'response', st: 'upnp:rootdevice', bootId: 42, location: ad.location },
    });
  });
  it('BOOTID of a fresh round comes from the clock and always increases', () => {
    expect(nextBootId(undefined, 1_700_000_000_500)).toBe(1_700_000_000);
    expect(nextBootId(1_700_000_000, 1_700_000_000_900)).toBe(1_700_000_001);
    expect(nextBootId(5, 1_700_000_000_000)).toBe(1_700_000_000);
  });
  it('BOOTID stays within 31 bits', () => {
    expect(nextBootId(0x7fffffff, 0)).toBeLessThanOrEqual(0x7fffffff);
  });
});
