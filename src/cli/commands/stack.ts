// `dlna-bridge stack render|apply|doctor`: the media stack on Kubernetes.
// Flags only; src/stack/command/{render,apply,doctor}.ts, loaded lazily in the
// actions (fast CLI start), run the commands.
import type { Command } from 'commander';
import { flagTable, runNamingFlags } from '../with-flag-names.js';

const collect = (value: string, previous: string[]): string[] => [...previous, value];

/** The flag behind each stack error code that belongs to one. */
const FLAG_FOR = flagTable({
  STACK_SET_INVALID: '--set',
  STACK_OUT_DIR_UNUSABLE: '--out',
  KUBE_CONTEXT_UNKNOWN: '--context',
});

const io = (): import('../../stack/command/io.js').StackIo => ({
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
});

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

const VALUES_HELP =
  'Values (-f FILE, --set key=value; --set wins): domain, timezone, puid, pgid, storage.*, mediaNodeLabel,\n' +
  'lanInterface, gpu, dns.coredns, dns.upstreams, tls.secretName, tls.clusterIssuer, monitoring.podMonitor,\n' +
  'monitoring.allow, images.<app>. See deploy/README.md.';

export function registerStackCommands(program: Command): void {
  const stack = program
    .command('stack')
    .description('the media stack on Kubernetes: render and apply deploy/, diagnose a running cluster');

  addValueOptions(
    stack
      .command('render')
      .description('render deploy/ with your values to one multi-document YAML (stdout) or files (--out)')
      .option(
        '--out <dir>',
        'write one file per object and a kustomization.yaml into DIR, replacing the files an earlier render wrote there',
      ),
  )
    .addHelpText(
      'after',
      `\n${VALUES_HELP}\n` +
        'Exit codes: 0 rendered; 2 invalid values, a broken deploy/ or an --out that is not a writable folder (nothing written).\n' +
        'Examples:\n' +
        '  dlna-bridge stack render -f values.yaml --set gpu=false > stack.yaml && kubectl apply -f stack.yaml\n' +
        '  dlna-bridge stack render -f values.yaml --out rendered/ && kubectl apply -k rendered/',
    )
    .action(async (opts: import('../../stack/command/render.js').RenderOptions) => {
      const { run } = await import('../../stack/command/render.js');
      await runNamingFlags(FLAG_FOR, () => run(opts, io()));
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
    .action(async (opts: import('../../stack/command/apply.js').ApplyOptions) => {
      const { run } = await import('../../stack/command/apply.js');
      await runNamingFlags(FLAG_FOR, () => run(opts, io()));
    });

  addClusterOptions(
    stack
      .command('doctor')
      .description(
        'find the known media-stack failures on a running cluster (DNS sinkhole, path trap, NFS SQLite, ...)',
      )
      .option('--json', 'print the findings as JSON')
      .option('-n, --namespace <ns>', 'namespace of the media stack', 'media')
      .option('--no-qbittorrent-api', "do not ask qBittorrent's WebUI API for its save path"),
  )
    .addHelpText(
      'after',
      '\nExit codes: 0 nothing but notes; 1 a warning or error finding; 2 no cluster configured or the API server\n' +
        'does not answer (checked first).\n' +
        'Examples:\n' +
        '  dlna-bridge stack doctor\n' +
        '  dlna-bridge stack doctor --json -n media --kubeconfig ~/.kube/homelab',
    )
    .action(async (opts: import('../../stack/command/doctor.js').DoctorOptions) => {
      const { run } = await import('../../stack/command/doctor.js');
      await runNamingFlags(FLAG_FOR, () => run(opts, io()));
    });
}
