import { describe, expect, it } from 'vitest';
import { ServerTracker } from '../../../../src/bridge/sources/cluster-ssdp/tracker.js';
import { udnOfUsn } from '../../../../src/bridge/ssdp/targets.js';

const heard = (location = 'http://198.51.100.2:8200/rootDesc.xml', over = {}) => ({
  udn: 'uuid:a',
  location,
  maxAge: 60,
  bootId: 1,
  configId: 1,
  ...over,
});
const ok = { ok: true as const, descriptionText: '<root/>' };

describe('cluster-ssdp ServerTracker', () => {
  it('USN -> UDN', () => {
    expect(udnOfUsn('uuid:a::urn:schemas-upnp-org:device:MediaServer:1')).toBe('uuid:a');
    expect(udnOfUsn('uuid:a')).toBe('uuid:a');
  });
  it('a new server is fetched once, then reported up; repeated alives change nothing', () => {
    const t = new ServerTracker();
    expect(t.alive(heard(), 0)).toEqual([
      { kind: 'fetch', udn: 'uuid:a', location: 'http://198.51.100.2:8200/rootDesc.xml' },
    ]);
    expect(t.alive(heard(), 10)).toEqual([]); // fetch in flight
    expect(t.fetched('uuid:a', 'http://198.51.100.2:8200/rootDesc.xml', ok, 20)).toEqual([
      { kind: 'up', udn: 'uuid:a', location: 'http://198.51.100.2:8200/rootDesc.xml', descriptionText: '<root/>' },
    ]);
    expect(t.alive(heard(), 30)).toEqual([]);
  });
  it('follows a server that changes address: new location up, then old location down', () => {
    const t = new ServerTracker();
    t.alive(heard(), 0);
    t.fetched('uuid:a', 'http://198.51.100.2:8200/rootDesc.xml', ok, 1);
    expect(t.alive(heard('http://198.51.100.7:8200/rootDesc.xml'), 2)).toEqual([
      { kind: 'fetch', udn: 'uuid:a', location: 'http://198.51.100.7:8200/rootDesc.xml' },
    ]);
    expect(t.fetched('uuid:a', 'http://198.51.100.7:8200/rootDesc.xml', ok, 3)).toEqual([
      { kind: 'up', udn: 'uuid:a', location: 'http://198.51.100.7:8200/rootDesc.xml', descriptionText: '<root/>' },
      {
        kind: 'down',
        udn: 'uuid:a',
        location: 'http://198.51.100.2:8200/rootDesc.xml',
        reason: 'moved to http://198.51.100.7:8200/rootDesc.xml',
      },
    ]);
  });
  it('a stale fetch result (server moved meanwhile) is ignored', () => {
    const t = new ServerTracker();
    t.alive(heard(), 0);
    t.alive(heard('http://198.51.100.7:8200/rootDesc.xml'), 1);
    expect(t.fetched('uuid:a', 'http://198.51.100.2:8200/rootDesc.xml', ok, 2)).toEqual([]);
  });
  it('UDA 1.1: a new BOOTID (restart) or CONFIGID (description changed) is fetched again', () => {
    const t = new ServerTracker();
    t.alive(heard(), 0);
    t.fetched('uuid:a', heard().location, ok, 1);
    expect(t.alive(heard(undefined, { bootId: 2 }), 2)).toHaveLength(1);
    t.fetched('uuid:a', heard().location, ok, 3);
    expect(t.alive(heard(undefined, { bootId: 2, configId: 9 }), 4)).toHaveLength(1);
  });
  it('byebye only asks for a confirm fetch; down when it fails, kept when the description still answers (issue 10, break 5)', () => {
    const t = new ServerTracker();
    t.alive(heard(), 0);
    t.fetched('uuid:a', heard().location, ok, 1);
    expect(t.byebye('uuid:A')).toEqual([
      { kind: 'confirm', udn: 'uuid:A', location: heard().location, reason: 'ssdp:byebye' },
    ]);
    expect(t.byebye('uuid:a')).toEqual([]); // one confirm at a time
    expect(t.confirmed('uuid:a', heard().location, ok, 2)).toEqual([]); // a spoofed byebye: the server is still there
    expect(t.size).toBe(1);
    expect(t.byebye('uuid:a')).toHaveLength(1);
    expect(t.confirmed('uuid:a', heard().location, { ok: false, error: 'connect ECONNREFUSED' }, 3)).toEqual([
      {
        kind: 'down',
        udn: 'uuid:a',
        location: heard().location,
        reason: 'ssdp:byebye; description fetch failed: connect ECONNREFUSED',
      },
    ]);
    expect(t.size).toBe(0);
    expect(t.byebye('uuid:a')).toEqual([]); // unknown: nothing
  });
  it('a byebye for a server not yet reported forgets it, unless a fetch is deciding', () => {
    const t = new ServerTracker();
    t.alive(heard(), 0);
    expect(t.byebye('uuid:a')).toEqual([]);
    expect(t.size).toBe(1); // the fetch in flight decides
    t.fetched('uuid:a', heard().location, { ok: false, error: 'x' }, 1);
    expect(t.size).toBe(0);
  });
  it('max-age expiry re-checks a reported server: kept if its description answers, down if not', () => {
    const t = new ServerTracker();
    t.alive(heard(), 0);
    t.fetched('uuid:a', heard().location, ok, 1);
    expect(t.expire(59_999)).toEqual([]);
    expect(t.expire(60_000)).toMatchObject([{ kind: 'confirm', reason: 'max-age expired' }]);
    expect(t.expire(60_001)).toEqual([]); // confirm in flight
    expect(t.confirmed('uuid:a', heard().location, ok, 60_010)).toEqual([]);
    expect(t.expire(60_010 + 1_799_999)).toEqual([]);
    expect(t.expire(60_010 + 1_800_000)).toHaveLength(1);
    expect(t.confirmed('uuid:a', heard().location, { ok: false, error: 'timeout' }, 1_900_000)).toMatchObject([
      { kind: 'down', reason: 'max-age expired; description fetch failed: timeout' },
    ]);
    expect(t.size).toBe(0);
  });
  it('max-age is capped at 1800 s: an alive with max-age 999999999 cannot pin an entry (issue 10, break 5)', () => {
    const t = new ServerTracker();
    t.alive(heard(undefined, { maxAge: 999_999_999 }), 0);
    expect(t.expire(1_800_000)).toEqual([]); // not reported: forgotten only once no fetch runs
    t.fetched('uuid:a', heard().location, { ok: false, error: 'x' }, 1);
    t.alive(heard('http://198.51.100.3:8200/d.xml', { udn: 'uuid:b', maxAge: 999_999_999 }), 2);
    t.fetched('uuid:b', 'http://198.51.100.3:8200/d.xml', ok, 3);
    expect(t.expire(2 + 1_800_000 - 1)).toEqual([]);
    expect(t.expire(2 + 1_800_000)).toMatchObject([{ kind: 'confirm', udn: 'uuid:b' }]);
  });
  it('a failed fetch drops the entry (down if it was reported); that location is not fetched again before retryMs', () => {
    const t = new ServerTracker({ retryMs: 1000 });
    t.alive(heard(), 0);
    t.fetched('uuid:a', heard().location, ok, 1);
    t.alive(heard(undefined, { bootId: 5 }), 2);
    expect(t.fetched('uuid:a', heard().location, { ok: false, error: 'timeout' }, 3)).toMatchObject([
      { kind: 'down', reason: 'description fetch failed: timeout' },
    ]);
    expect(t.size).toBe(0);
    expect(t.alive(heard(undefined, { bootId: 5 }), 500)).toEqual([]);
    expect(t.size).toBe(0);
    expect(t.alive(heard(undefined, { bootId: 5 }), 1003)).toHaveLength(1);
  });
  it('a never-reachable server leaves nothing behind', () => {
    const t = new ServerTracker();
    t.alive(heard(), 0);
    expect(t.fetched('uuid:a', heard().location, { ok: false, error: 'timeout' }, 1)).toEqual([]);
    expect(t.size).toBe(0);
  });
  it('bounded: a flood of invented UDNs does not grow past maxServers', () => {
    const t = new ServerTracker({ maxServers: 10 });
    for (let i = 0; i < 1000; i++) t.alive(heard(undefined, { udn: `uuid:${i}` }), 0);
    expect(t.size).toBe(10);
  });
});
