import { describe, expect, it } from 'vitest';
import type { QbtApi } from '../../src/qbt/client.js';
import { QbtEnvironmentError } from '../../src/qbt/errors.js';
import type { LocalFs } from '../../src/qbt/local-fs.js';
import { planRelocation } from '../../src/qbt/plan.js';
import type { MoveProgress } from '../../src/qbt/progress.js';
import { DEFAULT_EXECUTE_OPTIONS, executePlan, type ExecuteOptions } from '../../src/qbt/relocate.js';
import type { Preferences, TorrentFile, TorrentInfo } from '../../src/qbt/types.js';
import type { ObservedFile } from '../../src/qbt/verify.js';

const FILES: TorrentFile[] = [
  { name: 'Movie/a.mkv', size: 100_000, progress: 1, priority: 1 },
  { name: 'Movie/b.srt', size: 5_000, progress: 1, priority: 1 },
];

/** A scripted qBittorrent: each torrents() poll after setLocation returns the next scripted state. */
class ScriptedQbt implements QbtApi {
  calls: string[] = [];
  prefs: Preferences = { save_path: '/downloads', temp_path: '/downloads/incomplete', temp_path_enabled: true };
  script = new Map<string, Array<Partial<TorrentInfo>>>();
  setLocationError: QbtEnvironmentError | null = null;
  ignorePreferences = false;
  constructor(public torrentsNow: TorrentInfo[]) {}
  async preferences() {
    return { ...this.prefs };
  }
  async setPreferences(changes: Record<string, unknown>) {
    this.calls.push(`setPreferences ${JSON.stringify(changes)}`);
    if (!this.ignorePreferences) Object.assign(this.prefs, changes);
  }
  async torrents(hashes?: readonly string[]) {
    for (const t of this.torrentsNow) {
      if (hashes?.includes(t.hash)) {
        const next = this.script.get(t.hash)?.shift();
        if (next) Object.assign(t, next);
      }
    }
    return this.torrentsNow.filter((t) => !hashes || hashes.includes(t.hash)).map((t) => ({ ...t }));
  }
  async files(hash: string) {
    return this.torrentsNow.some((t) => t.hash === hash) ? FILES : null;
  }
  async setLocation(hashes: readonly string[], location: string) {
    this.calls.push(`setLocation ${hashes.join('|')} ${location}`);
    if (this.setLocationError) throw this.setLocationError;
  }
}

/** Files "exist" wherever the named torrent's save path currently is. */
function fsFollowing(
  api: ScriptedQbt,
  opts: { visible?: boolean; probeError?: string; free?: number; sameDevice?: boolean; corrupt?: boolean } = {},
): LocalFs {
  return {
    async statFiles(paths) {
      const out = new Map<string, ObservedFile | null>();
      for (const p of paths) {
        const owner = api.torrentsNow.find((t) => p.startsWith(`${t.save_path}/`));
        const file = owner && FILES.find((f) => p === `${owner.save_path}/${f.name}`);
        out.set(p, opts.visible === false || !file ? null : { size: opts.corrupt ? 1 : file.size, isFile: true });
      }
      return out;
    },
    async device(p) {
      return p.startsWith('/downloads') ? 1 : opts.sameDevice ? 2 : 1;
    },
    async probeDestination(dir) {
      if (opts.probeError) throw new Error(opts.probeError);
      return { existing: dir, device: 2, freeBytes: opts.free ?? 1e12 };
    },
  };
}

const torrent = (name: string, save_path = '/downloads'): TorrentInfo => ({
  hash: `h${name}`,
  name,
  save_path,
  content_path: `${save_path}/Movie`,
  state: 'stalledUP',
  progress: 1,
});

function progressLog(): MoveProgress & { log: string[] } {
  const log: string[] = [];
  return {
    log,
    start: (n, d, total) => log.push(`start ${n} ${d} ${total}`),
    update: (b) => log.push(`update ${b}`),
    end: () => log.push('end'),
  };
}

