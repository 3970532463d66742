// qbt relocate against a real qbittorrent-nox (Debian 4.5.2): a namespace with only
// loopback (DHT/LSD/PeX/UPnP off as well), its own profile, known credentials.
// Torrents made from local data are checked and seed; relocate must move them
// out of the trap, keep them seeding, fix the default save path, be a no-op the
// second time, and stop at once on a wrong password.
import { spawn } from 'node:child_process';
import { mkdtemp, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../helpers/cli.js';
import { Testbed } from '../helpers/netns.js';
import { requirementsMet } from '../helpers/requirements.js';
import { createTestTorrent, type TestTorrent } from '../qbt/helpers/torrent-file.js';

const FAMILY = 'qbr';
const PORT = 8080;
const URL_ = `http://127.0.0.1:${PORT}`;

interface Info {
  hash: string;
  name: string;
  save_path: string;
  content_path: string;
  state: string;
}

describe.skipIf(!requirementsMet(['qbittorrent-nox', 'ip', 'curl']))(
  'qbt relocate against qbittorrent-nox 4.5.2',
  () => {
    const bed = new Testbed(FAMILY);
    let ns = '';
    let work = '';
    let profile = '';
    let trap = '';
    let decoy = '';
    let dest = '';
    let passwordFile = '';
    let movie: TestTorrent;
    let album: TestTorrent;
    let other: TestTorrent;
    let qbtLog = '';
    const exitHandler = (): void => bed.destroySync();

    /** curl inside the namespace with a cookie jar: the test's own view of qBittorrent's API. */
    const api = async (endpoint: string, args: string[] = []): Promise<string> =>
      bed.exec('qbt', 'curl', [
        '-sf',
        '-m',
        '10',
        '-b',
        path.join(work, 'jar'),
        '-c',
        path.join(work, 'jar'),
        '-H',
        `Referer: ${URL_}`,
        ...args,
        `${URL_}/api/v2/${endpoint}`,
      ]);
    const torrents = async (): Promise<Info[]> => JSON.parse(await api('torrents/info')) as Info[];
    const preferences = async (): Promise<{ save_path: string; temp_path: string }> =>
      JSON.parse(await api('app/preferences'));
    const relocate = (args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> =>
      runCli(['qbt', 'relocate', '--url', URL_, ...args], {
        prefix: ['ip', 'netns', 'exec', ns],
        env: { DLNA_BRIDGE_QBT_PASSWORD: '', DLNA_BRIDGE_QBT_API_KEY: '', DLNA_BRIDGE_QBT_USERNAME: '', ...env },
        timeoutMs: 90_000,
      });

    async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
      const deadline = Date.now() + timeoutMs;
      let last: unknown;
      while (Date.now() < deadline) {
        try {
          const v = await probe();
          if (v !== undefined) return v;
        } catch (err) {
          last = err;
        }
        await new Promise((r) => setTimeout(r, 300));
      }
      throw new Error(
        `timed out waiting for ${what} (${String(last ?? '')})\nqBittorrent log:\n${qbtLog.slice(-2000)}`,
      );
    }

    const seeding = (infos: Info[], hashes: string[]): boolean =>
      hashes.every((h) => infos.find((t) => t.hash === h)?.state === 'stalledUP');

    beforeAll(async () => {
      process.on('exit', exitHandler);
      await Testbed.removeStale(FAMILY);
      work = await mkdtemp(path.join(os.tmpdir(), 'qbt-relocate-'));
      trap = path.join(work, 'downloads');
      decoy = path.join(work, 'downloads2'); // a string prefix of the trap's name, but not under it
      // Another file system when /dev/shm exists: qBittorrent then copies and deletes, the real trap rescue.
      dest = (await stat('/dev/shm')
        .then((s) => s.isDirectory())
        .catch(() => false))
        ? await mkdtemp('/dev/shm/qbt-relocate-dest-')
        : path.join(work, 'pool');
      profile = path.join(work, 'profile');
      await mkdir(path.join(profile, 'qBittorrent/config'), { recursive: true });
      await writeFile(
        path.join(profile, 'qBittorrent/config/qBittorrent.conf'),
        [
          '[LegalNotice]',
          'Accepted=true',
          '',
          '[BitTorrent]',
          'Session\\DHTEnabled=false',
          'Session\\LSDEnabled=false',
          'Session\\PeXEnabled=false',
          `Session\\DefaultSavePath=${trap}`,
          `Session\\TempPath=${trap}/incomplete`,
          'Session\\TempPathEnabled=false',
          '',
          '[Preferences]',
          'Connection\\UPnP=false',
          `WebUI\\Port=${PORT}`,
          'WebUI\\LocalHostAuth=true',
          '',
        ].join('\n'),
      );
      passwordFile = path.join(work, 'password');
      await writeFile(passwordFile, 'adminadmin\n', { mode: 0o600 });

      movie = await createTestTorrent(path.join(trap, 'movies'), {
        name: 'Movie.2024.mkv',
        size: 3 * 1024 * 1024 + 123,
      });
      album = await createTestTorrent(trap, {
        name: 'Album',
        files: [
          { path: 'cd1/01 Intro.flac', size: 700_000 },
          { path: 'cd1/02.flac', size: 900_001 },
          { path: 'cover.jpg', size: 40_000 },
        ],
      });
      other = await createTestTorrent(decoy, { name: 'Decoy.bin', size: 100_000 });

      ns = await bed.addNamespace('qbt');
      const child = spawn('ip', ['netns', 'exec', ns, 'qbittorrent-nox', `--profile=${profile}`], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout.on('data', (d: Buffer) => (qbtLog += d.toString()));
      child.stderr.on('data', (d: Buffer) => (qbtLog += d.toString()));
      await waitFor(
        'the WebUI',
        async () =>
          (await api('auth/login', ['--data', 'username=admin&password=adminadmin'])).trim() === 'Ok.' || undefined,
      );

      for (const [t, savePath, file] of [
        [movie, path.join(trap, 'movies'), 'movie.torrent'],
        [album, trap, 'album.torrent'],
        [other, decoy, 'decoy.torrent'],
      ] as const) {
        await writeFile(path.join(work, file), t.torrent);
        await api('torrents/add', ['-F', `torrents=@${path.join(work, file)}`, '-F', `savepath=${savePath}`]);
      }
      // qBittorrent hashes the local data and seeds it: no network needed.
      await waitFor(
        'the torrents to be checked and seeding',
        async () => seeding(await torrents(), [movie.infoHash, album.infoHash, other.infoHash]) || undefined,
      );
    });

    afterAll(async () => {
      await bed.destroy();
      process.off('exit', exitHandler);
      if (work) await rm(work, { recursive: true, force: true });
      if (dest.startsWith('/dev/shm/')) await rm(dest, { recursive: true, force: true });
    });

    it('--dry-run prints the plan (subfolders kept, /downloads2 left out) and changes nothing', async () => {
      const r = await relocate(['--password-file', passwordFile, '--to', dest, '--set-default', '--dry-run']);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout.split('\n')).toEqual([
        `qBittorrent v4.5.2 at ${URL_} (session: cookie SID (up to 5.1))`,
        `From ${trap} (the current default save path) to ${dest}: 2 to move, 0 need attention, 0 already there.`,
        `  move       Album: ${trap} -> ${dest}`,
        `  move       Movie.2024.mkv: ${trap}/movies -> ${dest}/movies`,
        `  set        default save path: ${trap} -> ${dest}`,
        `  set        incomplete-download folder: ${trap}/incomplete -> ${dest}/incomplete`,
        'Dry run: nothing was changed.',
        '',
      ]);
      const infos = await torrents();
      expect(infos.find((t) => t.hash === movie.infoHash)?.save_path).toBe(path.join(trap, 'movies'));
      expect((await preferences()).save_path).toBe(trap);
      await expect(stat(path.join(trap, 'Album/cover.jpg'))).resolves.toBeTruthy();
    });

    it('a wrong password stops at once: exit 2, a clear message, one failed login (no ban)', async () => {
      const bad = path.join(work, 'bad-password');
      await writeFile(bad, 'not-the-password\n');
      const r = await relocate(['--password-file', bad, '--to', dest]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(
        'dlna-bridge: qBittorrent rejected the login for user "admin" (it answered "Fails."): wrong username or password. ' +
          'Not retrying: qBittorrent bans an address after a few failed logins (WebUI\\MaxAuthenticationFailCount, default 5).\n',
      );
      // qBittorrent's own log counts the failures: exactly one.
      const log = await waitFor(
        "the login failure in qBittorrent's log",
        async () => {
          const text = await readFile(path.join(profile, 'qBittorrent/data/logs/qbittorrent.log'), 'utf8');
          return text.includes('WebAPI login failure') ? text : undefined;
        },
        10_000,
      );
      expect(log.match(/WebAPI login failure/g)).toHaveLength(1);
    });

    it('a destination that cannot be created: exit 2 before anything moves', async () => {
      const blocker = path.join(work, 'a-file');
      await writeFile(blocker, 'x');
      const r = await relocate(['--password-file', passwordFile, '--to', `${blocker}/torrents`]);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(
        `dlna-bridge: cannot move Album to ${blocker}/torrents: ${blocker} is not a folder, so ${blocker}/torrents cannot be created. Nothing was moved.\n`,
      );
      expect(r.stdout).toContain('Summary: 0 moved, 0 already there, 0 failed, 0 need attention, 2 not run.');
      expect((await torrents()).find((t) => t.hash === album.infoHash)?.save_path).toBe(trap);
    });

    it('relocate --set-default moves the files, qBittorrent reports the new paths and keeps seeding', async () => {
      const r = await relocate(['--password-file', passwordFile, '--to', dest, '--set-default']);
      expect(r.code, r.stdout + r.stderr).toBe(0);
      const lines = r.stdout.split('\n');
      expect(lines[1]).toBe(
        `From ${trap} (the current default save path) to ${dest}: 2 to move, 0 need attention, 0 already there.`,
      );
      expect(lines[2]).toMatch(
        new RegExp(
          `^moved      Album ${trap} -> ${dest}: in [\\d.]+ s; 3 files, 1640001 bytes checked at the destination; state \\w+$`,
        ),
      );
      expect(lines[3]).toMatch(
        new RegExp(
          `^moved      Movie.2024.mkv ${trap}/movies -> ${dest}/movies: in [\\d.]+ s; 1 files, 3145851 bytes checked at the destination; state \\w+$`,
        ),
      );
      expect(lines).toContain(`set        default save path: ${trap} -> ${dest}`);
      expect(lines).toContain('Summary: 2 moved, 0 already there, 0 failed, 0 need attention.');
      // stderr is a pipe here: plain progress lines, no carriage returns.
      expect(r.stderr).toContain(`moving Album (1.6 MiB) to ${dest}\n`);
      expect(r.stderr).not.toContain('\r');

      for (const f of album.files) expect((await stat(path.join(dest, f.name))).size).toBe(f.size);
      expect((await stat(path.join(dest, 'movies', movie.files[0]!.name))).size).toBe(movie.totalSize);
      // qBittorrent removed the sources after a complete copy; the decoy was not touched.
      await expect(stat(path.join(trap, 'Album/cover.jpg'))).rejects.toThrow();
      await expect(stat(path.join(decoy, 'Decoy.bin'))).resolves.toBeTruthy();

      const infos = await waitFor('seeding after the move', async () => {
        const list = await torrents();
        return seeding(list, [movie.infoHash, album.infoHash]) ? list : undefined;
      });
      expect(infos.find((t) => t.hash === album.infoHash)).toMatchObject({
        save_path: dest,
        content_path: `${dest}/Album`,
        state: 'stalledUP',
      });
      expect(infos.find((t) => t.hash === movie.infoHash)).toMatchObject({
        save_path: `${dest}/movies`,
        state: 'stalledUP',
      });
      expect(infos.find((t) => t.hash === other.infoHash)).toMatchObject({ save_path: decoy });
      expect(await preferences()).toMatchObject({ save_path: dest, temp_path: `${dest}/incomplete` });
    });

    it('a second run (same arguments) changes nothing and reports both as done', async () => {
      const before = await torrents();
      const r = await relocate(['--to', dest, '--set-default', '--from', trap], {
        DLNA_BRIDGE_QBT_PASSWORD: 'adminadmin',
      });
      expect(r.code, r.stdout + r.stderr).toBe(0);
      expect(r.stdout).toContain(`From ${trap} to ${dest}: 0 to move, 0 need attention, 2 already there.`);
      expect(r.stdout).toContain(`done       Album: already in ${dest}`);
      expect(r.stdout).toContain(`done       Movie.2024.mkv: already in ${dest}/movies`);
      expect(r.stdout).toContain('Summary: 0 moved, 2 already there, 0 failed, 0 need attention.');
      expect(r.stderr).toBe('');
      expect(await torrents()).toEqual(
        before.map((t) => expect.objectContaining({ hash: t.hash, save_path: t.save_path })),
      );
    });

    it('without --from after --set-default: nothing is trapped by default, exit 0', async () => {
      const r = await relocate(['--password-file', passwordFile, '--to', dest, '--dry-run']);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`The default save path is already under ${dest}, so nothing is trapped there`);
    });
  },
);
