// `dlna-bridge stack doctor`: read the media stack from a running cluster and
// print what the checks find. Exit 1 when a finding is more than a note.
import { readClusterSnapshot } from '../cluster/snapshot.js';
import { formatFindings, runDoctor } from '../doctor/index.js';
import { clusterFor, type ClusterOptions, type StackIo } from './io.js';

export interface DoctorOptions extends ClusterOptions {
  namespace: string;
  /** Ask qBittorrent's WebUI API (through the API server's service proxy) for its save path. */
  qbittorrentApi: boolean;
  json?: boolean;
}

export async function run(options: DoctorOptions, io: StackIo): Promise<number> {
  const kc = await clusterFor(options, io);
  const snapshot = await readClusterSnapshot(kc, {
    namespace: options.namespace,
    qbittorrentApi: options.qbittorrentApi,
    env: io.env,
  });
  const findings = runDoctor(snapshot);
  io.stdout.write(options.json ? `${JSON.stringify({ findings }, null, 2)}\n` : formatFindings(findings));
  return findings.some((f) => f.severity !== 'info') ? 1 : 0;
}
