// The Testbed's clean-up of leftovers, with real namespaces: a run's leftovers
// go once its process is gone; a live run's namespaces stay, even while
// nothing runs in them yet (parallel test files share a family).
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { listNamespaces, Testbed } from '../helpers/netns.js';
import { requirementsMet } from '../helpers/requirements.js';

const FAMILY = 'dbtstale';

describe.skipIf(!requirementsMet(['ip']))('Testbed.removeStale', () => {
  const created: string[] = [];
  afterAll(() => {
    for (const ns of created) spawnSync('ip', ['netns', 'del', ns]);
  });

  it("removes a dead run's namespaces (and what still runs in them), keeps a live run's empty ones", async () => {
    const deadPid = spawnSync('true').pid!;
    const dead = `${FAMILY}${deadPid}p0a1b2c-pod`;
    execFileSync('ip', ['netns', 'add', dead]);
    created.push(dead);
    const live = new Testbed(FAMILY);
    created.push(await live.addNamespace('pod'));
    // An orphan in the dead run's namespace: removeStale kills it.
    const deadOrphan = spawnSync('ip', ['netns', 'exec', dead, 'sh', '-c', 'sleep 30 >/dev/null 2>&1 & echo $!'], {
      encoding: 'utf8',
    });
    const orphanPid = Number(deadOrphan.stdout.trim());
    try {
      await Testbed.removeStale(FAMILY);
      const left = await listNamespaces();
      expect(left).not.toContain(dead);
      expect(left).toContain(live.name('pod'));
      // Killed: gone, or a zombie (state Z) until init reaps it, which some container inits never do.
      const gone = async (): Promise<boolean> => {
        for (let i = 0; i < 50; i++) {
          let stat: string;
          try {
            stat = readFileSync(`/proc/${orphanPid}/stat`, 'utf8');
          } catch {
            return true; // reaped
          }
          if (stat.split(') ')[1]?.startsWith('Z')) return true;
          await new Promise((r) => setTimeout(r, 20));
        }
        return false;
      };
      expect(await gone()).toBe(true);
    } finally {
      await live.destroy();
    }
    expect(await listNamespaces()).not.toContain(live.name('pod'));
  });
});
