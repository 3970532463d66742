import { describe, expect, it } from 'vitest';
import { decideLayout, pathsFor } from '../../src/jellyfin/layout.js';
import { dlnaFoldersNewestFirst, parseDlnaFolderName } from '../../src/jellyfin/dlna-plugin-folders.js';

describe('Jellyfin layouts', () => {
  it('official image: data=/config, encoding.xml in /config/config, DLNA user profiles under /config/plugins', () => {
    expect(pathsFor('/config', 'official')).toEqual({
      volume: '/config',
      layout: 'official',
      dataDir: '/config',
      configDir: '/config/config',
      encodingXml: '/config/config/encoding.xml',
      pluginsDir: '/config/plugins',
      userProfilesDir: '/config/plugins/configurations/dlna/user',
    });
  });

  it('linuxserver image: data=/config/data, encoding.xml in /config', () => {
    expect(pathsFor('/config', 'linuxserver')).toMatchObject({
      dataDir: '/config/data',
      configDir: '/config',
      encodingXml: '/config/encoding.xml',
      pluginsDir: '/config/data/plugins',
      userProfilesDir: '/config/data/plugins/configurations/dlna/user',
    });
  });

  it('auto: decides from the files each image writes at first start', () => {
    expect(decideLayout('/c', 'auto', new Set(['config/system.xml', 'plugins/']))).toEqual({
      ok: true,
      layout: 'official',
      basis: 'detected',
      reason: 'detected: config/system.xml, plugins/',
    });
    expect(decideLayout('/c', 'auto', new Set(['system.xml', 'data/plugins/']))).toMatchObject({
      ok: true,
      layout: 'linuxserver',
    });
  });

  it('auto: an empty volume is a first start: the official layout (the sync report names the flag for the other image)', () => {
    const d = decideLayout('/c', 'auto', new Set());
    expect(d).toMatchObject({ ok: true, layout: 'official', basis: 'first-start' });
    expect(d.ok && d.reason).toBe('first start (no Jellyfin files yet): the official layout');
  });

  it('auto: markers of both images are refused as ambiguous, naming them', () => {
    const d = decideLayout('/c', 'auto', new Set(['config/system.xml', 'system.xml']));
    expect(!d.ok && d.message).toMatch(/both images \(official: config\/system.xml; linuxserver: system.xml\)/);
  });

  it('an explicit --layout wins without looking', () => {
    expect(decideLayout('/c', 'linuxserver', new Set(['config/system.xml']))).toMatchObject({
      ok: true,
      layout: 'linuxserver',
      basis: 'requested',
      reason: 'as requested',
    });
  });
});

describe('DLNA plugin folders', () => {
  it('the newest DLNA_{version} folder is the live one (numeric, not string, order)', () => {
    const names = ['DLNA_9.0.0.0', 'DLNA_10.0.0.0', 'Trakt_24.0.0.0', 'DLNA_10.0.0.1', 'configurations'];
    expect(dlnaFoldersNewestFirst(names).map((f) => f.name)).toEqual([
      'DLNA_10.0.0.1',
      'DLNA_10.0.0.0',
      'DLNA_9.0.0.0',
    ]);
  });

  it('only DLNA_ followed by a version counts', () => {
    expect(parseDlnaFolderName('DLNA_10.0.0.0')?.version).toEqual([10, 0, 0, 0]);
    expect(parseDlnaFolderName('DLNA')).toBeUndefined();
    expect(parseDlnaFolderName('DLNA_x')).toBeUndefined();
    expect(parseDlnaFolderName('DLNAX_1.0')).toBeUndefined();
  });
});
