// Writing a plan: atomic, compare-before-write, backups, state, ownership.
import { chown, readFile, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { applyPlan } from '../../../src/profile/sync/apply.js';
import { readSnapshot } from '../../../src/profile/sync/snapshot.js';
import { STATE_FILE_NAME, contentHash } from '../../../src/profile/sync/state.js';
import type { PlannedWrite } from '../../../src/profile/sync/types.js';
import { repoRoot } from '../../helpers/cli.js';
import { makeVolume, type FakeVolume } from './helpers.js';

const curatedDir = path.join(repoRoot, 'profiles');
const volumes: FakeVolume[] = [];
afterEach(async () => {
  for (const v of volumes.splice(0)) await v.cleanup();
});

async function setup(user: Record<string, string>): Promise<FakeVolume> {
  const v = await makeVolume('official', { system: [], user });
  volumes.push(v);
  return v;
}

function fixWrite(file: string, text: string, expected: PlannedWrite['expected'], backup = true): PlannedWrite {
  return { kind: 'fix', path: file, text, backup, expected, changes: ['x'] };
}

describe('profile sync apply', () => {
  it('writes, keeps the previous content as .bak, and records what it wrote in the state file', async () => {
    const v = await setup({ 'A.xml': '<Profile>old</Profile>' });
    const snap = await readSnapshot(v.paths, 'test', { curatedDir });
    const file = path.join(v.paths.userProfilesDir, 'A.xml');
    const f = snap.userProfiles.get('A.xml')!;
    const r = await applyPlan(snap, [fixWrite(file, '<Profile>new</Profile>', f)]);
    expect(r.written).toHaveLength(1);
    expect(await readFile(file, 'utf8')).toBe('<Profile>new</Profile>');
    expect(await readFile(`${file}.bak`, 'utf8')).toBe('<Profile>old</Profile>');
    const state = JSON.parse(await readFile(path.join(v.volume, STATE_FILE_NAME), 'utf8')) as {
      files: Record<string, string>;
    };
    expect(state.files['plugins/configurations/dlna/user/A.xml']).toBe(contentHash('<Profile>new</Profile>'));
  });

  it('never overwrites a file that changed after it was read (someone else is writing it)', async () => {
    const v = await setup({ 'A.xml': '<Profile>old</Profile>' });
    const snap = await readSnapshot(v.paths, 'test', { curatedDir });
    const file = path.join(v.paths.userProfilesDir, 'A.xml');
    const f = snap.userProfiles.get('A.xml')!;
    await writeFile(file, '<Profile>theirs, longer</Profile>');
    const r = await applyPlan(snap, [fixWrite(file, '<Profile>new</Profile>', f)]);
    expect(r.written).toEqual([]);
    expect(r.raced[0]!.reason).toBe('was written by someone else after it was read');
    expect(await readFile(file, 'utf8')).toBe('<Profile>theirs, longer</Profile>');
  });

  it('never replaces a file created after the folder was read', async () => {
    const v = await setup({});
    const snap = await readSnapshot(v.paths, 'test', { curatedDir });
    const file = path.join(v.paths.userProfilesDir, 'New.xml');
    await writeFile(file, '<Profile>theirs</Profile>');
    const r = await applyPlan(snap, [
      { kind: 'install', path: file, text: '<Profile/>', backup: false, expected: undefined, changes: [] },
    ]);
    expect(r.raced[0]!.reason).toBe('was created by someone else after the folder was read');
    expect(await readFile(file, 'utf8')).toBe('<Profile>theirs</Profile>');
  });

  it.skipIf(process.getuid?.() !== 0)(
    'as root, new folders and files get the owner of the folder they are made in (Jellyfin must be able to rewrite them)',
    async () => {
      const v = await setup({});
      await rm(path.join(v.paths.pluginsDir, 'configurations'), { recursive: true });
      await chown(v.volume, 1000, 1000);
      await chown(v.paths.pluginsDir, 1000, 1000);
      const snap = await readSnapshot(v.paths, 'test', { curatedDir });
      const file = path.join(v.paths.userProfilesDir, 'New.xml');
      const r = await applyPlan(snap, [
        { kind: 'install', path: file, text: '<Profile/>', backup: false, expected: undefined, changes: [] },
      ]);
      expect(r.failed).toEqual([]);
      for (const p of [
        file,
        v.paths.userProfilesDir,
        path.join(v.paths.pluginsDir, 'configurations'),
        path.join(v.volume, STATE_FILE_NAME),
      ]) {
        expect([p, (await stat(p)).uid, (await stat(p)).gid]).toEqual([p, 1000, 1000]);
      }
    },
  );

  it('snapshot: only *.xml are profiles; backups, temp files and the state file are not', async () => {
    const v = await setup({ 'A.xml': '<Profile/>', 'A.xml.bak': 'x', '.A.xml.1.ab.tmp': 'x', 'B.XML': '<Profile/>' });
    const snap = await readSnapshot(v.paths, 'test', { curatedDir });
    expect([...snap.userProfiles.keys()]).toEqual(['A.xml', 'B.XML']);
  });
});
