// minidlna (Debian's minidlnad) as a test upstream: the demo's config writer
// (src/demo/minidlna.ts: own db/log folders, no inotify), in the foreground.
// It names itself by its interface address in every URL and accepts any Host.
import path from 'node:path';
import { writeMinidlnaConfig, MINIDLNA_PORT } from '../../../src/demo/minidlna.js';
import { debianVersion, spawnDaemon } from './process.js';
import { waitUntilListed } from './ready.js';
import type { RunningServer, ServerLaunch } from './server.js';

export const MINIDLNA_TEST_UUID = '4d696e69-444c-164e-9d41-b827eb0a5e12';

export async function startMinidlnaServer(launch: ServerLaunch): Promise<RunningServer> {
  const setup = await writeMinidlnaConfig({
    workDir: launch.workDir,
    mediaDir: launch.mediaDir,
    networkInterface: launch.ifname,
    notifyInterval: 5,
    uuid: MINIDLNA_TEST_UUID,
    friendlyName: 'Pod Media (minidlna)',
  });
  const [cmd, ...args] = setup.command;
  const daemon = spawnDaemon(launch.bed, launch.host, cmd, args, { cwd: path.dirname(setup.configPath) });
  const ns = launch.bed.name(launch.host);
  const origin = `http://${launch.address}:${MINIDLNA_PORT}`;
  // Its scan runs after the HTTP server is up: ready when the folder lists every file.
  await waitUntilListed({
    ns,
    descriptionUrl: `${origin}/rootDesc.xml`,
    controlUrl: `${origin}/ctl/ContentDir`,
    mediaFiles: launch.mediaFiles,
    alive: () => daemon.assertRunning('minidlna'),
  });
  return {
    name: 'minidlna',
    version: debianVersion('minidlna'),
    descriptionUrl: `${origin}/rootDesc.xml`,
    udn: `uuid:${MINIDLNA_TEST_UUID}`,
    deviceType: 'urn:schemas-upnp-org:device:MediaServer:1',
    output: daemon.output,
    stop: daemon.stop,
  };
}
