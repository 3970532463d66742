import { describe, expect, it } from 'vitest';
import { EventEmitter } from 'node:events';
import { Catalog } from '../../../src/bridge/catalog/catalog.js';
import type { CatalogEvents, UpstreamEntry } from '../../../src/bridge/catalog/types.js';
import { LanAdvertiser, type AnnouncingEngine } from '../../../src/bridge/advertiser/advertiser.js';
import { lanLocation } from '../../../src/bridge/catalog/proxy-path.js';
import type { AdvertiseInput } from '../../../src/bridge/ssdp/engine.js';
import { MEDIA_SERVER, descriptionXml } from '../ssdp/fixtures.js';

class FakeEngine implements AnnouncingEngine {
  calls: Array<['advertise', AdvertiseInput] | ['withdraw', string]> = [];
  advertise(input: AdvertiseInput) {
    if (input.description.root.udn.includes(' ')) throw new Error('bad UDN');
    this.calls.push(['advertise', input]);
    return {
      udn: input.description.root.udn,
      location: input.location,
      maxAge: 1800,
      bootId: 1,
      configId: input.configId,
      targets: [],
    };
  }
  async withdraw(udn: string) {
    this.calls.push(['withdraw', udn]);
  }
}

const entry = (over: Partial<UpstreamEntry> = {}): UpstreamEntry => ({
  key: '11111111-2222-3333-4444-555555555555',
  udn: MEDIA_SERVER.root.udn,
  location: new URL('http://198.51.100.2:8096/dlna/abc/description.xml?x=1'),
  description: MEDIA_SERVER,
  descriptionText: '<root/>',
  configId: 5,
  source: 'test',
  ...over,
});

describe('LanAdvertiser: catalog events drive the SSDP engine', () => {
  function setup() {
    const catalog = new EventEmitter<CatalogEvents>() as EventEmitter<CatalogEvents> & { entries(): UpstreamEntry[] };
    const initial: UpstreamEntry[] = [];
    catalog.entries = () => initial;
    const engine = new FakeEngine();
    const adv = new LanAdvertiser({ catalog, engine, advertiseAddress: '192.0.2.1', httpPort: 8200 });
    return { catalog, engine, adv, initial };
  }

  it('announces what the catalog already holds at start, with the LAN LOCATION and CONFIGID', () => {
    const { engine, adv, initial } = setup();
    initial.push(entry());
    adv.start();
    expect(engine.calls).toEqual([
      ['advertise', { description: MEDIA_SERVER, location: lanLocation(entry(), '192.0.2.1', 8200), configId: 5 }],
    ]);
  });

  it('added -> advertise; changed -> advertise again (engine starts a new round); removed -> withdraw (byebye)', () => {
    const { catalog, engine, adv } = setup();
    adv.start();
    catalog.emit('added', entry());
    catalog.emit('changed', entry({ location: new URL('http://198.51.100.9:8096/d.xml'), configId: 6 }), entry());
    catalog.emit('removed', entry(), 'upstream down');
    expect(engine.calls.map((c) => c[0])).toEqual(['advertise', 'advertise', 'withdraw']);
    expect((engine.calls[1]![1] as AdvertiseInput).location).toBe(
      'http://192.0.2.1:8200/u/11111111-2222-3333-4444-555555555555/d.xml',
    );
  });

  it('an entry the engine refuses is logged and skipped; its removal sends nothing', () => {
    const { catalog, engine, adv } = setup();
    adv.start();
    const bad = entry({
      udn: 'uuid:a b',
      description: { ...MEDIA_SERVER, root: { ...MEDIA_SERVER.root, udn: 'uuid:a b' } },
    });
    expect(() => catalog.emit('added', bad)).not.toThrow();
    catalog.emit('removed', bad, 'gone');
    expect(engine.calls).toEqual([]);
  });

  it('stop() unsubscribes', () => {
    const { catalog, engine, adv } = setup();
    adv.start();
    adv.stop();
    catalog.emit('added', entry());
    expect(engine.calls).toEqual([]);
  });

  it('works with the real Catalog: a source report becomes an announcement', () => {
    const catalog = new Catalog();
    const engine = new FakeEngine();
    new LanAdvertiser({ catalog, engine, advertiseAddress: '192.0.2.1', httpPort: 8200 }).start();
    catalog.apply({
      kind: 'up',
      source: 's',
      location: new URL('http://198.51.100.2:8200/rootDesc.xml'),
      descriptionText: descriptionXml(),
    });
    expect(engine.calls).toHaveLength(1);
    expect((engine.calls[0]![1] as AdvertiseInput).location).toMatch(
      /^http:\/\/192\.0\.2\.1:8200\/u\/[^/]+\/rootDesc\.xml$/,
    );
    catalog.apply({
      kind: 'down',
      source: 's',
      location: new URL('http://198.51.100.2:8200/rootDesc.xml'),
      reason: 'gone',
    });
    expect(engine.calls.at(-1)).toEqual(['withdraw', MEDIA_SERVER.root.udn]);
  });
});
