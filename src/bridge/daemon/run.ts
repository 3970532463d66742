// `dlna-bridge serve` from start to exit: settings (flags, then environment),
// the bridge, then waiting for SIGTERM/SIGINT. Exit codes: 0 after a clean
// stop, 2 for settings the user must fix or a port that cannot be bound.
// The daemon never dies of an upstream problem: those are logged and shown
// on /readyz, and the bridge keeps trying.
import { CliError, EXIT_ERROR, EXIT_OK } from '../../cli/exit-codes.js';
import { allIpv4Addresses, allIpv4Subnets, defaultRouteInterface, ipv4Interface } from '../../net/interfaces.js';
import { createLogger, type Logger } from '../../util/logger.js';
import { ConfigError, parseDaemonConfig, type DaemonConfig, type HostNetwork } from './config.js';
import { mergeFlagsAndEnv } from './options.js';
import { startBridge, StartupError } from './bridge.js';
import { waitForShutdownSignal } from './shutdown.js';

const realHost: HostNetwork = { defaultRouteInterface: () => defaultRouteInterface(), ipv4Interface, ipv4Subnets: allIpv4Subnets, ipv4Addresses: allIpv4Addresses };

/** A stop that hangs (a stuck socket) must not outlive the orchestrator's grace period (10 s in deploy/). */
const STOP_DEADLINE_MS = 8_000;

export function loadConfig(flags: Record<string, string | string[] | undefined>, env: NodeJS.ProcessEnv, host: HostNetwork = realHost): DaemonConfig {
  try {
    return parseDaemonConfig(mergeFlagsAndEnv(flags, env), host);
  } catch (err) {
    if (err instanceof ConfigError) throw new CliError(`serve: ${err.message}`, EXIT_ERROR);
    throw err;
  }
}

export async function runServe(flags: Record<string, string | string[] | undefined>, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const config = loadConfig(flags, env);
  const logger = createLogger(config.logLevel);
  const guard = installCrashGuards(logger);
  let bridge;
  try {
    bridge = await startBridge(config, logger);
  } catch (err) {
    guard.dispose();
    if (err instanceof StartupError) throw new CliError(`serve: ${err.message}`, EXIT_ERROR);
    throw err;
  }
  const waiter = waitForShutdownSignal((signal) => {
    logger.warn({ signal }, 'second signal: exiting without waiting');
    process.exit(130);
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
    logger.error({ err: reason instanceof Error ? reason.stack : String(reason) }, 'unhandled promise rejection (ignored)');
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
