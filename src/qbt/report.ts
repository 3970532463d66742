// What the user reads on stdout: the plan (--dry-run) and each torrent's
// outcome. Pure string building so tests assert the exact wording users see.
import type { QbtConnection } from './client.js';
import type { RelocationPlan, TorrentAction } from './plan.js';
import type { OutcomeStatus, RelocationReport, TorrentOutcome } from './relocate.js';

/** Torrents already in place are listed up to this many; a large library would bury the rest. */
export const MAX_DONE_LISTED = 10;

export function formatConnection(url: string, conn: QbtConnection): string {
  return `qBittorrent ${conn.version} at ${url} (session: ${conn.session})`;
}

export function formatScope(plan: RelocationPlan): string {
  if (plan.from === null) {
    return (
      `The default save path is already under ${plan.to}, so nothing is trapped there; ` +
      'give --from PATH to rescue torrents from another folder.'
    );
  }
  const from = plan.fromIsDefault ? `${plan.from} (the current default save path)` : plan.from;
  const count = (kind: TorrentAction['kind']): number => plan.actions.filter((a) => a.kind === kind).length;
  return `From ${from} to ${plan.to}: ${count('move')} to move, ${count('attention')} need attention, ${count('done')} already there.`;
}

export function formatPlan(plan: RelocationPlan): string[] {
  const lines = [formatScope(plan)];
  let done = 0;
  for (const action of plan.actions) {
    const t = action.torrent;
    if (action.kind === 'move') {
      const what = action.alreadyMoving
        ? 'qBittorrent is moving it there already; wait and check'
        : `${t.save_path} -> ${action.destination}`;
      lines.push(`  move       ${t.name}: ${what}`);
      for (const note of action.notes) lines.push(`             note: ${note}`);
    } else if (action.kind === 'attention') {
      lines.push(`  attention  ${t.name}: ${action.reason}`);
    } else if (++done <= MAX_DONE_LISTED) {
      lines.push(`  done       ${t.name}: already in ${t.save_path}`);
    }
  }
  if (done > MAX_DONE_LISTED) lines.push(`  ... and ${done - MAX_DONE_LISTED} more already under ${plan.to}`);
  for (const change of plan.defaults) lines.push(`  set        ${change.label}: ${change.current} -> ${change.next}`);
  for (const warning of plan.warnings) lines.push(`warning: ${warning}`);
  return lines;
}

const LABEL: Record<OutcomeStatus, string> = {
  moved: 'moved',
  done: 'done',
  failed: 'FAILED',
  attention: 'attention',
  'not-run': 'not run',
};

export function formatOutcome(o: TorrentOutcome): string {
  const where = o.status === 'moved' || o.status === 'failed' ? ` ${o.from} -> ${o.to}:` : ':';
  return `${LABEL[o.status].padEnd(10)} ${o.name}${where} ${o.detail}`;
}

export function formatReport(plan: RelocationPlan, report: RelocationReport): string[] {
  const lines: string[] = [];
  let done = 0;
  for (const o of report.outcomes) {
    if (o.status === 'done' && ++done > MAX_DONE_LISTED) continue;
    lines.push(formatOutcome(o));
  }
  if (done > MAX_DONE_LISTED) lines.push(`...        and ${done - MAX_DONE_LISTED} more already under ${plan.to}`);
  for (const change of report.defaultsApplied)
    lines.push(`set        ${change.label}: ${change.current} -> ${change.next}`);
  if (report.localFiles === false) {
    lines.push(
      "note: this machine does not see qBittorrent's files, so paths and sizes were checked through its API only " +
        '(run this where the volume is mounted, or pass --local-files yes, to check them on disk)',
    );
  }
  for (const warning of plan.warnings) lines.push(`warning: ${warning}`);
  lines.push(formatSummary(report));
  return lines;
}

export function formatSummary(report: RelocationReport): string {
  const n = (s: OutcomeStatus): number => report.outcomes.filter((o) => o.status === s).length;
  const parts = [
    `${n('moved')} moved`,
    `${n('done')} already there`,
    `${n('failed')} failed`,
    `${n('attention')} need attention`,
  ];
  if (n('not-run') > 0) parts.push(`${n('not-run')} not run`);
  return `Summary: ${parts.join(', ')}.`;
}

/** Outcomes a user must act on: exit 1. */
export function hasFindings(report: RelocationReport): boolean {
  return report.outcomes.some((o) => o.status === 'failed' || o.status === 'attention' || o.status === 'not-run');
}
