// `dlna-bridge qbt relocate` as one command: check the request, connect, plan,
// print, and (unless dryRun) execute; returns the exit code. The glue between
// the parsed options and the pure planner / executor. Errors are QbtError
// subclasses (./errors.ts); src/cli turns them into a line and exit 2.
import { checkWebUiUrl, QbtClient, type QbtConnection } from './client.js';
import { resolveAuth } from './credentials.js';
import { QbtInputError } from './errors.js';
import { nodeLocalFs, type LocalFs } from './local-fs.js';
import { checkDestination, checkSource, planRelocation, type RelocationPlan } from './plan.js';
import { createMoveProgress, type ProgressStream } from './progress.js';
import { DEFAULT_EXECUTE_OPTIONS, executePlan, type LocalFilesMode, type RelocationReport } from './relocate.js';
import { formatConnection, formatPlan, formatReport, formatScope, hasFindings } from './report.js';
import { redactUrl, redactUrlsInText } from '../util/redact-url.js';
import { EXIT_FINDINGS, EXIT_OK } from '../util/exit-codes.js';

export interface RelocateCommandOptions {
  url: string;
  to: string;
  from?: string;
  username?: string;
  passwordFile?: string;
  apiKeyFile?: string;
  setDefault?: boolean;
  dryRun?: boolean;
  json?: boolean;
  localFiles?: LocalFilesMode;
  /** seconds */
  moveTimeout?: number;
  /** seconds, per HTTP request */
  timeout?: number;
}

export interface RelocateIo {
  stdout: { write(s: string): unknown };
  stderr: ProgressStream;
  /** Where DLNA_BRIDGE_QBT_PASSWORD / _API_KEY / _USERNAME are read (process.env, or a test's). */
  env: NodeJS.ProcessEnv;
  fs?: LocalFs;
  pollMs?: number;
}

export async function run(opts: RelocateCommandOptions, io: RelocateIo): Promise<number> {
  let url: URL;
  try {
    url = new URL(opts.url);
  } catch {
    throw new QbtInputError(
      'QBT_URL_INVALID',
      `not a URL: "${redactUrlsInText(redactUrl(opts.url))}" (e.g. http://127.0.0.1:8080)`,
    );
  }
  // Everything the user can get wrong is found before a password is read or sent.
  checkWebUiUrl(url);
  checkDestination(opts.to);
  if (opts.from !== undefined) checkSource(opts.from);
  const auth = await resolveAuth({
    username: opts.username,
    passwordFile: opts.passwordFile,
    apiKeyFile: opts.apiKeyFile,
    env: io.env,
  });
  const client = new QbtClient(url, auth, opts.timeout ? { timeoutMs: opts.timeout * 1000 } : {});
  const connection = await client.connect();
  const preferences = await client.preferences();
  const torrents = await client.torrents();
  const plan = planRelocation({
    from: opts.from,
    to: opts.to,
    setDefault: opts.setDefault === true,
    preferences,
    torrents,
  });
  const print = (lines: string[]): void => {
    if (!opts.json) io.stdout.write(`${lines.join('\n')}\n`);
  };
  print([formatConnection(client.origin, connection)]);

  if (opts.dryRun) {
    print([...formatPlan(plan), 'Dry run: nothing was changed.']);
    if (opts.json) io.stdout.write(`${JSON.stringify(toJson(connection, plan, null), null, 2)}\n`);
    return plan.actions.some((a) => a.kind === 'attention') ? EXIT_FINDINGS : EXIT_OK;
  }

  print([formatScope(plan)]);
  const report = await executePlan(
    plan,
    {
      ...DEFAULT_EXECUTE_OPTIONS,
      localFiles: opts.localFiles ?? 'auto',
      moveTimeoutMs: (opts.moveTimeout ?? DEFAULT_EXECUTE_OPTIONS.moveTimeoutMs / 1000) * 1000,
      pollMs: io.pollMs ?? DEFAULT_EXECUTE_OPTIONS.pollMs,
      incompleteSuffix: preferences.incomplete_files_ext === true,
    },
    { api: client, fs: io.fs ?? nodeLocalFs, progress: createMoveProgress(io.stderr) },
  );
  print(formatReport(plan, report));
  if (opts.json) io.stdout.write(`${JSON.stringify(toJson(connection, plan, report), null, 2)}\n`);
  if (report.fatal) throw report.fatal;
  return hasFindings(report) ? EXIT_FINDINGS : EXIT_OK;
}

/** A stable, scriptable shape (torrent objects trimmed to what identifies them). */
function toJson(connection: QbtConnection, plan: RelocationPlan, report: RelocationReport | null): unknown {
  return {
    qbittorrent: connection,
    from: plan.from,
    to: plan.to,
    plan: plan.actions.map((a) => ({
      action: a.kind,
      hash: a.torrent.hash,
      name: a.torrent.name,
      savePath: a.torrent.save_path,
      ...(a.kind === 'move' ? { destination: a.destination, notes: a.notes } : {}),
      ...(a.kind === 'attention' ? { reason: a.reason } : {}),
    })),
    defaults: plan.defaults,
    warnings: plan.warnings,
    ...(report
      ? {
          outcomes: report.outcomes,
          defaultsApplied: report.defaultsApplied,
          filesCheckedLocally: report.localFiles,
          error: report.fatal?.message ?? null,
        }
      : { dryRun: true }),
  };
}
