import { describe, expect, it } from 'vitest';
import { createMoveProgress, formatBytes, progressBar } from '../../src/qbt/progress.js';

const sink = (isTTY: boolean) => {
  const out: string[] = [];
  return { out, stream: { isTTY, columns: 100, write: (s: string) => out.push(s) } };
};

describe('move progress: a bar on a terminal, plain lines elsewhere', () => {
  it('a terminal gets one redrawn line with a bar and byte counts', () => {
    const { out, stream } = sink(true);
    const p = createMoveProgress(stream);
    p.start('Movie', '/data/torrents', 2048);
    p.update(1024, 3000);
    p.end();
    expect(out[1]).toBe('\r\x1b[2K[##########----------]  50% 1.0 KiB/2.0 KiB 3 s  moving Movie');
    expect(out.at(-1)).toBe('\r\x1b[2K');
  });

  it('a terminal without byte counts (remote files) gets a spinner with elapsed time', () => {
    const { out, stream } = sink(true);
    const p = createMoveProgress(stream);
    p.start('Movie', '/d', null);
    p.update(null, 2000);
    expect(out[1]).toBe('\r\x1b[2K/ moving Movie (2 s)');
  });

  it('a pipe gets a start line and a line per interval, no carriage returns', () => {
    const { out, stream } = sink(false);
    const p = createMoveProgress(stream, 10_000);
    p.start('Movie', '/data/torrents', 1000);
    p.update(100, 500);
    p.update(500, 10_500);
    p.update(600, 11_000);
    p.end();
    expect(out).toEqual(['moving Movie (1000 B) to /data/torrents\n', 'still moving Movie: 50% 11 s\n']);
    expect(out.join('')).not.toContain('\r');
  });

  it('bytes and bars are clamped and readable', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(5 * 1024 ** 3)).toBe('5.0 GiB');
    expect(progressBar(1.7, 4)).toBe('[####] 100%');
    expect(progressBar(-1, 4)).toBe('[----]   0%');
  });
});
