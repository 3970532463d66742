import { describe, expect, it } from 'vitest';
import { Catalog } from '../../../src/bridge/catalog/catalog.js';
import { configIdOf, upstreamKey } from '../../../src/bridge/catalog/identity.js';
import type { SourceEvent, UpstreamEntry } from '../../../src/bridge/catalog/types.js';
import { createBridgeMetrics } from '../../../src/bridge/metrics/metrics.js';
import { minidlnaDescription } from '../../fixtures/upstreams/minidlna-like.js';

const UDN = 'uuid:4d696e69-444c-164e-9d41-0242ac110002';
const desc = (name = 'pod: minidlna', udn = UDN): string => minidlnaDescription('http://10.42.0.5:8200', udn, name);
const up = (source: string, location: string, text = desc()): SourceEvent => ({
  kind: 'up',
  source,
  location: new URL(location),
  descriptionText: text,
});
const down = (source: string, location: string, reason = 'gone'): SourceEvent => ({
  kind: 'down',
  source,
  location: new URL(location),
  reason,
});

function record(catalog: Catalog): string[] {
  const log: string[] = [];
  catalog.on('added', (e) => log.push(`added ${e.key} ${e.location.href}`));
  catalog.on('changed', (e, p) => log.push(`changed ${e.key} ${p.location.href} -> ${e.location.href}`));
  catalog.on('removed', (e, reason) => log.push(`removed ${e.key} (${reason})`));
  return log;
}

const A = 'http://10.42.0.5:8200/rootDesc.xml';
const B = 'http://10.42.0.9:8200/rootDesc.xml';
const KEY = '4d696e69-444c-164e-9d41-0242ac110002';

describe('Catalog: source events become upstream entries', () => {
  it('an up report adds an entry keyed by its root UDN, with parsed description and CONFIGID', () => {
    const catalog = new Catalog();
    const log = record(catalog);
    catalog.apply(up('s1', A));
    expect(log).toEqual([`added ${KEY} ${A}`]);
    const entry = catalog.lookup(KEY) as UpstreamEntry;
    expect(entry.udn).toBe(UDN);
    expect(entry.description.serviceTypes).toContain('urn:schemas-upnp-org:service:ContentDirectory:1');
    expect(entry.configId).toBe(configIdOf(desc()));
    expect(entry.source).toBe('s1');
    expect(catalog.ready()).toBe(true);
  });

  it('the same report again changes nothing (no new announcement round)', () => {
    const catalog = new Catalog();
    const log = record(catalog);
    catalog.apply(up('s1', A));
    catalog.apply(up('s1', A));
    expect(log).toHaveLength(1);
  });

  it('a changed description text is "changed" with a new CONFIGID', () => {
    const catalog = new Catalog();
    const log = record(catalog);
    catalog.apply(up('s1', A));
    const before = catalog.lookup(KEY)!.configId;
    catalog.apply(up('s1', A, desc('renamed')));
    expect(log[1]).toBe(`changed ${KEY} ${A} -> ${A}`);
    expect(catalog.lookup(KEY)!.configId).not.toBe(before);
  });

  it('down removes the entry with the reason; /readyz readiness turns false', () => {
    const catalog = new Catalog();
    const log = record(catalog);
    catalog.apply(up('s1', A));
    catalog.apply(down('s1', A, 'connection refused'));
    expect(log[1]).toBe(`removed ${KEY} (connection refused)`);
    expect(catalog.lookup(KEY)).toBeUndefined();
    expect(catalog.readiness()).toEqual({ ready: false, reason: 'no upstream media server is up' });
  });

  it('upstream back on another address after going down: added again under the same key', () => {
    const catalog = new Catalog();
    const log = record(catalog);
    catalog.apply(up('ssdp', A));
    catalog.apply(down('ssdp', A));
    catalog.apply(up('ssdp', B));
    expect(log).toEqual([`added ${KEY} ${A}`, `removed ${KEY} (gone)`, `added ${KEY} ${B}`]);
  });

  it('upstream seen at a new address before the old one expired: "changed" once the old one goes', () => {
    const catalog = new Catalog();
    const log = record(catalog);
    catalog.apply(up('ssdp', A));
    catalog.apply(up('ssdp', B)); // standby: A still active
    expect(log).toHaveLength(1);
    catalog.apply(down('ssdp', A));
    expect(log[1]).toBe(`changed ${KEY} ${A} -> ${B}`);
    expect(catalog.lookup(KEY)!.location.href).toBe(B);
  });
});

