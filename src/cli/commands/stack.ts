// `dlna-bridge stack render|apply|doctor`: the media stack on Kubernetes.
// Implementations load lazily in the actions (fast CLI start).
import type { Command } from 'commander';
import { CliError, EXIT_ERROR, EXIT_FINDINGS } from '../exit-codes.js';

const collect = (value: string, previous: string[]): string[] => [...previous, value];

interface ValueOptions {
  values: string[];
  set: string[];
}

function addValueOptions(cmd: Command): Command {
  return cmd
    .option('-f, --values <file>', 'values YAML file (repeatable; later files win)', collect, [])
    .option('--set <key=value>', 'set one value, e.g. --set domain=media.example.org (repeatable)', collect, []);
}

function addClusterOptions(cmd: Command): Command {
  return cmd
    .option('--kubeconfig <file>', 'kubeconfig file (default: $KUBECONFIG, ~/.kube/config, or in-cluster)')
    .option('--context <name>', 'kubeconfig context to use');
}

async function renderFromOptions(opts: ValueOptions): Promise<import('../../stack/manifest.js').KubeObject[]> {
  const { loadValues } = await import('../../stack/load-values.js');
  const { renderStack } = await import('../../stack/render.js');
  try {
    return renderStack(await loadValues(opts.values, opts.set));
  } catch (err) {
    const name = (err as Error).name;
    if (['ValuesError', 'KustomizeError', 'RenderError', 'JsonPatchError'].includes(name)) throw new CliError((err as Error).message, EXIT_ERROR);
    throw err;
  }
}

export function registerStackCommands(program: Command): void {
  const stack = program
    .command('stack')
    .description('the media stack on Kubernetes: render and apply deploy/, diagnose a running cluster');

  addValueOptions(
    stack
      .command('render')
      .description('render deploy/ with your values to one multi-document YAML (stdout) or files (--out)')
      .option('--out <dir>', 'write one file per object and a kustomization.yaml into DIR'),
  ).action(async (opts: ValueOptions & { out?: string }) => {
    const objects = await renderFromOptions(opts);
    if (opts.out) {
      const { writeRenderedDir } = await import('../../stack/write-out.js');
      const files = await writeRenderedDir(opts.out, objects);
      process.stderr.write(`wrote ${files.length} files to ${opts.out}\n`);
    } else {
      const { toMultiDocYaml } = await import('../../stack/manifest.js');
      process.stdout.write(toMultiDocYaml(objects));
    }
  });

  addClusterOptions(
    addValueOptions(
      stack
        .command('apply')
        .description('server-side apply the rendered stack (field manager dlna-bridge); exit 1 if any object fails')
        .option('--dry-run', 'ask the API server to check every object without persisting it (dryRun=All)')
        .option('--force-conflicts', 'take over fields another field manager owns'),
    ),
  ).action(async (opts: ValueOptions & { dryRun?: boolean; forceConflicts?: boolean; kubeconfig?: string; context?: string }) => {
    const objects = await renderFromOptions(opts);
    const { loadKubeConfig } = await import('../../k8s/kubeconfig.js');
    const { createApplier } = await import('../../k8s/server-side-apply.js');
    const { applyObjects, formatApplySummary } = await import('../../stack/apply.js');
    const kc = loadKubeConfig(opts);
    const result = await applyObjects(createApplier(kc), objects, {
      dryRun: !!opts.dryRun,
      force: !!opts.forceConflicts,
      onProgress: (line) => process.stdout.write(`${line}\n`),
    });
    process.stdout.write(`${formatApplySummary(result, !!opts.dryRun)}\n`);
    if (result.failed.length > 0) process.exitCode = EXIT_FINDINGS;
  });

  addClusterOptions(
    stack
      .command('doctor')
      .description('find the known media-stack failures on a running cluster (DNS sinkhole, path trap, NFS SQLite, ...)')
      .option('--json', 'print the findings as JSON')
      .option('-n, --namespace <ns>', 'namespace of the media stack', 'media')
      .option('--no-qbittorrent-api', 'do not ask qBittorrent\'s WebUI API for its save path'),
  ).action(async (opts: { json?: boolean; namespace: string; qbittorrentApi: boolean; kubeconfig?: string; context?: string }) => {
    const { loadKubeConfig } = await import('../../k8s/kubeconfig.js');
    const { readClusterSnapshot } = await import('../../k8s/snapshot.js');
    const { runDoctor, formatFindings } = await import('../../stack/doctor/index.js');
    const kc = loadKubeConfig(opts);
    const snapshot = await readClusterSnapshot(kc, { namespace: opts.namespace, qbittorrentApi: opts.qbittorrentApi });
    const findings = runDoctor(snapshot);
    process.stdout.write(opts.json ? `${JSON.stringify({ findings }, null, 2)}\n` : formatFindings(findings));
    if (findings.some((f) => f.severity !== 'info')) process.exitCode = EXIT_FINDINGS;
  });
}
