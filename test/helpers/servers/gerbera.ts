// Gerbera (Debian's gerbera, built on libupnp) as a test upstream: its own
// config.xml and home (sqlite database) in the work folder, the web UI, the
// online services (YouTube) and transcoding off, the media folder imported
// once with --add (no autoscan, so no inotify), bound to the pod interface.
// Ready when its ContentDirectory lists every file: the import is done before
// the test starts. Its URLs name its own address (URLBase and <res>).
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { debianVersion, spawnDaemon } from './process.js';
import { waitUntilListed } from './ready.js';
import type { RunningServer, ServerLaunch } from './server.js';

export const GERBERA_TEST_UUID = '6e0e4a1c-7d0b-4c59-9a55-0a6d2b7e9f01';
/** libupnp accepts only ports from 49152 up. */
export const GERBERA_PORT = 49152;

function gerberaConfig(home: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<config version="2" xmlns="http://mediatomb.cc/config/2">
  <server>
    <ui enabled="no"/>
    <name>Pod Media (gerbera)</name>
    <udn>uuid:${GERBERA_TEST_UUID}</udn>
    <home>${home}</home>
    <webroot>/usr/share/gerbera/web</webroot>
    <alive>62</alive>
    <storage>
      <sqlite3 enabled="yes"><database-file>gerbera.db</database-file></sqlite3>
    </storage>
    <protocolInfo extend="no"/>
  </server>
  <import hidden-files="no">
    <scripting script-charset="UTF-8">
      <common-script>/usr/share/gerbera/js/common.js</common-script>
      <playlist-script>/usr/share/gerbera/js/playlists.js</playlist-script>
      <virtual-layout type="disabled"/>
    </scripting>
    <mappings>
      <extension-mimetype ignore-unknown="yes">
        <map from="mp4" to="video/mp4"/>
        <map from="mkv" to="video/x-matroska"/>
        <map from="m4a" to="audio/mp4"/>
      </extension-mimetype>
      <mimetype-upnpclass>
        <map from="audio/*" to="object.item.audioItem.musicTrack"/>
        <map from="video/*" to="object.item.videoItem"/>
      </mimetype-upnpclass>
    </mappings>
    <online-content>
      <YouTube enabled="no" refresh="28800" update-at-start="no" purge-after="604800" racy-content="exclude" format="mp4" hd="no"/>
    </online-content>
  </import>
  <transcoding enabled="no"/>
</config>
`;
}

export async function startGerberaServer(launch: ServerLaunch): Promise<RunningServer> {
  const home = path.join(launch.workDir, 'home');
  await mkdir(home, { recursive: true });
  const configPath = path.join(launch.workDir, 'config.xml');
  await writeFile(configPath, gerberaConfig(home));
  const daemon = spawnDaemon(
    launch.bed,
    launch.host,
    'gerbera',
    [
      '--config',
      configPath,
      '--home',
      home,
      '--interface',
      launch.ifname,
      '--port',
      String(GERBERA_PORT),
      '--add',
      launch.mediaDir,
    ],
    { cwd: launch.workDir },
  );
  const ns = launch.bed.name(launch.host);
  const origin = `http://${launch.address}:${GERBERA_PORT}`;
  await waitUntilListed({
    ns,
    descriptionUrl: `${origin}/description.xml`,
    controlUrl: `${origin}/upnp/control/cds`,
    mediaFiles: launch.mediaFiles,
    alive: () => daemon.assertRunning('gerbera'),
  });
  return {
    name: 'gerbera',
    version: debianVersion('gerbera'),
    descriptionUrl: `${origin}/description.xml`,
    udn: `uuid:${GERBERA_TEST_UUID}`,
    deviceType: 'urn:schemas-upnp-org:device:MediaServer:1',
    output: daemon.output,
    stop: daemon.stop,
  };
}