async function run(api: ScriptedQbt, fs: LocalFs, over: Partial<ExecuteOptions> = {}, setDefault = false) {
  const plan = planRelocation({
    to: '/data/torrents',
    setDefault,
    preferences: await api.preferences(),
    torrents: await api.torrents(),
  });
  let clock = 0;
  const progress = progressLog();
  const report = await executePlan(
    plan,
    { ...DEFAULT_EXECUTE_OPTIONS, pollMs: 500, ...over },
    {
      api,
      fs,
      progress,
      now: () => clock,
      sleep: async (ms) => {
        clock += ms;
      },
    },
  );
  return { report, progress };
}

describe('relocate: a move is waited for and checked at the destination', () => {
  it('moving -> arrived: outcome "moved" with files and bytes checked, progress in bytes', async () => {
    const api = new ScriptedQbt([torrent('Movie')]);
    api.script.set('hMovie', [
      { state: 'moving', save_path: '/data/torrents' },
      { state: 'moving' },
      { state: 'stalledUP', content_path: '/data/torrents/Movie' },
    ]);
    const { report, progress } = await run(api, fsFollowing(api));
    expect(api.calls).toEqual(['setLocation hMovie /data/torrents']);
    expect(report.localFiles).toBe(true);
    expect(report.outcomes).toEqual([
      expect.objectContaining({
        status: 'moved',
        to: '/data/torrents',
        detail: expect.stringMatching(/2 files, 105000 bytes checked at the destination; state stalledUP/),
      }),
    ]);
    expect(progress.log[0]).toBe('start Movie /data/torrents 105000');
    expect(progress.log).toContain('update 105000');
    expect(report.fatal).toBeNull();
  });

  it('a move that ends back at the old path failed, and the data is said to stay there', async () => {
    const api = new ScriptedQbt([torrent('Movie')]);
    api.script.set('hMovie', [
      { state: 'moving', save_path: '/data/torrents' },
      { state: 'stalledUP', save_path: '/downloads' },
    ]);
    const { report } = await run(api, fsFollowing(api));
    expect(report.outcomes[0]).toMatchObject({
      status: 'failed',
      detail: expect.stringMatching(/move failed: qBittorrent still has it at \/downloads, where the data stays/),
    });
  });

  it('a move qBittorrent never starts fails after the grace period', async () => {
    const api = new ScriptedQbt([torrent('Movie')]);
    const { report } = await run(api, fsFollowing(api), { startGraceMs: 2000 });
    expect(report.outcomes[0]).toMatchObject({
      status: 'failed',
      detail: expect.stringMatching(/did not start the move within 2 s/),
    });
  });

  it('a move still running at the deadline fails with "run this again later"', async () => {
    const api = new ScriptedQbt([torrent('Movie')]);
    api.script.set(
      'hMovie',
      Array.from({ length: 100 }, () => ({ state: 'moving', save_path: '/data/torrents' })),
    );
    const { report } = await run(api, fsFollowing(api), { moveTimeoutMs: 3000 });
    expect(report.outcomes[0]).toMatchObject({
      status: 'failed',
      detail: expect.stringMatching(/still moving after 4 s.*run this again later/),
    });
  });

  it('wrong sizes at the destination: failed, with the file named', async () => {
    const api = new ScriptedQbt([torrent('Movie')]);
    api.script.set('hMovie', [
      { state: 'stalledUP', save_path: '/data/torrents', content_path: '/data/torrents/Movie' },
    ]);
    const fs = fsFollowing(api);
    const corrupt = fsFollowing(api, { corrupt: true });
    let calls = 0;
    // The source check (local detection) sees good files; the destination check sees bad ones.
    const mixed: LocalFs = { ...fs, statFiles: (p) => (calls++ === 0 ? fs.statFiles(p) : corrupt.statFiles(p)) };
    const { report } = await run(api, mixed);
    expect(report.outcomes[0]).toMatchObject({
      status: 'failed',
      detail: expect.stringMatching(/size 1 instead of 100000 bytes: \/data\/torrents\/Movie\/a.mkv/),
    });
  });

  it('state missingFiles after the move is a failure', async () => {
    const api = new ScriptedQbt([torrent('Movie')]);
    api.script.set('hMovie', [
      { state: 'missingFiles', save_path: '/data/torrents', content_path: '/data/torrents/Movie' },
    ]);
    const { report } = await run(api, fsFollowing(api));
    expect(report.outcomes[0]).toMatchObject({
      status: 'failed',
      detail: expect.stringMatching(/now reports state missingFiles/),
    });
  });

  it('files not visible here: moved, checked through the API only, and it says so', async () => {
    const api = new ScriptedQbt([torrent('Movie')]);
    api.script.set('hMovie', [
      { state: 'stalledUP', save_path: '/data/torrents', content_path: '/data/torrents/Movie' },
    ]);
    const { report, progress } = await run(api, fsFollowing(api, { visible: false }));
    expect(report.localFiles).toBe(false);
    expect(report.outcomes[0]).toMatchObject({
      status: 'moved',
      detail: expect.stringMatching(/Files not checked on disk: this machine does not see qBittorrent's files/),
    });
    expect(progress.log[0]).toBe('start Movie /data/torrents null');
  });
});

describe('relocate: nothing moves when the destination cannot take the data', () => {
  it('not writable here: exit-2 error before any setLocation, every torrent "not run"', async () => {
    const api = new ScriptedQbt([torrent('A'), torrent('B')]);
    const { report } = await run(api, fsFollowing(api, { probeError: '/data is not writable (EACCES)' }));
    expect(api.calls).toEqual([]);
    expect(report.fatal?.message).toMatch(
      /cannot move A to \/data\/torrents: \/data is not writable \(EACCES\)\. Nothing was moved\./,
    );
    expect(report.fatal).toMatchObject({ code: 'QBT_DESTINATION_UNUSABLE', kind: 'environment' });
    expect(report.outcomes.map((o) => o.status)).toEqual(['not-run', 'not-run']);
  });

  it('too little free space on another file system: refused before anything moves', async () => {
    const api = new ScriptedQbt([torrent('A')]);
    const { report } = await run(api, fsFollowing(api, { free: 1000 }));
    expect(api.calls).toEqual([]);
    expect(report.fatal?.message).toMatch(
      /not enough space at \/data\/torrents: the torrents to move hold 105000 bytes, 1000 bytes are free/,
    );
  });

  it('the same file system needs no free space (a rename)', async () => {
    const api = new ScriptedQbt([torrent('A')]);
    api.script.set('hA', [{ state: 'stalledUP', save_path: '/data/torrents', content_path: '/data/torrents/Movie' }]);
    const fs = fsFollowing(api, { free: 0 });
    const { report } = await run(api, { ...fs, device: async () => 2 });
    expect(report.fatal).toBeNull();
  });

  it('qBittorrent refusing a setLocation (409) stops the run: that torrent failed, the rest not run', async () => {
    const api = new ScriptedQbt([torrent('A'), torrent('B')]);
    api.setLocationError = new QbtEnvironmentError(
      'QBT_SAVE_PATH_REFUSED',
      'qBittorrent cannot create /data/torrents (409 Cannot make save path)',
    );
    const { report } = await run(api, fsFollowing(api));
    expect(report.outcomes.map((o) => [o.name, o.status])).toEqual([
      ['A', 'failed'],
      ['B', 'not-run'],
    ]);
    expect(report.fatal?.message).toMatch(/409/);
  });
});

describe('relocate: default paths', () => {
  it('--set-default writes save_path and temp_path, then reads them back', async () => {
    const api = new ScriptedQbt([]);
    const { report } = await run(api, fsFollowing(api), {}, true);
    expect(api.calls).toEqual([
      'setPreferences {"save_path":"/data/torrents","temp_path":"/data/torrents/incomplete"}',
    ]);
    expect(report.defaultsApplied.map((d) => d.key)).toEqual(['save_path', 'temp_path']);
  });

  it('a preference qBittorrent did not take is an error, not a silent success', async () => {
    const api = new ScriptedQbt([]);
    api.ignorePreferences = true;
    const { report } = await run(api, fsFollowing(api), {}, true);
    expect(report.fatal?.message).toMatch(/accepted the new default save path but still reports \/downloads/);
  });
});
