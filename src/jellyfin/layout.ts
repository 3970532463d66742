// Where Jellyfin keeps the files `profile sync` touches, for the two common
// container images. Pure: the decision takes what was found on disk
// (LayoutEvidence) and returns paths, so both images are unit-tested without
// a file system; src/jellyfin/inspect.ts gathers the evidence.
//
// Jellyfin has two roots: the data dir (plugins, DLNA user profiles) and the
// config dir (system.xml, encoding.xml). The images set them differently:
//   official jellyfin/jellyfin:   JELLYFIN_DATA_DIR=/config       JELLYFIN_CONFIG_DIR=/config/config
//   lscr.io/linuxserver/jellyfin: JELLYFIN_DATA_DIR=/config/data  JELLYFIN_CONFIG_DIR=/config
// DLNA plugin (DlnaManager): user profiles in {PluginConfigurationsPath}/dlna/user
// = {data}/plugins/configurations/dlna/user; system profiles next to the
// plugin assembly = {data}/plugins/DLNA_{version}/profiles.

import path from 'node:path';

export type Layout = 'official' | 'linuxserver';
export type LayoutRequest = Layout | 'auto';

export const LAYOUTS: readonly Layout[] = ['official', 'linuxserver'];

/** The paths one layout implies, all absolute. */
export interface JellyfinPaths {
  /** The volume the user named (--config-dir), i.e. the container's /config. */
  volume: string;
  layout: Layout;
  /** JELLYFIN_DATA_DIR. */
  dataDir: string;
  /** JELLYFIN_CONFIG_DIR (system.xml, encoding.xml). */
  configDir: string;
  encodingXml: string;
  /** {data}/plugins: holds DLNA_{version} folders. */
  pluginsDir: string;
  /** {data}/plugins/configurations/dlna/user: profiles here win over system profiles. */
  userProfilesDir: string;
}

export function pathsFor(volume: string, layout: Layout): JellyfinPaths {
  const dataDir = layout === 'official' ? volume : path.join(volume, 'data');
  const configDir = layout === 'official' ? path.join(volume, 'config') : volume;
  const pluginsDir = path.join(dataDir, 'plugins');
  return {
    volume,
    layout,
    dataDir,
    configDir,
    encodingXml: path.join(configDir, 'encoding.xml'),
    pluginsDir,
    userProfilesDir: path.join(pluginsDir, 'configurations', 'dlna', 'user'),
  };
}

/**
 * Files and folders whose presence marks one layout, relative to the volume.
 * Each is written by Jellyfin itself on first start (system.xml, the plugins
 * folder), so a volume Jellyfin has run on once has at least one of them.
 */
export const LAYOUT_MARKERS: Readonly<Record<Layout, readonly string[]>> = Object.freeze({
  official: ['config/system.xml', 'config/encoding.xml', 'config/network.xml', 'plugins/'],
  linuxserver: ['system.xml', 'encoding.xml', 'network.xml', 'data/plugins/'],
});

/** Which markers exist (a trailing '/' in a marker means "is a directory"). */
export type LayoutEvidence = ReadonlySet<string>;

/** How the layout was chosen: named by the caller, found on the volume, or the default of a volume Jellyfin never ran on. */
export type LayoutBasis = 'requested' | 'detected' | 'first-start';

export type LayoutDecision =
  { ok: true; layout: Layout; basis: LayoutBasis; reason: string } | { ok: false; message: string };

/**
 * Decide the layout from the markers found; `requested` other than auto wins
 * without looking. A volume with no marker is a first start: official.
 */
export function decideLayout(volume: string, requested: LayoutRequest, found: LayoutEvidence): LayoutDecision {
  if (requested !== 'auto') return { ok: true, layout: requested, basis: 'requested', reason: 'as requested' };
  const hits = (layout: Layout): string[] => LAYOUT_MARKERS[layout].filter((m) => found.has(m));
  const official = hits('official');
  const lsio = hits('linuxserver');
  if (official.length > 0 && lsio.length === 0) {
    return { ok: true, layout: 'official', basis: 'detected', reason: `detected: ${official.join(', ')}` };
  }
  if (lsio.length > 0 && official.length === 0) {
    return { ok: true, layout: 'linuxserver', basis: 'detected', reason: `detected: ${lsio.join(', ')}` };
  }
  if (official.length > 0) {
    return {
      ok: false,
      message:
        `cannot tell the Jellyfin layout of ${volume}: it has files of both images ` +
        `(official: ${official.join(', ')}; linuxserver: ${lsio.join(', ')}); ` +
        'name the layout: official or linuxserver',
    };
  }
  // None of the markers: Jellyfin has not started on this volume yet (a fresh
  // cluster's init container runs before it ever has). The official image is
  // the default; the other one must be named.
  return {
    ok: true,
    layout: 'official',
    basis: 'first-start',
    reason: 'first start (no Jellyfin files yet): the official layout',
  };
}
