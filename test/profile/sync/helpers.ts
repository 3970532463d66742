// Fake Jellyfin /config volumes for sync tests, built in a temporary folder the
// way each image lays them out after a first start with the DLNA plugin.
import { mkdtempSync, readFileSync } from 'node:fs';
import { mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathsFor, type JellyfinPaths, type Layout } from '../../../src/jellyfin/layout.js';
import { repoRoot } from '../../helpers/cli.js';
import { corpusDir } from '../corpus.js';

export const CORPUS_DIR = corpusDir;
export const ENCODING_FIXTURE = readFileSync(path.join(repoRoot, 'test/fixtures/jellyfin-config/encoding.xml'), 'utf8');

export function corpusProfile(name: string): string {
  return readFileSync(path.join(CORPUS_DIR, `${name}.xml`), 'utf8');
}

export interface VolumeSpec {
  /** DLNA plugin versions installed (folders DLNA_{v}); the corpus goes into each one's profiles/. */
  dlna?: string[];
  /** Corpus profile names to put in the system folders (default: all 27). */
  system?: string[];
  /** User profiles: file name -> content. */
  user?: Record<string, string>;
  /** encoding.xml content; null: no file. Default: the 10.10 fixture. */
  encoding?: string | null;
}

export interface FakeVolume {
  volume: string;
  paths: JellyfinPaths;
  cleanup(): Promise<void>;
  /** Every file under the volume -> content, for before/after comparisons. */
  tree(): Promise<Map<string, string>>;
}

export async function makeVolume(layout: Layout, spec: VolumeSpec = {}): Promise<FakeVolume> {
  const volume = mkdtempSync(path.join(os.tmpdir(), `dlna-sync-${layout}-`));
  const paths = pathsFor(volume, layout);
  await mkdir(paths.configDir, { recursive: true });
  await writeFile(
    path.join(paths.configDir, 'system.xml'),
    '<?xml version="1.0" encoding="utf-8"?>\n<ServerConfiguration />\n',
  );
  if (spec.encoding !== null) await writeFile(paths.encodingXml, spec.encoding ?? ENCODING_FIXTURE);
  await mkdir(paths.userProfilesDir, { recursive: true });
  for (const [name, text] of Object.entries(spec.user ?? {}))
    await writeFile(path.join(paths.userProfilesDir, name), text);
  const system =
    spec.system ?? (await readdir(CORPUS_DIR)).filter((f) => f.endsWith('.xml')).map((f) => f.slice(0, -4));
  for (const v of spec.dlna ?? ['10.0.0.0']) {
    const dir = path.join(paths.pluginsDir, `DLNA_${v}`, 'profiles');
    await mkdir(dir, { recursive: true });
    for (const name of system) await writeFile(path.join(dir, `${name}.xml`), corpusProfile(name));
  }
  return {
    volume,
    paths,
    cleanup: () => rm(volume, { recursive: true, force: true }),
    tree: () => readTree(volume),
  };
}

async function readTree(root: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const walk = async (dir: string): Promise<void> => {
    for (const e of await readdir(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) await walk(p);
      else out.set(path.relative(root, p), await readFile(p, 'utf8'));
    }
  };
  await walk(root);
  return out;
}
