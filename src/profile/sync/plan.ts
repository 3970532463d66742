// The sync decision, pure: from what is on disk (SyncSnapshot) to what to
// write and what to report (SyncPlan). No I/O, so every case (fresh volume,
// user-edited curated profile, half-written file, broken encoding.xml) is a
// unit test over plain data, and the watch loop can re-plan cheaply.
//
// Rules, in Jellyfin's terms (jellyfin-plugin-dlna DlnaManager):
// - user profiles ({data}/plugins/configurations/dlna/user/*.xml) are tried
//   before system ones, so installing and fixing them is the durable fix;
// - system profiles live inside the plugin folder and are replaced at every
//   plugin upgrade, so they are reported, never edited;
// - a file that is being written (unstable) or cannot be parsed is never
//   "fixed": it is left alone and reported (watch mode retries it).

import path from 'node:path';
import { EncodingXmlError, planEncodingOptions } from '../../jellyfin/encoding-options.js';
import type { DeviceProfile } from '../../device-profile/model.js';
import { readProfileDocument } from '../../device-profile/parse.js';
import { orderProfiles } from '../../device-profile/select.js';
import { renderCurated } from './curated.js';
import { findShadowingProfile } from './shadow.js';
import { writtenByUs } from './state.js';
import type {
  FileState,
  PlannedWrite,
  ProfileRules,
  SyncNote,
  SyncOptions,
  SyncPlan,
  SyncProblem,
  SyncSnapshot,
  SystemReport,
  ProfileReport,
} from './types.js';

const RETRY_MESSAGE = 'is being written (size or time changed while reading); left alone, retried later';

export function planSync(snap: SyncSnapshot, opts: SyncOptions, rules: ProfileRules): SyncPlan {
  const { paths } = snap;
  const writes: PlannedWrite[] = [];
  const notes: SyncNote[] = [];
  const problems: SyncProblem[] = snap.readProblems.map((p) => ({ ...p, transient: false }));
  const userFindings: ProfileReport[] = [];
  if (snap.stateNote)
    notes.push({ kind: 'state', path: path.join(paths.volume, '.dlna-bridge-sync.json'), message: snap.stateNote });

  const ours = (file: string, f: FileState): boolean => writtenByUs(snap.state, paths.volume, file, f.text);
  const expectedOf = (f: FileState | undefined): PlannedWrite['expected'] =>
    f ? { size: f.size, mtimeMs: f.mtimeMs, ino: f.ino } : undefined;
  /** The text each user profile will have once the writes are done (for linting and shadowing). */
  const finalUser = new Map<string, string>();

  // 1. Curated profiles: install, or update what we installed before.
  const handled = new Set<string>();
  for (const [name, shipped] of [...snap.curated].sort(([a], [b]) => a.localeCompare(b))) {
    const file = path.join(paths.userProfilesDir, name);
    const current = snap.userProfiles.get(name);
    const rendered = renderCurated(shipped, opts.tvUserAgent);
    if (rendered === undefined) {
      if (!current)
        notes.push({
          kind: 'skipped',
          path: file,
          message: "not installed: it needs --tv-user-agent SUBSTR (part of the TV's User-Agent)",
        });
      continue; // an existing copy is treated like any other user profile below
    }
    // Shipped profiles are clean under the default policy; a stricter --deny-* policy is applied to them too.
    let wanted: string;
    try {
      wanted = rules.fix(rendered, opts.policy).text;
    } catch (err) {
      problems.push({
        path: path.join(snap.curatedDir, name),
        message: `curated profile not installed: ${(err as Error).message}`,
        transient: false,
      });
      continue;
    }
    if (current?.unstable) continue; // reported below with the other user profiles
    if (!current) {
      writes.push({ kind: 'install', path: file, text: wanted, backup: false, expected: undefined, changes: [] });
    } else if (current.text === wanted) {
      notes.push({ kind: 'unchanged', path: file, message: 'curated profile, up to date' });
    } else if (ours(file, current)) {
      writes.push({
        kind: 'update',
        path: file,
        text: wanted,
        backup: false,
        expected: expectedOf(current),
        changes: ['updated to the shipped curated profile'],
      });
    } else {
      notes.push({
        kind: 'kept',
        path: file,
        message: 'curated profile edited outside dlna-bridge: kept, only policy fixes applied',
      });
      continue;
    }
    handled.add(name);
    finalUser.set(name, wanted);
    const errors = rules.lint(wanted, opts.policy, file).filter((f) => f.severity === 'error');
    if (errors.length > 0) userFindings.push({ path: file, findings: errors });
  }

  // 2. Every other user profile: fix in place (minimal diff), keep what is not ours as .bak.
  for (const [name, current] of [...snap.userProfiles].sort(([a], [b]) => a.localeCompare(b))) {
    if (handled.has(name)) continue;
    const file = path.join(paths.userProfilesDir, name);
    if (current.unstable) {
      problems.push({ path: file, message: RETRY_MESSAGE, transient: true });
      continue;
    }
    let fixed: ReturnType<ProfileRules['fix']>;
    try {
      fixed = rules.fix(current.text, opts.policy);
    } catch (err) {
      // Malformed or truncated: possibly a write in progress. Never "fixed".
      problems.push({ path: file, message: `not changed: ${(err as Error).message}`, transient: true });
      continue;
    }
    if (fixed.changed) {
      writes.push({
        kind: 'fix',
        path: file,
        text: fixed.text,
        backup: !ours(file, current),
        expected: expectedOf(current),
        changes: fixed.changes,
      });
    } else {
      notes.push({ kind: 'unchanged', path: file, message: 'user profile, already within the policy' });
    }
    finalUser.set(name, fixed.text);
    const errors = rules.lint(fixed.text, opts.policy, file).filter((f) => f.severity === 'error');
    if (errors.length > 0) userFindings.push({ path: file, findings: errors });
  }

  // 3. encoding.xml.
  if (opts.encoding) planEncoding(snap, opts, writes, notes, problems, ours, expectedOf);

  // 4. System profiles: report, never edit.
  const systemFindings = reportSystemProfiles(snap, opts, rules, finalUser, notes);

  return { writes, notes, userFindings, systemFindings, problems, liveSystemFolder: snap.systemFolders[0]?.name };
}

