// The CLI as users run it (built dist, separate process) against the recorded
// 5.x / 4.x answers on 127.0.0.1. The real qBittorrent run is in
// test/integration/qbt-relocate.test.ts.
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { startFakeQbt, type FakeQbt, type FakeTorrent } from './helpers/fake-qbt.js';

let fake: FakeQbt | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const movie = (): FakeTorrent => ({
  hash: 'd6b00a05e9880ab4861ab6ae4f58d4653d416936',
  name: 'Movie',
  save_path: '/downloads',
  state: 'stalledUP',
  progress: 1,
  files: [{ name: 'Movie/a.mkv', size: 100_000, progress: 1, priority: 1 }],
});
const clean = { DLNA_BRIDGE_QBT_PASSWORD: '', DLNA_BRIDGE_QBT_API_KEY: '', DLNA_BRIDGE_QBT_USERNAME: '' };

describe('dlna-bridge qbt relocate (CLI)', () => {
  it('refuses a password on the command line, before connecting anywhere', async () => {
    const r = await runCli([
      'qbt',
      'relocate',
      '--url',
      'http://127.0.0.1:9',
      '--to',
      '/data',
      '--password',
      'hunter2',
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /refusing --password: .*shell history; use --password-file FILE \(or -\) or DLNA_BRIDGE_QBT_PASSWORD/,
    );
  });

  it('every flag problem at once, before connecting anywhere', async () => {
    const r = await runCli([
      'qbt',
      'relocate',
      '--url',
      'http://127.0.0.1:9',
      '--to',
      '/data',
      '--password',
      'x',
      '--timeout',
      '0',
      '--move-timeout',
      'soon',
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'dlna-bridge: invalid options:\n' +
        '  - refusing --password: a password on the command line is visible in ps and kept in shell history; use --password-file FILE (or -) or DLNA_BRIDGE_QBT_PASSWORD\n' +
        '  - --timeout must be a positive number of seconds, not "0"\n' +
        '  - --move-timeout must be a positive number of seconds, not "soon"\n',
    );
  });

  it('a bad --url or a relative --to: one line naming the flag, exit 2, no connection tried', async () => {
    const cases: [string[], string][] = [
      [
        ['--url', 'not a url', '--to', '/data'],
        'dlna-bridge: --url: not a URL: "not a url" (e.g. http://127.0.0.1:8080)\n',
      ],
      [
        ['--url', 'ftp://127.0.0.1:9/', '--to', '/data'],
        'dlna-bridge: --url: must be an http:// or https:// URL, not ftp:\n',
      ],
      [
        ['--url', 'http://127.0.0.1:9', '--to', 'data'],
        'dlna-bridge: --to: must be an absolute path as qBittorrent sees it (e.g. /data/torrents), not "data"\n',
      ],
      [
        ['--url', 'http://127.0.0.1:9', '--to', '/data', '--from', 'dl'],
        'dlna-bridge: --from: must be an absolute path as qBittorrent sees it (e.g. /data/torrents), not "dl"\n',
      ],
    ];
    for (const [args, stderr] of cases) {
      const r = await runCli(['qbt', 'relocate', ...args], { env: clean });
      expect([r.code, r.stderr, r.stdout]).toEqual([2, stderr, '']);
    }
  });

  it('5.2 with an API key from the environment: moves, sets the default, exit 0', async () => {
    fake = await startFakeQbt({ generation: '5.2', apiKey: 'qbt_key', torrents: [movie()] });
    const r = await runCli(
      ['qbt', 'relocate', '--url', fake.url, '--to', '/data/torrents', '--set-default', '--local-files', 'no'],
      {
        env: { ...clean, DLNA_BRIDGE_QBT_API_KEY: 'qbt_key' },
      },
    );
    expect(r.stderr).toBe('moving Movie to /data/torrents\n');
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe(`qBittorrent v5.2.0 at ${fake.url} (session: API key)`);
    expect(lines[1]).toBe(
      'From /downloads (the current default save path) to /data/torrents: 1 to move, 0 need attention, 0 already there.',
    );
    expect(lines[2]).toMatch(
      /^moved      Movie \/downloads -> \/data\/torrents: in \d+\.\d s; state stalledUP\. Files not checked on disk/,
    );
    expect(lines).toContain('set        default save path: /downloads -> /data/torrents');
    expect(lines).toContain('Summary: 1 moved, 0 already there, 0 failed, 0 need attention.');
    expect(r.code).toBe(0);
    expect(fake.preferences.save_path).toBe('/data/torrents');
    expect(fake.seen.some((s) => s.path === '/api/v2/auth/login')).toBe(false);
  });

  it('a second run changes nothing and reports the torrent as done', async () => {
    fake = await startFakeQbt({
      generation: '5.2',
      password: 'pw',
      torrents: [{ ...movie(), save_path: '/data/torrents' }],
      preferences: { save_path: '/data/torrents', temp_path: '/data/torrents/temp' },
    });
    const r = await runCli(
      ['qbt', 'relocate', '--url', fake.url, '--from', '/downloads', '--to', '/data/torrents', '--set-default'],
      {
        env: { ...clean, DLNA_BRIDGE_QBT_PASSWORD: 'pw' },
      },
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('done       Movie: already in /data/torrents');
    expect(r.stdout).toContain('Summary: 0 moved, 1 already there, 0 failed, 0 need attention.');
    expect(fake.seen.filter((s) => s.method === 'POST').map((s) => s.path)).toEqual(['/api/v2/auth/login']);
  });

  it('--dry-run prints the plan and sends nothing but reads', async () => {
    fake = await startFakeQbt({ generation: '4.5.2', password: 'adminadmin', torrents: [movie()] });
    const r = await runCli(
      ['qbt', 'relocate', '--url', fake.url, '--to', '/data/torrents', '--set-default', '--dry-run'],
      {
        env: { ...clean, DLNA_BRIDGE_QBT_PASSWORD: 'adminadmin' },
      },
    );
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n').slice(1)).toEqual([
      'From /downloads (the current default save path) to /data/torrents: 1 to move, 0 need attention, 0 already there.',
      '  move       Movie: /downloads -> /data/torrents',
      '  set        default save path: /downloads -> /data/torrents',
      '  set        incomplete-download folder: /downloads/temp -> /data/torrents/temp',
      'Dry run: nothing was changed.',
      '',
    ]);
    expect(fake.seen.filter((s) => s.method === 'POST').map((s) => s.path)).toEqual(['/api/v2/auth/login']);
    expect(fake.torrents[0]!.save_path).toBe('/downloads');
  });

  it('--json gives a scriptable plan', async () => {
    fake = await startFakeQbt({ generation: '4.5.2', noAuth: true, torrents: [movie()] });
    const r = await runCli(['qbt', 'relocate', '--url', fake.url, '--to', '/data/torrents', '--dry-run', '--json'], {
      env: clean,
    });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({
      qbittorrent: { version: 'v4.5.2', session: 'no login needed' },
      from: '/downloads',
      plan: [{ action: 'move', name: 'Movie', destination: '/data/torrents' }],
      dryRun: true,
    });
  });

  for (const generation of ['4.5.2', '5.2'] as const) {
    it(`${generation}: a wrong password stops at once with exit 2 and one login attempt`, async () => {
      fake = await startFakeQbt({ generation, password: 'right', torrents: [movie()] });
      const r = await runCli(['qbt', 'relocate', '--url', fake.url, '--to', '/data/torrents'], {
        env: { ...clean, DLNA_BRIDGE_QBT_PASSWORD: 'wrong' },
      });
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(
        /^dlna-bridge: qBittorrent rejected the login for user "admin" .*wrong username or password\. Not retrying/,
      );
      expect(fake.seen.filter((s) => s.path === '/api/v2/auth/login')).toHaveLength(1);
      expect(r.stdout).toBe('');
    });
  }

  it('an unreachable server is exit 2 with the address', async () => {
    const r = await runCli(['qbt', 'relocate', '--url', 'http://127.0.0.1:9', '--to', '/data/torrents'], {
      env: clean,
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^dlna-bridge: cannot reach qBittorrent at http:\/\/127.0.0.1:9: connection refused/);
  });
});
