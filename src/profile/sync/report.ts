// What `profile sync` tells the user, as text or JSON. Pure formatting of a
// SyncOutcome; paths in the body are relative to the volume to stay readable.

import path from 'node:path';
import type { SyncOutcome } from './pass.js';
import type { PlannedWrite, SystemReport } from './types.js';

const VERB: Record<PlannedWrite['kind'], string> = {
  install: 'installed',
  update: 'updated',
  fix: 'fixed',
  encoding: 'set',
};
const WOULD: Record<PlannedWrite['kind'], string> = {
  install: 'would install',
  update: 'would update',
  fix: 'would fix',
  encoding: 'would set',
};

const REACH: Record<SystemReport['reach'], (by?: string) => string> = {
  hidden: (by) => `hidden by user profile ${path.basename(by ?? '')}`,
  live: () => 'live for the clients it matches',
  'never-selected': () =>
    "never selected (no Identification headers); but Jellyfin's built-in default, which allows as much, serves every " +
    'client no profile matches: install the generic profile with --tv-user-agent for such a TV',
};

export const RESTART_NOTE =
  'Restart Jellyfin for this to take effect: the DLNA plugin reads profiles once at start, and Jellyfin ' +
  'caches encoding.xml after its first read (and rewrites it from memory when the dashboard saves).';

/** Why this layout, with the flag that chooses another where the user may need it. */
function layoutReason(volume: SyncOutcome['volume']): string {
  if (volume.basis === 'requested') return `${volume.reason} (--layout)`;
  if (volume.basis === 'first-start')
    return `${volume.reason}; pass --layout linuxserver for lscr.io/linuxserver/jellyfin`;
  return volume.reason;
}

export function formatSyncText(o: SyncOutcome): string {
  const { paths } = o.volume;
  const rel = (p: string): string => path.relative(paths.volume, p) || '.';
  const out: string[] = [];
  out.push(`profile sync: ${paths.volume} (${paths.layout} layout; ${layoutReason(o.volume)})`);
  out.push(`  user profiles:   ${rel(paths.userProfilesDir)}`);
  const live = o.plan.liveSystemFolder;
  out.push(
    `  system profiles: ${live ? `${rel(path.join(paths.pluginsDir, live, 'profiles'))} (live plugin folder)` : `none (no ${rel(paths.pluginsDir)}/DLNA_* folder yet)`}`,
  );
  out.push(`  encoding:        ${rel(paths.encodingXml)}`);
  out.push('');

  // Errors name the absolute path; everything else is relative to the volume above.
  const status = new Map<PlannedWrite, string>();
  for (const r of o.applied?.raced ?? []) status.set(r.write, `not written: it ${r.reason}`);
  for (const f of o.applied?.failed ?? []) status.set(f.write, `not written: ${f.message}`);
  for (const w of o.plan.writes) {
    const verb = (o.dryRun ? WOULD : VERB)[w.kind];
    const problem = status.get(w);
    if (problem) {
      out.push(`${pad('error')} ${w.path}: ${problem}`);
      continue;
    }
    out.push(`${pad(verb)} ${rel(w.path)}${w.backup ? ` (previous kept as ${path.basename(w.path)}.bak)` : ''}`);
    for (const c of w.changes) out.push(`${INDENT}- ${c}`);
  }
  for (const n of o.plan.notes) out.push(`${pad(n.kind)} ${rel(n.path)}: ${n.message}`);
  for (const u of o.plan.userFindings) {
    out.push(`${pad('findings')} ${rel(u.path)}: ${count(u.findings.length, 'error')} remain after fixing`);
    for (const f of u.findings) out.push(`${INDENT}line ${f.line}:${f.column} ${f.rule}: ${f.message}`);
  }
  // System profiles: one line each (rule ids); `profile lint` on the folder gives the details.
  for (const s of o.plan.systemFindings) {
    const rules = [...new Set(s.findings.map((f) => f.rule))].join(', ');
    out.push(
      `${pad('system')} ${rel(s.path)}: ${count(s.findings.length, 'error')} (${rules}); ${REACH[s.reach](s.shadowedBy)}`,
    );
  }
  for (const p of o.plan.problems)
    out.push(`${pad(p.transient && o.watching ? 'retry' : 'error')} ${p.path}: ${p.message}`);
  if (o.applied?.stateError) out.push(`${pad('error')} state file: ${o.applied.stateError}`);
  out.push('');
  if (o.plan.systemFindings.length > 0 && o.plan.liveSystemFolder) {
    out.push(
      'System profiles are reported, never edited: every plugin upgrade replaces them, and user profiles are tried first.',
      `Details: dlna-bridge profile lint "${path.join(paths.pluginsDir, o.plan.liveSystemFolder, 'profiles')}"`,
    );
  }

  const changed = o.dryRun ? o.plan.writes.length : (o.applied?.written.length ?? 0);
  if (o.dryRun) {
    out.push(
      changed > 0 ? `Dry run: ${count(changed, 'file')} would change; nothing written.` : 'Dry run: nothing to do.',
    );
    if (changed > 0) out.push('Jellyfin would need a restart after these changes.');
  } else if (changed === 0) {
    out.push('Nothing to do: already in sync. No restart needed.');
  } else {
    out.push(`${count(changed, 'file')} changed.`);
    out.push(RESTART_NOTE);
  }
  return `${out.join('\n')}\n`;
}

export function syncJson(o: SyncOutcome): unknown {
  const raced = new Map((o.applied?.raced ?? []).map((r) => [r.write, r.reason]));
  const failed = new Map((o.applied?.failed ?? []).map((f) => [f.write, f.message]));
  return {
    volume: o.volume.paths.volume,
    layout: o.volume.paths.layout,
    layoutReason: layoutReason(o.volume),
    paths: o.volume.paths,
    dryRun: o.dryRun,
    writes: o.plan.writes.map((w) => ({
      kind: w.kind,
      path: w.path,
      backup: w.backup,
      changes: w.changes,
      status: o.dryRun ? 'planned' : failed.has(w) ? 'failed' : raced.has(w) ? 'raced' : 'written',
      ...(failed.has(w) ? { error: failed.get(w) } : raced.has(w) ? { error: raced.get(w) } : {}),
    })),
    notes: o.plan.notes,
    userFindings: o.plan.userFindings,
    systemFindings: o.plan.systemFindings,
    problems: o.plan.problems,
    ...(o.applied?.stateError ? { stateError: o.applied.stateError } : {}),
    restartRequired: o.restartRequired,
    exitCode: o.exitCode,
  };
}

const WIDTH = 14; // 'would install' + a space
const INDENT = ' '.repeat(WIDTH + 1);

function pad(word: string): string {
  return word.padEnd(WIDTH);
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
