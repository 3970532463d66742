import { describe, expect, it } from 'vitest';
import {
  applySet,
  defaultValues,
  knownKeys,
  parseValuesYaml,
  validateValues,
  ValuesError,
} from '../../src/stack/values.js';

describe('stack values', () => {
  it('defaults match the committed deploy/ (an empty values file renders deploy/ as is)', () => {
    const v = defaultValues();
    expect(v.domain).toBe('media.home.arpa');
    expect(v.storage.configClass).toBe('local-path');
    expect(v.dns.upstreams).toEqual(['1.1.1.1', '8.8.8.8']);
    expect(v.gpu).toBe(true);
    expect(v.dns.coredns).toBe(false);
  });

  it('lists every problem with its key and the offending value', () => {
    let message = '';
    try {
      validateValues({
        domain: 'Not A Domain',
        puid: 0,
        storage: { nfs: { server: 'a b' } },
        dns: { upstreams: ['1.1.1.1', 'dns.google'] },
      });
    } catch (err) {
      expect(err).toBeInstanceOf(ValuesError);
      message = (err as Error).message;
    }
    expect(message).toContain('domain: must be a DNS name');
    expect(message).toContain('(got "Not A Domain")');
    expect(message).toContain('puid: must be 1 or more');
    expect(message).toContain('storage.nfs.server: must be a host name or an IPv4 address');
    expect(message).toContain('dns.upstreams.1: must be an IPv4 or IPv6 address');
  });

  it('refuses unknown keys instead of ignoring them (a typo never renders silently)', () => {
    expect(() => validateValues({ domian: 'x.org' })).toThrow(/unknown key\(s\) "domian"/);
    expect(() => validateValues({ storage: { nfs: { sever: 'x' } } })).toThrow(/storage.nfs: unknown key/);
  });

  it('cannot smuggle YAML or objects: values with newlines, colons or braces are refused', () => {
    const hostile = ['x.org\nkind: ClusterRole', 'x.org: {a: b}', 'x.org"', '---'];
    for (const domain of hostile) expect(() => validateValues({ domain })).toThrow(ValuesError);
    expect(() => validateValues({ lanInterface: 'eth0\n- name: X' })).toThrow(ValuesError);
    expect(() => validateValues({ timezone: 'Europe/Berlin\n  x: y' })).toThrow(ValuesError);
    expect(() => validateValues({ mediaNodeLabel: 'a=b\nc: d' })).toThrow(ValuesError);
    expect(() => validateValues({ images: { jellyfin: 'jellyfin/jellyfin:10 ; rm' } })).toThrow(ValuesError);
    expect(() => validateValues({ storage: { nfs: { path: '/srv/../etc' } } })).toThrow(/must not contain/);
  });

  it('accepts realistic values', () => {
    const v = validateValues({
      domain: 'media.example.org',
      timezone: 'America/Argentina/Buenos_Aires',
      puid: 568,
      pgid: 568,
      storage: {
        nfs: { server: '192.0.2.10', path: '/mnt/tank/media', capacity: '8Ti' },
        configClass: 'local-path',
        mediaClass: 'nfs',
      },
      mediaNodeLabel: 'node-role.example.org/media=',
      lanInterface: 'enp3s0',
      dns: { upstreams: ['9.9.9.9', '2620:fe::fe'] },
      images: { 'dlna-bridge': 'registry.example.org:5000/me/dlna-bridge:1.2.3' },
    });
    expect(v.storage.nfs.server).toBe('192.0.2.10');
    expect(v.images['dlna-bridge']).toBe('registry.example.org:5000/me/dlna-bridge:1.2.3');
  });

  it("--set converts by the key's type and never parses YAML", () => {
    const raw: Record<string, unknown> = {};
    applySet(raw, 'gpu=false');
    applySet(raw, 'puid=1001');
    applySet(raw, 'dns.upstreams=9.9.9.9, 1.0.0.1');
    applySet(raw, 'storage.nfs.server=nas.home.arpa');
    applySet(raw, 'images.jellyfin=jellyfin/jellyfin:10.11.0');
    applySet(raw, 'domain={a: b}');
    expect(raw).toEqual({
      gpu: false,
      puid: 1001,
      dns: { upstreams: ['9.9.9.9', '1.0.0.1'] },
      storage: { nfs: { server: 'nas.home.arpa' } },
      images: { jellyfin: 'jellyfin/jellyfin:10.11.0' },
      domain: '{a: b}',
    });
    expect(() => validateValues(raw)).toThrow(/domain: must be a DNS name/);
    expect(() => applySet({}, 'gpu=yes')).toThrow(/must be true or false/);
    expect(() => applySet({}, 'puid=-1')).toThrow(/whole number/);
    expect(() => applySet({}, 'nope=1')).toThrow(/unknown value; known: domain/);
    expect(() => applySet({}, 'images.plex=x')).toThrow(/unknown value/);
    expect(() => applySet({}, 'noequals')).toThrow(/expected key=value/);
  });

  it('knownKeys lists every leaf', () => {
    expect(knownKeys()).toEqual(
      expect.arrayContaining(['domain', 'storage.nfs.server', 'dns.upstreams', 'images.dlna-bridge']),
    );
  });

  it('values files: a mapping, no aliases, no duplicate keys', () => {
    expect(parseValuesYaml('', 'v.yaml')).toEqual({});
    expect(() => parseValuesYaml('- a\n- b\n', 'v.yaml')).toThrow(/must be a YAML mapping/);
    expect(() => parseValuesYaml('a: 1\na: 2\n', 'v.yaml')).toThrow(/not valid YAML/);
    expect(() => parseValuesYaml('a: &x [1]\nb: *x\n', 'v.yaml')).toThrow(/not valid YAML/);
  });
});
