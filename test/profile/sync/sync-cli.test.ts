// `dlna-bridge profile sync` run as a process on fake /config volumes of both
// images: the corpus as system profiles, a corpus profile copied as a user
// profile, the 10.10 encoding.xml fixture.
import { chmod, readFile, rm, writeFile } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { lintProfileText } from '../../../src/profile/lint/index.js';
import { DEFAULT_POLICY } from '../../../src/device-profile/model.js';
import { runCli } from '../../helpers/cli.js';
import { cliAsUser, type UserCli } from '../../helpers/as-user.js';
import { requirementsMet } from '../../helpers/requirements.js';
import { ENCODING_FIXTURE, corpusProfile, makeVolume, type FakeVolume } from './helpers.js';

const volumes: FakeVolume[] = [];
async function volume(...args: Parameters<typeof makeVolume>): Promise<FakeVolume> {
  const v = await makeVolume(...args);
  volumes.push(v);
  return v;
}
afterEach(async () => {
  for (const v of volumes.splice(0)) await v.cleanup();
});

const CURATED_FAMILIES = 9;
const LG = corpusProfile('LG Smart TV');

describe.each(['official', 'linuxserver'] as const)('profile sync on a %s volume', (layout) => {
  it('first run: installs curated profiles, fixes the user profile (backup kept), sets encoding.xml, says to restart', async () => {
    const v = await volume(layout, { user: { 'My LG.xml': LG } });
    const r = await runCli(['profile', 'sync', '--config-dir', v.volume]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`(${layout} layout; detected: `);
    expect(r.stdout.match(/^installed /gm)).toHaveLength(CURATED_FAMILIES);
    expect(r.stdout).toMatch(/^fixed +.*My LG\.xml \(previous kept as My LG\.xml\.bak\)$/m);
    expect(r.stdout).toMatch(/^set +.*encoding\.xml \(previous kept as encoding\.xml\.bak\)$/m);
    expect(r.stdout).toContain('HardwareAccelerationType none -> nvenc');
    expect(r.stdout).toMatch(
      /^skipped +.*H\.264-only TV \(dlna-bridge\)\.xml: not installed: it needs --tv-user-agent/m,
    );
    expect(r.stdout).toContain('Restart Jellyfin for this to take effect');
    // System profiles are reported and named, never edited; the families are hidden by the curated profiles.
    expect(r.stdout).toMatch(
      /^system +.*DLNA_10\.0\.0\.0\/profiles\/Samsung Smart TV\.xml: \d+ errors? \([a-z-, ]+\); hidden by user profile Samsung Smart TV \(dlna-bridge H\.264\)\.xml/m,
    );
    expect(r.stdout).toMatch(
      /^system +.*Xbox One\.xml: \d+ errors? \(direct-play-codec, direct-play-container\); live for the clients it matches/m,
    );

    const user = (name: string) => readFile(path.join(v.paths.userProfilesDir, name), 'utf8');
    expect(await user('My LG.xml.bak')).toBe(LG);
    expect(lintProfileText(await user('My LG.xml'), DEFAULT_POLICY).filter((f) => f.severity === 'error')).toEqual([]);
    expect(await readFile(`${v.paths.encodingXml}.bak`, 'utf8')).toBe(ENCODING_FIXTURE);
    expect(await readFile(v.paths.encodingXml, 'utf8')).toContain(
      '<HardwareAccelerationType>nvenc</HardwareAccelerationType>',
    );
    const tree = await v.tree();
    expect([...tree.keys()].filter((k) => k.includes('DLNA_') && k.endsWith('.bak'))).toEqual([]);
    expect(
      tree.get(path.relative(v.volume, path.join(v.paths.pluginsDir, 'DLNA_10.0.0.0/profiles/LG Smart TV.xml'))),
    ).toBe(LG);
  });

  it('second run: nothing to do, no restart, every byte unchanged (idempotent)', async () => {
    const v = await volume(layout, { user: { 'My LG.xml': LG } });
    expect((await runCli(['profile', 'sync', '--config-dir', v.volume])).code).toBe(0);
    const before = await v.tree();
    const r = await runCli(['profile', 'sync', '--config-dir', v.volume]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Nothing to do: already in sync. No restart needed.');
    expect(r.stdout).not.toMatch(/^(installed|fixed|set) /m);
    expect(await v.tree()).toEqual(before);
  });
});

describe('profile sync options and output', () => {
  it('--dry-run lists what would change and writes nothing', async () => {
    const v = await volume('official', { user: { 'My LG.xml': LG } });
    const before = await v.tree();
    const r = await runCli(['profile', 'sync', '--config-dir', v.volume, '--dry-run']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^would install/m);
    expect(r.stdout).toMatch(/^would fix +.*My LG\.xml/m);
    expect(r.stdout).toMatch(/Dry run: 11 files would change; nothing written\./);
    expect(await v.tree()).toEqual(before);
  });

  it('--tv-user-agent installs the generic profile with the substring filled in', async () => {
    const v = await volume('official', { system: [] });
    const r = await runCli(['profile', 'sync', '--config-dir', v.volume, '--tv-user-agent', 'Hisense']);
    expect(r.code).toBe(0);
    const text = await readFile(path.join(v.paths.userProfilesDir, 'H.264-only TV (dlna-bridge).xml'), 'utf8');
    expect(text).toContain('<HttpHeaderInfo name="User-Agent" value="Hisense" match="Substring" />');
    expect(lintProfileText(text, DEFAULT_POLICY)).toEqual([]);
  });

  it('--no-gpu keeps the acceleration settings and only turns HEVC output off', async () => {
    const v = await volume('official', { system: [] });
    const r = await runCli(['profile', 'sync', '--config-dir', v.volume, '--no-gpu']);
    expect(r.code).toBe(0);
    const enc = await readFile(v.paths.encodingXml, 'utf8');
    expect(enc).toContain('<HardwareAccelerationType>none</HardwareAccelerationType>');
    expect(enc).toContain('<AllowHevcEncoding>false</AllowHevcEncoding>');
  });

  it('a missing encoding.xml is created (minimal; Jellyfin fills in its defaults)', async () => {
    const v = await volume('linuxserver', { system: [], encoding: null });
    const r = await runCli(['profile', 'sync', '--config-dir', v.volume]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('created encoding.xml');
    expect(await readFile(v.paths.encodingXml, 'utf8')).toContain('<string>hevc</string>');
  });

  it('--format json: the writes, findings and the restart verdict as one JSON document', async () => {
    const v = await volume('official', { user: { 'My LG.xml': LG } });
    const r = await runCli(['profile', 'sync', '--config-dir', v.volume, '--format', 'json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as Record<string, unknown> & {
      writes: Array<Record<string, unknown>>;
      systemFindings: unknown[];
    };
    expect(j).toMatchObject({ layout: 'official', dryRun: false, restartRequired: true, exitCode: 0 });
    expect(j.writes.filter((w) => w.kind === 'install')).toHaveLength(CURATED_FAMILIES);
    expect(j.writes.find((w) => w.kind === 'fix')).toMatchObject({
      backup: true,
      status: 'written',
      path: path.join(v.paths.userProfilesDir, 'My LG.xml'),
    });
    expect(j.systemFindings.length).toBeGreaterThan(0);
  });

  it('--strict: exit 1 while a live system profile breaks the policy and no user profile hides it', async () => {
    const v = await volume('official', { system: ['Xbox One'] });
    const r = await runCli(['profile', 'sync', '--config-dir', v.volume, '--strict']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/Xbox One\.xml: \d+ errors? \(.*\); live for the clients it matches/);
  });

  it('--deny-container avi: the stricter policy reaches the installed curated profiles too', async () => {
    const v = await volume('official', { system: [] });
    const r = await runCli(['profile', 'sync', '--config-dir', v.volume, '--deny-container', 'mkv,avi']);
    expect(r.code).toBe(0);
    const lg = await readFile(path.join(v.paths.userProfilesDir, 'LG Smart TV (dlna-bridge H.264).xml'), 'utf8');
    expect(lg).toContain('container="ts,m2ts"');
    expect(
      lintProfileText(lg, { denyContainers: ['mkv', 'avi'], denyVideoCodecs: ['hevc'] }).filter(
        (f) => f.severity === 'error',
      ),
    ).toEqual([]);
    expect(
      (await runCli(['profile', 'sync', '--config-dir', v.volume, '--deny-container', 'mkv,avi'])).stdout,
    ).toContain('Nothing to do');
  });

  it('policy flags have the lint meaning: with nothing denied, no system profile is reported', async () => {
    const v = await volume('official', { system: ['Xbox One'] });
    const r = await runCli([
      'profile',
      'sync',
      '--config-dir',
      v.volume,
      '--deny-container',
      '',
      '--deny-codec',
      '',
      '--strict',
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/^system /m);
  });

  it('only the newest DLNA_* folder is reported; older ones are named inactive', async () => {
    const v = await volume('official', { dlna: ['9.0.0.0', '10.0.0.0'], system: ['Xbox One'] });
    const r = await runCli(['profile', 'sync', '--config-dir', v.volume]);
    expect(r.stdout).toMatch(
      /^inactive +plugins\/DLNA_9\.0\.0\.0: older plugin version, not loaded \(DLNA_10\.0\.0\.0 is\)$/m,
    );
    expect(r.stdout).not.toMatch(/DLNA_9\.0\.0\.0\/profiles/);
  });
});

describe('profile sync errors: exit 2 and a message naming the path', () => {
  it('a --config-dir that does not exist', async () => {
    const r = await runCli(['profile', 'sync', '--config-dir', '/nonexistent/jellyfin-config']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('dlna-bridge: --config-dir: /nonexistent/jellyfin-config: does not exist\n');
  });

  it('a volume Jellyfin never started on is a first start: the official layout, exit 0', async () => {
    const v = await volume('official', { system: [] });
    await rm(path.join(v.volume, 'config'), { recursive: true });
    await rm(path.join(v.volume, 'plugins'), { recursive: true });
    const fresh = await runCli(['profile', 'sync', '--config-dir', v.volume]);
    expect(fresh.code).toBe(0);
    expect(fresh.stdout.match(/^installed/gm)).toHaveLength(CURATED_FAMILIES);
  });

  it('a file where the user profile folder belongs', async () => {
    const v = await volume('official', { system: [] });
    await rm(v.paths.userProfilesDir, { recursive: true });
    await writeFile(v.paths.userProfilesDir, 'not a folder');
    const r = await runCli(['profile', 'sync', '--config-dir', v.volume]);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain(`${v.paths.userProfilesDir}: a file is where a folder is expected on this path`);
  });

  it('a malformed user profile is left byte-identical; everything else is still synced', async () => {
    const broken = LG.slice(0, 2000);
    const v = await volume('official', { system: [], user: { 'Broken.xml': broken } });
    const r = await runCli(['profile', 'sync', '--config-dir', v.volume]);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/Broken\.xml: not changed: .*line \d+, column \d+/);
    expect(await readFile(path.join(v.paths.userProfilesDir, 'Broken.xml'), 'utf8')).toBe(broken);
    expect(r.stdout.match(/^installed/gm)).toHaveLength(CURATED_FAMILIES);
  });

  it('a malformed encoding.xml is left alone and named', async () => {
    const v = await volume('official', { system: [], encoding: '<EncodingOptions><Hardware' });
    const r = await runCli(['profile', 'sync', '--config-dir', v.volume]);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/config\/encoding\.xml: not changed: not well-formed XML/);
    expect(await readFile(v.paths.encodingXml, 'utf8')).toBe('<EncodingOptions><Hardware');
  });

  it('a missing --profiles folder', async () => {
    const v = await volume('official', { system: [] });
    const r = await runCli(['profile', 'sync', '--config-dir', v.volume, '--profiles', '/nonexistent/curated']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('dlna-bridge: --profiles: /nonexistent/curated: does not exist\n');
  });

  it('--watch with --dry-run is a usage error', async () => {
    const r = await runCli(['profile', 'sync', '--config-dir', '/tmp', '--watch', '--dry-run']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--watch and --dry-run exclude each other');
  });
});

// Root ignores file modes, so these run the CLI as nobody (setpriv) or inside a
// private mount namespace with a read-only bind mount (unshare).
// nobody must reach the CLI: a checkout under /root or `mktemp -d` (0700) is
// closed to it, so cliAsUser stages the package where it can (or says why not).
describe.skipIf(!requirementsMet(['setpriv', 'unshare', 'mount']))(
  'profile sync permission errors (as root: setpriv, read-only bind mount)',
  () => {
    let nobody: UserCli;
    beforeAll(() => {
      nobody = cliAsUser(65534, 65534);
    }, 120_000); // staging links or copies ~100 MB of packages
    afterAll(() => nobody?.cleanup());
    const asNobody = () => ({ prefix: nobody.prefix, node: nobody.node, cli: nobody.cli });

    it('an unreadable user profile (mode 000, run as nobody): exit 2, path named, file untouched', async () => {
      const v = await volume('official', { system: [], user: { 'Secret.xml': LG } });
      execFileSync('chown', ['-R', '65534:65534', v.volume]);
      await chmod(path.join(v.paths.userProfilesDir, 'Secret.xml'), 0o000);
      const r = await runCli(['profile', 'sync', '--config-dir', v.volume], asNobody());
      expect(r.code).toBe(2);
      expect(r.stdout).toContain(`${path.join(v.paths.userProfilesDir, 'Secret.xml')}: permission denied`);
      await chmod(path.join(v.paths.userProfilesDir, 'Secret.xml'), 0o644);
      expect(await readFile(path.join(v.paths.userProfilesDir, 'Secret.xml'), 'utf8')).toBe(LG);
    });

    it('a user profile folder nobody may write to: exit 2, the failed writes named', async () => {
      const v = await volume('official', { system: [] });
      execFileSync('chown', ['-R', '65534:65534', v.volume]);
      await chmod(v.paths.userProfilesDir, 0o555);
      const r = await runCli(['profile', 'sync', '--config-dir', v.volume], asNobody());
      expect(r.code).toBe(2);
      expect(r.stdout).toContain(
        `error          ${v.paths.userProfilesDir}/LG Smart TV (dlna-bridge H.264).xml: not written: permission denied\n`,
      );
    });

    it('a read-only volume (bind mount ro): exit 2, read-only file system, nothing changed', async () => {
      const v = await volume('official', { system: [], user: { 'My LG.xml': LG } });
      const before = await v.tree();
      // sh -c SCRIPT VOLUME node cli ...: $0 is the volume, "$@" the CLI command line.
      const script = 'mount --bind "$0" "$0" && mount -o remount,bind,ro "$0" && exec "$@"';
      const r = await runCli(['profile', 'sync', '--config-dir', v.volume], {
        prefix: ['unshare', '--mount', '--propagation', 'private', 'sh', '-c', script, v.volume],
      });
      expect(r.code).toBe(2);
      expect(r.stdout).toContain(
        `error          ${v.paths.userProfilesDir}/My LG.xml: not written: read-only file system\n`,
      );
      expect(await v.tree()).toEqual(before);
    });
  },
);
