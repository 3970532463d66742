// `dlna-bridge serve` from start to exit: settings (as the CLI read them from
// flags and environment), the bridge, then waiting for SIGTERM/SIGINT. Returns
// 0 after a clean stop, 2 after a crash; settings the user must fix
// (ConfigError) or a port that cannot be bound (StartupError) are thrown for
// the CLI to report. The daemon never dies of an upstream problem: those are
// logged and shown on /readyz, and the bridge keeps trying.
import type { CommandIo } from '../../util/command-io.js';
import { allIpv4Addresses, allIpv4Subnets, defaultRouteInterface, ipv4Interface } from '../../net/interfaces.js';
import { createLogger, type Logger } from '../../util/logger.js';
import { parseDaemonConfig, type DaemonConfig, type HostNetwork, type ServeSettings } from './config.js';
import { startBridge } from './bridge.js';
import { waitForShutdownSignal } from './shutdown.js';
import { EXIT_ERROR, EXIT_INTERRUPTED, EXIT_OK } from '../../util/exit-codes.js';

const realHost: HostNetwork = {
  defaultRouteInterface: () => defaultRouteInterface(),
  ipv4Interface,
  ipv4Subnets: allIpv4Subnets,
  ipv4Addresses: allIpv4Addresses,
};

/** A stop that hangs (a stuck socket) must not outlive the orchestrator's grace period (10 s in deploy/). */
const STOP_DEADLINE_MS = 8_000;

/** The daemon's whole life; `io.env` is where the Kubernetes client looks for a cluster. */
export async function run(settings: ServeSettings, io: CommandIo, host: HostNetwork = realHost): Promise<number> {
  const config: DaemonConfig = parseDaemonConfig(settings, host);
  // --kubernetes-service: no cluster configured, or one that does not answer, is one line before anything starts.
  if (config.kubernetesService) {
    const { requireServeCluster } = await import('../../k8s/preflight.js');
    await requireServeCluster(io.env);
  }
  const logger = createLogger(config.logLevel);
  const guard = installCrashGuards(logger);
  let bridge;
  try {
    bridge = await startBridge(config, logger);
  } catch (err) {
    guard.dispose();
    throw err;
  }
  const waiter = waitForShutdownSignal((signal) => {
    logger.warn({ signal }, 'second signal: exiting without waiting');
    process.exit(EXIT_INTERRUPTED);
  });
  const reason = await Promise.race([waiter.signal, guard.fatal]);
  const deadline = setTimeout(() => {
    logger.error({ ms: STOP_DEADLINE_MS }, 'stop took too long; exiting');
    process.exit(EXIT_ERROR);
  }, STOP_DEADLINE_MS);
  deadline.unref();
  await bridge.stop(reason);
  clearTimeout(deadline);
  waiter.dispose();
  guard.dispose();
  // pino writes asynchronously: let the last lines reach stderr.
  await new Promise<void>((r) => logger.flush(() => r()));
  return reason === 'crash' ? EXIT_ERROR : EXIT_OK;
}

/**
 * A stray promise rejection (a bug in some error path) is logged and the
 * daemon goes on serving. An uncaught exception leaves state unknown: the
 * bridge still says byebye and stops, with exit code 2, so the orchestrator
 * restarts it instead of TVs keeping a dead entry.
 */
function installCrashGuards(logger: Logger): { fatal: Promise<'crash'>; dispose(): void } {
  let fail!: (r: 'crash') => void;
  const fatal = new Promise<'crash'>((r) => (fail = r));
  const onRejection = (reason: unknown): void => {
    logger.error(
      { err: reason instanceof Error ? reason.stack : String(reason) },
      'unhandled promise rejection (ignored)',
    );
  };
  const onException = (err: Error): void => {
    logger.fatal({ err: err.stack ?? err.message }, 'uncaught exception: stopping');
    fail('crash');
  };
  process.on('unhandledRejection', onRejection);
  process.on('uncaughtException', onException);
  return {
    fatal,
    dispose: () => {
      process.off('unhandledRejection', onRejection);
      process.off('uncaughtException', onException);
    },
  };
}
