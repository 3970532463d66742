// `qbt relocate` as run(options, io): the exit code it returns and what it
// prints, with buffers and an injected environment (no process, no CLI).
import { afterEach, describe, expect, it } from 'vitest';
import { run } from '../../src/qbt/command.js';
import { startFakeQbt, type FakeQbt } from './helpers/fake-qbt.js';

let fake: FakeQbt | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

function buffers() {
  let out = '';
  let err = '';
  return {
    io: {
      stdout: { write: (s: string) => (out += s) },
      stderr: { write: (s: string) => (err += s), isTTY: false },
      env: {},
    },
    out: () => out,
    err: () => err,
  };
}

describe('qbt relocate as run(options, io)', () => {
  it('--dry-run: the plan on stdout, exit 0, nothing moved; the password from io.env', async () => {
    fake = await startFakeQbt({
      generation: '5.2',
      password: 'pw',
      torrents: [
        { hash: 'a'.repeat(40), name: 'Movie', save_path: '/downloads', state: 'stalledUP', progress: 1, files: [] },
      ],
    });
    const b = buffers();
    const code = await run(
      { url: fake.url, to: '/data/torrents', dryRun: true },
      { ...b.io, env: { DLNA_BRIDGE_QBT_PASSWORD: 'pw' } },
    );
    expect(code).toBe(0);
    expect(b.out()).toContain('  move       Movie: /downloads -> /data/torrents');
    expect(b.out()).toContain('Dry run: nothing was changed.');
    expect(b.err()).toBe('');
  });

  it('a relative destination: QBT_DESTINATION_NOT_ABSOLUTE before any request', async () => {
    fake = await startFakeQbt({ generation: '5.2', noAuth: true, torrents: [] });
    await expect(run({ url: fake.url, to: 'data' }, buffers().io)).rejects.toMatchObject({
      code: 'QBT_DESTINATION_NOT_ABSOLUTE',
      kind: 'input',
    });
    expect(fake.seen).toEqual([]);
  });
});
