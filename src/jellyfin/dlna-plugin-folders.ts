// Which DLNA plugin folder is live. Jellyfin installs each plugin version in
// its own folder, {data}/plugins/{Name}_{Version} (e.g. DLNA_10.0.0.0), and an
// upgrade leaves the old folder behind until the next start cleans it up; the
// newest version is the one loaded, so its profiles/ are the live system
// profiles. Pure: takes folder names, returns the decision.

export interface DlnaPluginFolder {
  name: string;
  version: number[];
}

const DLNA_FOLDER = /^DLNA_(\d+(?:\.\d+){0,3})$/i;

/** Parse `DLNA_10.0.0.0` into its version; undefined for anything else. */
export function parseDlnaFolderName(name: string): DlnaPluginFolder | undefined {
  const m = DLNA_FOLDER.exec(name);
  if (!m || m[1] === undefined) return undefined;
  return { name, version: m[1].split('.').map((n) => Number.parseInt(n, 10)) };
}

export function compareVersions(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** DLNA plugin folders among `names`, newest first (the first is the live one). */
export function dlnaFoldersNewestFirst(names: readonly string[]): DlnaPluginFolder[] {
  return names
    .map(parseDlnaFolderName)
    .filter((f): f is DlnaPluginFolder => f !== undefined)
    .sort((a, b) => compareVersions(b.version, a.version) || a.name.localeCompare(b.name));
}
