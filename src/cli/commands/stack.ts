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

/** The cluster the options name, once it is known to exist and answer (else one line, exit 2). */
async function connectedKubeConfig(opts: { kubeconfig?: string; context?: string }): Promise<import('@kubernetes/client-node').KubeConfig> {
  const { loadKubeConfig } = await import('../../stack/cluster/kubeconfig.js');
  const { requireClusterConfigured, requireApiServerAnswers } = await import('../../k8s/preflight.js');
  const source = requireClusterConfigured({ kubeconfig: opts.kubeconfig });
  const kc = loadKubeConfig(opts);
  const tls: import('node:https').RequestOptions = {};
  await kc.applyToHTTPSOptions(tls);
  await requireApiServerAnswers({ server: kc.getCurrentCluster()!.server, tls, source: `${source} (context ${kc.getCurrentContext()})` });
  return kc;
}

const VALUES_HELP =
  'Values (-f FILE, --set key=value; --set wins): domain, timezone, puid, pgid, storage.*, mediaNodeLabel,\n' +
  'lanInterface, gpu, dns.coredns, dns.upstreams, tls.secretName, tls.clusterIssuer, monitoring.podMonitor,\n' +
  'monitoring.allow, images.<app>. See deploy/README.md.';

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
      .option('--out <dir>', 'write one file per object and a kustomization.yaml into DIR, replacing the files an earlier render wrote there'),
  )
    .addHelpText(
      'after',
      `\n${VALUES_HELP}\n` +
        'Exit codes: 0 rendered; 2 invalid values, a broken deploy/ or an --out that is not a writable folder (nothing written).\n' +
        'Examples:\n' +
        '  dlna-bridge stack render -f values.yaml --set gpu=false > stack.yaml && kubectl apply -f stack.yaml\n' +
        '  dlna-bridge stack render -f values.yaml --out rendered/ && kubectl apply -k rendered/',
    )
    .action(async (opts: ValueOptions & { out?: string }) => {
      const objects = await renderFromOptions(opts);
      if (opts.out !== undefined) {
        const { writeRenderedDir } = await import('../../stack/write-out.js');
        let files: string[];
        try {
          files = await writeRenderedDir(opts.out, objects);
        } catch (err) {
          if ((err as Error).name === 'OutDirError') throw new CliError((err as Error).message, EXIT_ERROR);
          throw err;
        }
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
  )
    .addHelpText(
      'after',
      `\n${VALUES_HELP}\n` +
        'Exit codes: 0 every object applied; 1 an object was refused (each is named); 2 invalid values, no cluster\n' +
        'configured, or the API server does not answer (checked first; a connection lost midway stops the run).\n' +
        'Examples:\n' +
        '  dlna-bridge stack apply -f values.yaml --dry-run\n' +
        '  dlna-bridge stack apply -f values.yaml --kubeconfig ~/.kube/homelab --context k3s',
    )
    .action(async (opts: ValueOptions & { dryRun?: boolean; forceConflicts?: boolean; kubeconfig?: string; context?: string }) => {
      const objects = await renderFromOptions(opts);
      const kc = await connectedKubeConfig(opts);
      const { createApplier } = await import('../../stack/cluster/server-side-apply.js');
      const { applyObjects, formatApplySummary } = await import('../../stack/apply.js');
      const result = await applyObjects(createApplier(kc), objects, {
        dryRun: !!opts.dryRun,
        force: !!opts.forceConflicts,
        onProgress: (line) => process.stdout.write(`${line}\n`),
      });
      if (result.aborted) {
        throw new CliError(`stack apply: lost the API server ${kc.getCurrentCluster()!.server} after ${result.applied.length} object(s): ${result.aborted}`, EXIT_ERROR);
      }
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
  )
    .addHelpText(
      'after',
      '\nExit codes: 0 nothing but notes; 1 a warning or error finding; 2 no cluster configured or the API server\n' +
        'does not answer (checked first).\n' +
        'Examples:\n' +
        '  dlna-bridge stack doctor\n' +
        '  dlna-bridge stack doctor --json -n media --kubeconfig ~/.kube/homelab',
    )
    .action(async (opts: { json?: boolean; namespace: string; qbittorrentApi: boolean; kubeconfig?: string; context?: string }) => {
      const kc = await connectedKubeConfig(opts);
      const { readClusterSnapshot } = await import('../../stack/cluster/snapshot.js');
      const { runDoctor, formatFindings } = await import('../../stack/doctor/index.js');
      const snapshot = await readClusterSnapshot(kc, { namespace: opts.namespace, qbittorrentApi: opts.qbittorrentApi });
      const findings = runDoctor(snapshot);
      process.stdout.write(opts.json ? `${JSON.stringify({ findings }, null, 2)}\n` : formatFindings(findings));
      if (findings.some((f) => f.severity !== 'info')) process.exitCode = EXIT_FINDINGS;
    });
}
