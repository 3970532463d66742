// Rygel (Debian's rygel, built on GUPnP) as a test upstream, headless.
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { debianVersion, spawnDaemon, type DaemonProcess } from './process.js';
import { waitUntil, waitUntilListed } from './ready.js';
import type { RunningServer, ServerLaunch } from './server.js';

// How it runs:
// - rygel ignores -c for its main config and reads $XDG_CONFIG_HOME/rygel.conf
//   after /etc/rygel.conf, whose Tracker plugin would switch MediaExport off:
//   our own XDG folders in the work folder, with a full config (MediaExport on
//   the media folder, no metadata extraction (GStreamer's discoverer crashes on
//   some files and costs seconds), no change monitoring (no inotify), Tracker,
//   Playbin, MPRIS, transcoding and upload off, IPv4 on the pod interface only);
// - it wants a D-Bus session bus: a private dbus-daemon, our child, on a socket
//   in the work folder.
// Its description lives at /{uuid}.xml, uuid from the device file it writes
// at start. It announces MediaServer:3 / ContentDirectory:3, and refuses SOAP
// and GENA requests whose Host is not its own address (412 / 400).

export const RYGEL_PORT = 49153;

function rygelConfig(launch: ServerLaunch): string {
  return `[general]
ipv6=false
enable-transcoding=false
media-engine=librygel-media-engine-gst.so
interface=${launch.ifname}
port=${RYGEL_PORT}
log-level=*:3
allow-upload=false
allow-deletion=false
acl-fallback-policy=true
[Tracker3]
enabled=false
[Tracker]
enabled=false
[LMS]
enabled=false
[MediaExport]
enabled=true
title=Pod Media (rygel)
uris=${launch.mediaDir}
extract-metadata=false
monitor-changes=false
virtual-folders=false
[Playbin]
enabled=false
[GstLaunch]
enabled=false
[MPRIS]
enabled=false
[External]
enabled=false
[Ruih]
enabled=false
`;
}

export async function startRygelServer(launch: ServerLaunch): Promise<RunningServer> {
  const dirs = Object.fromEntries(
    ['config', 'cache', 'data', 'runtime', 'home'].map((d) => [d, path.join(launch.workDir, d)]),
  );
  for (const dir of Object.values(dirs)) await mkdir(dir, { recursive: true, mode: 0o700 });
  await writeFile(path.join(dirs.config!, 'rygel.conf'), rygelConfig(launch));
  const busAddress = `unix:path=${path.join(launch.workDir, 'bus')}`;
  const bus = spawnDaemon(launch.bed, launch.host, 'dbus-daemon', [
    '--session',
    '--nofork',
    '--nopidfile',
    `--address=${busAddress}`,
  ]);
  let rygel: DaemonProcess | undefined;
  const stop = async (): Promise<void> => {
    await rygel?.stop();
    await bus.stop();
  };
  try {
    const ns = launch.bed.name(launch.host);
    const busSocket = path.join(launch.workDir, 'bus');
    await waitUntil(
      'its D-Bus socket',
      5_000,
      async () => (await stat(busSocket).catch(() => undefined)) !== undefined,
      () => bus.assertRunning('dbus-daemon'),
    );
    rygel = spawnDaemon(launch.bed, launch.host, 'rygel', [], {
      cwd: launch.workDir,
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: dirs.home,
        XDG_CONFIG_HOME: dirs.config,
        XDG_CACHE_HOME: dirs.cache,
        XDG_DATA_HOME: dirs.data,
        XDG_RUNTIME_DIR: dirs.runtime,
        DBUS_SESSION_BUS_ADDRESS: busAddress,
      },
    });
    const running = rygel;
    let uuid = '';
    await waitUntil(
      'its device file',
      10_000,
      async () => {
        const text = await readFile(path.join(dirs.config!, 'Rygel', 'MediaExport.xml'), 'utf8').catch(() => '');
        uuid = /<UDN>uuid:([^<]+)<\/UDN>/.exec(text)?.[1] ?? '';
        return uuid !== '';
      },
      () => running.assertRunning('rygel'),
    );
    const origin = `http://${launch.address}:${RYGEL_PORT}`;
    const descriptionUrl = `${origin}/${uuid}.xml`;
    // The description is served only once MediaExport has content; then the folder must list every file.
    await waitUntilListed({
      ns,
      descriptionUrl,
      controlUrl: `${origin}/Control/MediaExport/RygelContentDirectory`,
      mediaFiles: launch.mediaFiles,
      alive: () => running.assertRunning('rygel'),
    });
    return {
      name: 'rygel',
      version: debianVersion('rygel'),
      descriptionUrl,
      udn: `uuid:${uuid}`,
      deviceType: 'urn:schemas-upnp-org:device:MediaServer:3',
      output: () => running.output(),
      stop,
    };
  } catch (err) {
    const out = rygel?.output() ?? bus.output();
    await stop();
    throw new Error(`rygel did not start: ${(err as Error).message}\n${out.slice(-2000)}`, { cause: err });
  }
}
