// The 27 real Jellyfin profiles (jellyfin-plugin-dlna, unmodified), read from
// the shared fixtures next to the checkout (GPL data: referenced, not copied).
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../helpers/cli.js';

export const corpusDir = path.resolve(repoRoot, '../shared/fixtures/jellyfin-profiles');

export interface CorpusFile {
  name: string;
  path: string;
  text: string;
}

export function loadCorpus(): CorpusFile[] {
  return readdirSync(corpusDir)
    .filter((f) => f.endsWith('.xml'))
    .sort()
    .map((name) => ({ name, path: path.join(corpusDir, name), text: readFileSync(path.join(corpusDir, name), 'utf8') }));
}

/** The model without source positions (for round-trip equality). */
export function withoutPositions<T>(value: T): T {
  return JSON.parse(JSON.stringify(value, (k, v) => (k === 'pos' || k === 'attrPos' ? undefined : v))) as T;
}
