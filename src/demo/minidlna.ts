// A real upstream for the demo and the integration tests: minidlna, in the
// foreground, with its own database and log folders so nothing touches the
// host's /var. It builds every URL from its own interface address (unlike
// Jellyfin), which is exactly what the proxy's body rewriting is for.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface MinidlnaOptions {
  /** Working folder: config, pid file, db/ and log/ go here. */
  workDir: string;
  mediaDir: string;
  networkInterface: string;
  port?: number;
  friendlyName?: string;
  /** Seconds between NOTIFY rounds; short in tests so the pod side sees it at once. */
  notifyInterval?: number;
  /** Fixed UUID (without "uuid:") so tests can look for it. */
  uuid?: string;
}

export interface MinidlnaSetup {
  configPath: string;
  pidFile: string;
  /** Program and arguments: foreground (-d), our config (-f), our pid file (-P). */
  command: [string, ...string[]];
  port: number;
}

export const MINIDLNA_PORT = 8200;

export async function writeMinidlnaConfig(options: MinidlnaOptions): Promise<MinidlnaSetup> {
  const port = options.port ?? MINIDLNA_PORT;
  const dbDir = path.join(options.workDir, 'db');
  const logDir = path.join(options.workDir, 'log');
  await mkdir(dbDir, { recursive: true });
  await mkdir(logDir, { recursive: true });
  const lines = [
    `port=${port}`,
    `network_interface=${options.networkInterface}`,
    `media_dir=${options.mediaDir}`,
    `db_dir=${dbDir}`,
    `log_dir=${logDir}`,
    `friendly_name=${options.friendlyName ?? 'Pod Media (minidlna)'}`,
    `notify_interval=${options.notifyInterval ?? 5}`,
    // No inotify: the clips do not change, and a watcher per test run is waste.
    'inotify=no',
    'album_art_names=Cover.jpg/cover.jpg',
    'enable_tivo=no',
    'strict_dlna=no',
    ...(options.uuid ? [`uuid=${options.uuid}`] : []),
  ];
  const configPath = path.join(options.workDir, 'minidlna.conf');
  await writeFile(configPath, `${lines.join('\n')}\n`);
  const pidFile = path.join(options.workDir, 'minidlna.pid');
  return { configPath, pidFile, command: ['minidlnad', '-d', '-f', configPath, '-P', pidFile], port };
}
