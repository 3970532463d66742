// The curated profiles shipped in profiles/: what makes them safe to install
// as Jellyfin user profiles next to the plugin's system profiles.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintProfileSet, lintProfileText } from '../../../src/profile/lint/index.js';
import { DEFAULT_POLICY } from '../../../src/device-profile/model.js';
import { parseProfile } from '../../../src/device-profile/parse.js';
import { parseList } from '../../../src/device-profile/lists.js';
import {
  containerBlocked,
  h264TranscodingProfiles,
  videoDirectPlayProfiles,
} from '../../../src/device-profile/analysis.js';
import { renderCurated } from '../../../src/profile/sync/curated.js';
import { repoRoot } from '../../helpers/cli.js';
import { CORPUS_DIR } from './helpers.js';

const dir = path.join(repoRoot, 'profiles');
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.xml'))
  .sort();
const read = (f: string): string => readFileSync(path.join(dir, f), 'utf8');
const corpus = readdirSync(CORPUS_DIR)
  .filter((f) => f.endsWith('.xml'))
  .map((f) => parseProfile(readFileSync(path.join(CORPUS_DIR, f), 'utf8')));

describe('curated profiles (profiles/)', () => {
  it('ships the generic H.264-only TV profile and the corpus TV families that have an Identification', () => {
    expect(files).toEqual([
      'H.264-only TV (dlna-bridge).xml',
      'LG Smart TV (dlna-bridge H.264).xml',
      'Panasonic Viera (dlna-bridge H.264).xml',
      'Samsung Smart TV (dlna-bridge H.264).xml',
      'Sharp Smart TV (dlna-bridge H.264).xml',
      'Sony Bravia (2010) (dlna-bridge H.264).xml',
      'Sony Bravia (2011) (dlna-bridge H.264).xml',
      'Sony Bravia (2012) (dlna-bridge H.264).xml',
      'Sony Bravia (2013) (dlna-bridge H.264).xml',
      'Sony Bravia (2014) (dlna-bridge H.264).xml',
    ]);
  });

  it.each(files)('%s: lints with no finding at all under the default policy', (f) => {
    expect(lintProfileText(read(f), DEFAULT_POLICY, f)).toEqual([]);
  });

  it('the generic profile is also clean once sync fills in the User-Agent', () => {
    const text = renderCurated(read('H.264-only TV (dlna-bridge).xml'), 'Hisense')!;
    expect(lintProfileText(text, DEFAULT_POLICY)).toEqual([]);
    expect(parseProfile(text).identification?.headers).toMatchObject([
      { name: 'User-Agent', value: 'Hisense', match: 'Substring' },
    ]);
  });

  it('no two of them match the same client (lint across the folder: duplicate-match)', () => {
    const results = lintProfileSet(
      files.map((f) => ({ file: f, text: read(f) })),
      DEFAULT_POLICY,
    );
    expect(results.flatMap((r) => r.findings)).toEqual([]);
  });

  it('DlnaManager.UpdateProfile saves to GetValidFilename(Name).xml: each file is named after its <Name>', () => {
    for (const f of files) expect(`${parseProfile(read(f)).name}.xml`).toBe(f);
  });

  it('distinct Names (none a system profile name) and distinct Ids that .NET reads as a Guid', () => {
    const profiles = files.map((f) => parseProfile(read(f)));
    const names = profiles.map((p) => p.name);
    const ids = profiles.map((p) => p.id);
    expect(new Set(names).size).toBe(files.length);
    expect(new Set(ids).size).toBe(files.length);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    for (const n of names) expect(corpus.map((c) => c.name)).not.toContain(n);
  });

  it.each(files.filter((f) => !f.startsWith('H.264-only')))(
    '%s: identifies the TV exactly as its corpus profile does',
    (f) => {
      const family = f.replace(' (dlna-bridge H.264).xml', '.xml');
      const original = parseProfile(readFileSync(path.join(CORPUS_DIR, family), 'utf8'));
      const strip = (p: ReturnType<typeof parseProfile>) => ({
        ...p.identification,
        pos: undefined,
        headers: p.identification!.headers.map((h) => ({ ...h, pos: undefined, attrPos: undefined })),
      });
      expect(strip(parseProfile(read(f)))).toEqual(strip(original));
    },
  );

  it.each(files)(
    '%s: StreamBuilder never direct-plays or direct-streams mkv or hevc; video transcodes to h264 with aac allowed',
    (f) => {
      const p = parseProfile(renderCurated(read(f), 'TV')!);
      for (const d of videoDirectPlayProfiles(p)) {
        const containers = parseList(d.container);
        const codecs = parseList(d.videoCodec);
        expect(containers.all || containers.deny).toBe(false);
        expect(codecs.all || codecs.deny).toBe(false);
        expect(containers.tokens).not.toContain('mkv');
        expect(codecs.tokens).not.toContain('hevc');
      }
      expect(containerBlocked(p, 'mkv')).toBe(true);
      const h264 = h264TranscodingProfiles(p).filter((t) => t.container === 'ts');
      expect(h264.length).toBeGreaterThan(0);
      expect(parseList(h264[0]!.audioCodec).tokens).toContain('aac');
    },
  );
});