describe('Catalog: the same UDN from two sources', () => {
  it('the first report stays active; the second takes over without removal when the first goes down', () => {
    const catalog = new Catalog();
    const log = record(catalog);
    catalog.apply(up('static', A));
    catalog.apply(up('ssdp', A));
    expect(catalog.entries()).toHaveLength(1);
    catalog.apply(down('static', A));
    // Same location and text from the other source: the TV sees nothing change.
    expect(log).toEqual([`added ${KEY} ${A}`]);
    expect(catalog.lookup(KEY)!.source).toBe('ssdp');
    catalog.apply(down('ssdp', A));
    expect(log[1]).toMatch(/^removed/);
  });

  it('a location that now serves another device drops the old UDN and adds the new one', () => {
    const catalog = new Catalog();
    const log = record(catalog);
    catalog.apply(up('s1', A));
    catalog.apply(up('s1', A, desc('other', 'uuid:00000000-0000-0000-0000-000000000001')));
    expect(log).toEqual([
      `added ${KEY} ${A}`,
      `removed ${KEY} (${A} now serves another device)`,
      `added 00000000-0000-0000-0000-000000000001 ${A}`,
    ]);
  });
});

describe('Catalog: bad input never throws', () => {
  it('a malformed, DOCTYPE-carrying or UDN-less description counts as down and is counted', async () => {
    const metrics = createBridgeMetrics();
    const catalog = new Catalog({ metrics });
    const log = record(catalog);
    catalog.apply(up('s1', A));
    for (const bad of [
      '<root><device>',
      '<!DOCTYPE x [<!ENTITY a "aaaa">]><root/>',
      '<root><device><deviceType>urn:x</deviceType></device></root>',
      '',
    ]) {
      expect(() => catalog.apply(up('s1', A, bad))).not.toThrow();
    }
    expect(log[1]).toMatch(new RegExp(`^removed ${KEY} \\(bad description: `));
    expect(await metrics.registry.getSingleMetricAsString('dlna_bridge_catalog_rejected_total')).toContain(
      'reason="bad_description"} 4',
    );
  });

  it('a listener that throws does not stop the others or the catalog', () => {
    const catalog = new Catalog();
    catalog.on('added', () => {
      throw new Error('boom');
    });
    const log = record(catalog);
    expect(() => catalog.apply(up('s1', A))).not.toThrow();
    expect(log).toHaveLength(1);
  });

  it('a flood of distinct devices is capped at maxUpstreams', () => {
    const catalog = new Catalog({ maxUpstreams: 3 });
    for (let i = 0; i < 10; i++) catalog.apply(up('ssdp', `http://10.0.0.${i}:1/d.xml`, desc('x', `uuid:dev-${i}`)));
    expect(catalog.entries()).toHaveLength(3);
  });

  it('the upstreams gauge follows the catalog', async () => {
    const metrics = createBridgeMetrics();
    const catalog = new Catalog({ metrics });
    catalog.apply(up('s1', A));
    expect(await metrics.registry.getSingleMetricAsString('dlna_bridge_upstreams_up')).toMatch(
      /dlna_bridge_upstreams_up 1$/m,
    );
    catalog.apply(down('s1', A));
    expect(await metrics.registry.getSingleMetricAsString('dlna_bridge_upstreams_up')).toMatch(
      /dlna_bridge_upstreams_up 0$/m,
    );
  });
});

describe('upstream identity', () => {
  it('the key is stable, URL-safe, case-insensitive; odd UDNs get a hash', () => {
    expect(upstreamKey('uuid:4D696E69-444C')).toBe('4d696e69-444c');
    expect(upstreamKey('UUID:abc')).toBe(upstreamKey('uuid:ABC'));
    const odd = upstreamKey('uuid:a/b?c');
    expect(odd).toMatch(/^h-[0-9a-f]{24}$/);
    expect(upstreamKey('uuid:a/b?c')).toBe(odd);
    expect(upstreamKey('uuid:h-spoof')).toMatch(/^h-[0-9a-f]{24}$/);
  });

  it('UDA 1.1 §1.2.2: CONFIGID is in the device-assigned range 0..2^24-1 and follows the text', () => {
    for (const t of ['a', 'b', desc(), desc('x')]) {
      const id = configIdOf(t);
      expect(Number.isInteger(id) && id >= 0 && id <= 0xffffff).toBe(true);
    }
    expect(configIdOf(desc())).toBe(configIdOf(desc()));
    expect(configIdOf(desc())).not.toBe(configIdOf(desc('x')));
  });
});
