// A fresh cluster starts: the profile-sync init container, exactly as `stack
// render` writes it, run against the volumes it meets (an empty one on the
// first start, one Jellyfin already wrote), for both Jellyfin images, with and
// without a GPU. The command comes out of the rendered Deployment itself; only
// the /config volume is replaced by a temporary folder.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { runCli } from '../helpers/cli.js';

interface Container {
  name: string;
  command?: string[];
  args?: string[];
  volumeMounts?: { name: string; mountPath: string }[];
}

const LSIO_IMAGE = 'lscr.io/linuxserver/jellyfin:10.10.7';
let dir = '';
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'stack-init-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The profile-sync init container of the rendered jellyfin Deployment, read as kubectl reads it (YAML 1.1). */
async function renderedInitContainer(sets: string[]): Promise<Container> {
  const r = await runCli(['stack', 'render', ...sets.flatMap((s) => ['--set', s])]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  const docs = parseAllDocuments(r.stdout, { version: '1.1' }).map(
    (d) =>
      d.toJS() as {
        kind: string;
        metadata: { name: string };
        spec: { template: { spec: { initContainers: Container[] } } };
      },
  );
  const jellyfin = docs.find((d) => d.kind === 'Deployment' && d.metadata.name === 'jellyfin')!;
  return jellyfin.spec.template.spec.initContainers.find((c) => c.name === 'profile-sync')!;
}

/** A /config volume: empty (first start) or with the files each image writes at its first start. */
function makeVolume(kind: 'empty' | 'official' | 'linuxserver', name: string): string {
  const v = path.join(dir, name);
  mkdirSync(v);
  const systemXml = '<?xml version="1.0" encoding="utf-8"?>\n<ServerConfiguration />\n';
  if (kind === 'official') {
    mkdirSync(path.join(v, 'config'));
    mkdirSync(path.join(v, 'plugins'));
    writeFileSync(path.join(v, 'config/system.xml'), systemXml);
  } else if (kind === 'linuxserver') {
    mkdirSync(path.join(v, 'data/plugins'), { recursive: true });
    writeFileSync(path.join(v, 'system.xml'), systemXml);
  }
  return v;
}

const CASES = [
  { image: 'official', volume: 'empty' },
  { image: 'official', volume: 'official' },
  { image: 'linuxserver', volume: 'empty' },
  { image: 'linuxserver', volume: 'linuxserver' },
] as const;

describe('the rendered profile-sync init container on a fresh and a used /config volume', () => {
  for (const gpu of [true, false]) {
    for (const c of CASES) {
      it(`jellyfin image ${c.image}, ${c.volume} volume, gpu=${gpu}: exit 0, files where that image reads them`, async () => {
        const sets = [`gpu=${gpu}`, ...(c.image === 'linuxserver' ? [`images.jellyfin=${LSIO_IMAGE}`] : [])];
        const init = await renderedInitContainer(sets);
        const argv = [...(init.command ?? []), ...(init.args ?? [])];
        expect(argv.slice(0, 3)).toEqual(['dlna-bridge', 'profile', 'sync']);
        const at = argv.indexOf('--config-dir');
        // the flag names the folder the volume is mounted at
        expect(init.volumeMounts).toContainEqual({ name: 'config', mountPath: argv[at + 1] });
        expect(argv[argv.indexOf('--layout') + 1]).toBe(c.image);
        expect(argv.includes('--no-gpu')).toBe(!gpu);

        const volume = makeVolume(c.volume, `${c.image}-${c.volume}-${gpu}`);
        // the container's command as the built CLI, with a temporary folder for /config
        const args = argv.slice(1).map((arg, i, all) => (all[i - 1] === '--config-dir' ? volume : arg));
        const run = await runCli(args);
        expect(run.stderr).toBe('');
        expect(run.code).toBe(0);

        const configDir = c.image === 'official' ? path.join(volume, 'config') : volume;
        const dataDir = c.image === 'official' ? volume : path.join(volume, 'data');
        expect(
          existsSync(path.join(dataDir, 'plugins/configurations/dlna/user/LG Smart TV (dlna-bridge H.264).xml')),
        ).toBe(true);
        const encodingXml = path.join(configDir, 'encoding.xml');
        if (gpu) {
          const xml = readFileSync(encodingXml, 'utf8');
          expect(xml).toContain('<HardwareAccelerationType>nvenc</HardwareAccelerationType>');
          expect(xml).toContain('<EnableHardwareEncoding>true</EnableHardwareEncoding>');
        } else {
          // no GPU: encoding.xml is left to Jellyfin (absent on these volumes: nothing to change)
          expect(existsSync(encodingXml)).toBe(false);
          expect(run.stdout).toMatch(/unchanged +(config\/)?encoding\.xml/);
        }
      });
    }
  }
});
