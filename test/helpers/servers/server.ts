// What every real-server launcher takes and gives (minidlna.ts, gerbera.ts,
// rygel.ts): a server running in a pod namespace, its media already imported,
// its description served, ready for a test to start.
import type { Testbed } from '../netns.js';

export interface ServerLaunch {
  bed: Testbed;
  /** Short host name of the pod namespace in `bed`. */
  host: string;
  /** The pod's address (the server binds to it) and its interface. */
  address: string;
  ifname: string;
  /** The folder to serve: the launcher's readiness check waits until every file in it is listed. */
  mediaDir: string;
  /** How many media files `mediaDir` holds (readiness: a container lists that many items). */
  mediaFiles: number;
  /** A fresh folder for the server's config, database, cache and logs. */
  workDir: string;
}

export interface RunningServer {
  name: 'minidlna' | 'gerbera' | 'rygel';
  /** Debian package version (dpkg). */
  version: string;
  descriptionUrl: string;
  /** "uuid:..." as in the description. */
  udn: string;
  /** The root device type it announces (rygel: MediaServer:3). */
  deviceType: string;
  output(): string;
  stop(): Promise<void>;
}
