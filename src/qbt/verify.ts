// What "the files arrived" means, decided from qBittorrent's file list and
// stat results (pure; local-fs.ts does the stat calls). Paths and sizes only:
// re-hashing is qBittorrent's job (a recheck), and would stop seeding for it.
import { joinQbtPath } from './paths.js';
import type { TorrentFile } from './types.js';

/** qBittorrent's suffix for unfinished files when "Append .!qB extension" is on. */
export const INCOMPLETE_SUFFIX = '.!qB';

export interface FileExpectation {
  /** where the file should be, then where it may be while incomplete */
  candidates: string[];
  size: number;
  /** fully downloaded: its size must match exactly */
  complete: boolean;
  /** priority 0 ("do not download"): it may legitimately be absent */
  skipped: boolean;
}

export interface ObservedFile {
  size: number;
  isFile: boolean;
}

export function expectedFiles(
  savePath: string,
  files: readonly TorrentFile[],
  incompleteSuffix: boolean,
): FileExpectation[] {
  return files.map((f) => {
    const path = joinQbtPath(savePath, f.name);
    const complete = f.progress >= 1;
    return {
      candidates: !complete && incompleteSuffix ? [path, `${path}${INCOMPLETE_SUFFIX}`] : [path],
      size: f.size,
      complete,
      skipped: f.priority === 0,
    };
  });
}

export interface FileCheckResult {
  /** files found where expected, with a plausible size */
  present: number;
  /** bytes of the files found */
  bytes: number;
  problems: string[];
}

export function checkFiles(
  expected: readonly FileExpectation[],
  observed: ReadonlyMap<string, ObservedFile | null>,
): FileCheckResult {
  const result: FileCheckResult = { present: 0, bytes: 0, problems: [] };
  for (const exp of expected) {
    const found = exp.candidates.map((c) => [c, observed.get(c) ?? null] as const).find(([, o]) => o !== null);
    if (!found) {
      if (!exp.skipped) result.problems.push(`missing: ${exp.candidates[0]}`);
      continue;
    }
    const [path, file] = found;
    if (!file!.isFile) {
      result.problems.push(`not a regular file: ${path}`);
    } else if (exp.complete && file!.size !== exp.size) {
      result.problems.push(`size ${file!.size} instead of ${exp.size} bytes: ${path}`);
    } else if (!exp.complete && file!.size > exp.size) {
      result.problems.push(`larger than the torrent says (${file!.size} > ${exp.size} bytes): ${path}`);
    } else {
      result.present++;
      result.bytes += file!.size;
    }
  }
  return result;
}

/**
 * True when this machine sees qBittorrent's files at the paths it reports: every
 * complete, wanted file is there with its exact size. A chance match of every
 * path and size is not plausible, so this decides "local" for --local-files auto.
 */
export function filesVisible(
  expected: readonly FileExpectation[],
  observed: ReadonlyMap<string, ObservedFile | null>,
): boolean {
  const relevant = expected.filter((e) => e.complete && !e.skipped);
  if (relevant.length === 0) return false;
  return relevant.every((e) => {
    const o = observed.get(e.candidates[0]!);
    return o !== null && o !== undefined && o.isFile && o.size === e.size;
  });
}

export function allCandidates(expected: readonly FileExpectation[]): string[] {
  return expected.flatMap((e) => e.candidates);
}
