// The 27 real Jellyfin profiles (jellyfin-plugin-dlna, unmodified), vendored as
// test data in test/fixtures/jellyfin-profiles (GPL-3.0; see its README and LICENSE).
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../helpers/cli.js';

export const corpusDir = path.join(repoRoot, 'test/fixtures/jellyfin-profiles');

export interface CorpusFile {
  name: string;
  path: string;
  text: string;
}

export function loadCorpus(): CorpusFile[] {
  return readdirSync(corpusDir)
    .filter((f) => f.endsWith('.xml'))
    .sort()
    .map((name) => ({
      name,
      path: path.join(corpusDir, name),
      text: readFileSync(path.join(corpusDir, name), 'utf8'),
    }));
}

/** The model without source positions (for round-trip equality). */
export function withoutPositions<T>(value: T): T {
  return JSON.parse(JSON.stringify(value, (k, v) => (k === 'pos' || k === 'attrPos' ? undefined : v))) as T;
}