function planEncoding(
  snap: SyncSnapshot,
  opts: SyncOptions,
  writes: PlannedWrite[],
  notes: SyncNote[],
  problems: SyncProblem[],
  ours: (file: string, f: FileState) => boolean,
  expectedOf: (f: FileState | undefined) => PlannedWrite['expected'],
): void {
  const file = snap.paths.encodingXml;
  const current = snap.encoding;
  if (current?.unstable) {
    problems.push({ path: file, message: RETRY_MESSAGE, transient: true });
    return;
  }
  try {
    const plan = planEncodingOptions(current?.text, { gpu: opts.gpu });
    if (plan.changed && plan.text !== undefined) {
      writes.push({
        kind: 'encoding',
        path: file,
        text: plan.text,
        backup: current !== undefined && !ours(file, current),
        expected: expectedOf(current),
        changes: plan.changes,
      });
    } else {
      notes.push({
        kind: 'unchanged',
        path: file,
        message: current ? 'already set for H.264 output' : "absent; Jellyfin's defaults already match",
      });
    }
  } catch (err) {
    if (!(err instanceof EncodingXmlError)) throw err;
    problems.push({ path: file, message: `not changed: ${err.message}`, transient: true });
  }
}

function profileOf(text: string): DeviceProfile | undefined {
  try {
    return readProfileDocument(text).profile;
  } catch {
    return undefined;
  }
}

function reportSystemProfiles(
  snap: SyncSnapshot,
  opts: SyncOptions,
  rules: ProfileRules,
  finalUser: Map<string, string>,
  notes: SyncNote[],
): SystemReport[] {
  const [live, ...older] = snap.systemFolders;
  for (const f of older) {
    notes.push({
      kind: 'inactive',
      path: path.join(snap.paths.pluginsDir, f.name),
      message: `older plugin version, not loaded (${live!.name} is)`,
    });
  }
  if (!live) return [];
  // In Jellyfin's order (by file name), so the profile named is the one that wins.
  const users = orderProfiles(
    [...finalUser].flatMap(([name, text]) => {
      const profile = profileOf(text);
      return profile ? [{ profile, path: path.join(snap.paths.userProfilesDir, name), kind: 'user' as const }] : [];
    }),
  ).map((c) => ({ file: c.path, headers: c.profile.identification?.headers ?? [] }));
  const out: SystemReport[] = [];
  for (const [name, f] of [...live.profiles].sort(([a], [b]) => a.localeCompare(b))) {
    const file = path.join(snap.paths.pluginsDir, live.name, 'profiles', name);
    const errors = rules.lint(f.text, opts.policy, file).filter((x) => x.severity === 'error');
    if (errors.length === 0) continue;
    const headers = profileOf(f.text)?.identification?.headers ?? [];
    const shadowedBy = findShadowingProfile(headers, users);
    if (shadowedBy) out.push({ path: file, findings: errors, reach: 'hidden', shadowedBy });
    else out.push({ path: file, findings: errors, reach: headers.length === 0 ? 'never-selected' : 'live' });
  }
  return out;
}
