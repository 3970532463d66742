// `dlna-bridge demo` end to end, as `npm run demo` runs it (root): every step
// narrated and ok, exit 0, nothing left behind; leftovers of a demo that died
// are removed at start.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { requirementsMet } from '../helpers/requirements.js';

const TOOLS = ['ip', 'minidlnad', 'ffmpeg', 'ffprobe', 'curl'];

function demoNamespaces(): string[] {
  return execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' })
    .split('\n')
    .map((l) => l.split(' ')[0] ?? '')
    .filter((n) => n.startsWith('dlnademo-'));
}

describe.skipIf(!requirementsMet(TOOLS))('dlna-bridge demo', () => {
  it("narrates all nine steps ok, exits 0, removes its namespaces and a dead demo's leftovers", async () => {
    // A leftover of a demo that died: its owner pid is a process that has exited.
    const deadPid = spawnSync('true').pid!;
    const staleNs = `dlnademo-${deadPid}-pod`;
    const staleDir = path.join(os.tmpdir(), `dlnademo-${deadPid}-stale`);
    execFileSync('ip', ['netns', 'add', staleNs]);
    mkdirSync(staleDir, { recursive: true });
    try {
      const r = await runCli(['demo'], { timeoutMs: 110_000 });
      expect(r.code, r.stdout + r.stderr).toBe(0);
      for (let i = 1; i <= 9; i++) expect(r.stdout).toContain(`[${i}/9] `);
      expect(r.stdout).not.toContain('UNEXPECTED');
      expect(r.stdout).toContain('ok  the TV finds nothing: the server announces itself only on the pod network');
      expect(r.stdout).toMatch(
        /ok {2}found "Pod Media \(minidlna\)" at http:\/\/192\.0\.2\.10:8200\/u\/[^ ]+\/rootDesc\.xml \(reachable from the TV\)/,
      );
      expect(r.stdout).toMatch(/ok {2}3 items, every media URL on the node/);
      expect(r.stdout).toMatch(/ok {2}\d+ bytes, sha256 [0-9a-f]{16}\.\.\. identical to the file in the pod/);
      expect(r.stdout).toContain('ok  play-check: Direct Play of an HEVC mkv to a TV that cannot decode it (exit 1)');
      expect(r.stdout).toContain('ok  play-check: Jellyfin transcodes to H.264 and the TV can play it (exit 0)');
      expect(r.stdout).toMatch(/ok {2}the TV heard \d+ ssdp:byebye message/);
      expect(r.stdout).toContain(`removed 2 leftover(s) of an earlier demo: ${staleNs}, ${staleDir}`);
      expect(r.stdout).toContain('Result: every step behaved as expected.');
      expect(demoNamespaces()).toEqual([]);
      expect(existsSync(staleDir)).toBe(false);
    } finally {
      for (const ns of demoNamespaces()) execFileSync('ip', ['netns', 'del', ns]);
    }
  });
});
