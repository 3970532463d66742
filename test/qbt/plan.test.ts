import { describe, expect, it } from 'vitest';
import { planRelocation, type PlanInput } from '../../src/qbt/plan.js';
import type { TorrentInfo } from '../../src/qbt/types.js';

const t = (name: string, save_path: string, extra: Partial<TorrentInfo> = {}): TorrentInfo => ({
  hash: `h-${name}`,
  name,
  save_path,
  content_path: `${save_path.replace(/\/$/, '')}/${name}`,
  state: 'stalledUP',
  progress: 1,
  ...extra,
});

const base = (over: Partial<PlanInput>): PlanInput => ({
  to: '/data/torrents',
  setDefault: false,
  preferences: { save_path: '/downloads/', temp_path: '/downloads/incomplete/', temp_path_enabled: true },
  torrents: [],
  ...over,
});

const kinds = (p: ReturnType<typeof planRelocation>) => p.actions.map((a) => [a.kind, a.torrent.name]);

describe('relocation plan: what moves', () => {
  it('--from defaults to the default save path; torrents under it move, keeping subfolders', () => {
    const plan = planRelocation(
      base({ torrents: [t('Movie', '/downloads/'), t('Show', '/downloads/tv'), t('Elsewhere', '/srv/other')] }),
    );
    expect(plan.from).toBe('/downloads');
    expect(plan.fromIsDefault).toBe(true);
    expect(plan.actions).toEqual([
      expect.objectContaining({
        kind: 'move',
        destination: '/data/torrents',
        torrent: expect.objectContaining({ name: 'Movie' }),
      }),
      expect.objectContaining({
        kind: 'move',
        destination: '/data/torrents/tv',
        torrent: expect.objectContaining({ name: 'Show' }),
      }),
    ]);
  });

  it('/data2 is not under /data: a torrent there stays out of the plan', () => {
    const plan = planRelocation(
      base({ from: '/data', to: '/mnt/pool', torrents: [t('A', '/data2'), t('B', '/data/x')] }),
    );
    expect(kinds(plan)).toEqual([['move', 'B']]);
  });

  it('idempotent: torrents already under --to are "done", nothing moves', () => {
    const plan = planRelocation(
      base({ from: '/downloads', torrents: [t('Movie', '/data/torrents'), t('Show', '/data/torrents/tv/')] }),
    );
    expect(kinds(plan)).toEqual([
      ['done', 'Movie'],
      ['done', 'Show'],
    ]);
  });

  it('a second run without --from, after --set-default, finds nothing trapped by default', () => {
    const plan = planRelocation(
      base({ preferences: { save_path: '/data/torrents' }, torrents: [t('Movie', '/data/torrents')] }),
    );
    expect(plan.from).toBeNull();
    expect(kinds(plan)).toEqual([['done', 'Movie']]);
  });

  it('a torrent whose move this tool started and lost sight of is waited for, not moved again', () => {
    const plan = planRelocation(
      base({ from: '/downloads', torrents: [t('Movie', '/data/torrents', { state: 'moving' })] }),
    );
    expect(plan.actions[0]).toMatchObject({ kind: 'move', alreadyMoving: true, destination: '/data/torrents' });
  });
});

describe('relocation plan: what needs a human', () => {
  it('missing files (the trap after a pod restart) cannot be moved', () => {
    const plan = planRelocation(base({ torrents: [t('Gone', '/downloads', { state: 'missingFiles' })] }));
    expect(plan.actions[0]).toMatchObject({
      kind: 'attention',
      reason: expect.stringMatching(/files missing.*re-download/),
    });
  });

  it('a torrent qBittorrent is moving elsewhere is left alone', () => {
    const plan = planRelocation(base({ torrents: [t('Busy', '/downloads', { state: 'moving' })] }));
    expect(plan.actions[0]).toMatchObject({ kind: 'attention', reason: expect.stringMatching(/moving it already/) });
  });

  it('incomplete data in a download path under --from, save path elsewhere: explained, not moved', () => {
    const plan = planRelocation(
      base({
        from: '/downloads',
        torrents: [
          t('Half', '/data/torrents', {
            progress: 0.4,
            download_path: '/downloads/incomplete',
            content_path: '/downloads/incomplete/Half',
          }),
        ],
      }),
    );
    expect(plan.actions[0]).toMatchObject({
      kind: 'attention',
      reason: expect.stringMatching(/incomplete data is in \/downloads\/incomplete/),
    });
  });

  it('moving a torrent whose incomplete data sits under --from notes that the data follows later', () => {
    const plan = planRelocation(
      base({
        torrents: [
          t('Half', '/downloads', {
            progress: 0.5,
            download_path: '/downloads/incomplete',
            content_path: '/downloads/incomplete/Half',
          }),
        ],
      }),
    );
    expect(plan.actions[0]).toMatchObject({
      kind: 'move',
      notes: [expect.stringMatching(/stays in \/downloads\/incomplete/)],
    });
  });
});

describe('relocation plan: default paths', () => {
  it('--set-default sets the save path to --to and moves a temp path that lies in the trap too', () => {
    const plan = planRelocation(base({ setDefault: true }));
    expect(plan.defaults).toEqual([
      { key: 'save_path', label: 'default save path', current: '/downloads', next: '/data/torrents' },
      {
        key: 'temp_path',
        label: 'incomplete-download folder',
        current: '/downloads/incomplete',
        next: '/data/torrents/incomplete',
      },
    ]);
    expect(plan.warnings).toEqual([]);
  });

  it('without --set-default it warns that new downloads land in the trap again', () => {
    const plan = planRelocation(base({}));
    expect(plan.defaults).toEqual([]);
    expect(plan.warnings).toEqual([
      expect.stringMatching(/default save path is still \/downloads .*--set-default/),
      expect.stringMatching(/incomplete downloads still go to \/downloads\/incomplete/),
    ]);
  });

  it('--set-default is idempotent: nothing to change when the save path already is --to', () => {
    const plan = planRelocation(base({ setDefault: true, preferences: { save_path: '/data/torrents/' } }));
    expect(plan.defaults).toEqual([]);
  });
});

describe('relocation plan: refused arguments', () => {
  it('relative paths are refused (they are qBittorrent paths, not ours)', () => {
    expect(() => planRelocation(base({ to: 'data/torrents' }))).toThrow(
      expect.objectContaining({
        code: 'QBT_DESTINATION_NOT_ABSOLUTE',
        message: expect.stringMatching(/^must be an absolute path/),
      }),
    );
    expect(() => planRelocation(base({ from: 'downloads' }))).toThrow(
      expect.objectContaining({
        code: 'QBT_SOURCE_NOT_ABSOLUTE',
        message: expect.stringMatching(/^must be an absolute path/),
      }),
    );
  });

  it('--from and --to must not overlap', () => {
    expect(() => planRelocation(base({ from: '/data', to: '/data/torrents' }))).toThrow(/lie inside one another/);
    expect(() => planRelocation(base({ from: '/data/torrents/x', to: '/data/torrents' }))).toThrow(
      /lie inside one another/,
    );
    expect(() => planRelocation(base({ from: '/data/torrents/', to: '/data/torrents' }))).toThrow(/same folder/);
  });

  it('an overlapping default save path is named in the message', () => {
    expect(() => planRelocation(base({ preferences: { save_path: '/data' }, to: '/data/torrents' }))).toThrow(
      /defaulting to the current default save path \/data/,
    );
  });
});
