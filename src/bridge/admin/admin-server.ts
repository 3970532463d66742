// The admin endpoints, on their own address and port (never the LAN-facing
// proxy port): /healthz (the process answers), /readyz (the bridge has
// something to offer: every readiness check holds, e.g. "an upstream is up"
// and "it is announced"; with each upstream's state and last error), /metrics
// (Prometheus text format).
//
// Who may ask: only source addresses inside `allow` (--admin-allow; by default
// loopback, or the node's own subnets when the admin address is not
// loopback: admin-access.ts); everyone else gets 403 before anything is read.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Registry } from 'prom-client';
import { createLogger, type Logger } from '../../util/logger.js';
import { listenOn } from '../../net/listen.js';
import { anyCidrContains, normalizeAddress, type Cidr } from '../../net/cidr.js';
import type { UpstreamStatus } from '../sources/upstream-health.js';

export interface CheckResult {
  ready: boolean;
  reason: string;
}

export interface ReadinessCheck {
  /** Short name shown in /readyz's JSON ("upstreams", "announced"). */
  name: string;
  check(): CheckResult;
}

export interface AdminOptions {
  registry: Registry;
  readiness: readonly ReadinessCheck[];
  /** Each upstream's state and last error, listed in /readyz. */
  upstreams?: () => UpstreamStatus[];
  /** Source addresses that may use the admin server; undefined: anyone who can connect. */
  allow?: readonly Cidr[];
  logger?: Logger;
}

export interface ReadyzBody {
  ready: boolean;
  /** The first failing check's reason, or "ok". */
  reason: string;
  checks: Array<{ name: string } & CheckResult>;
  /** Every upstream the bridge looks at: name (no secrets), state, since when, and the last error with its reason. */
  upstreams: UpstreamStatus[];
}

/** Runs the checks; a check that throws counts as not ready (with its message). */
export function evaluateReadiness(checks: readonly ReadinessCheck[], upstreams: UpstreamStatus[] = []): ReadyzBody {
  const results = checks.map((c) => {
    try {
      return { name: c.name, ...c.check() };
    } catch (err) {
      return { name: c.name, ready: false, reason: `check failed: ${(err as Error).message}` };
    }
  });
  const failing = results.find((r) => !r.ready);
  if (results.length === 0)
    return { ready: false, reason: 'no readiness checks configured', checks: results, upstreams };
  return { ready: !failing, reason: failing ? `${failing.name}: ${failing.reason}` : 'ok', checks: results, upstreams };
}

export class AdminServer {
  readonly server: http.Server;
  private readonly logger: Logger;

  constructor(private readonly options: AdminOptions) {
    this.logger = (options.logger ?? createLogger('silent')).child({ component: 'admin' });
    this.server = http.createServer(
      { maxHeaderSize: 8 * 1024, headersTimeout: 5_000, requestTimeout: 10_000 },
      (req, res) => {
        this.handle(req, res).catch((err: Error) => {
          this.logger.error({ err: err.message, url: req.url }, 'admin request failed');
          if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', 'internal error\n');
          else res.destroy();
        });
      },
    );
    this.server.maxConnections = 32;
  }

  listen(port: number, host?: string): Promise<AddressInfo> {
    return listenOn(this.server, port, host);
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const allow = this.options.allow;
    if (allow) {
      const client = normalizeAddress(req.socket.remoteAddress ?? '');
      if (!anyCidrContains(allow, client)) {
        this.logger.debug({ client }, 'admin request from outside --admin-allow refused');
        send(res, 403, 'text/plain; charset=utf-8', `Forbidden: ${client} is not in --admin-allow\n`);
        return;
      }
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(res, 405, 'text/plain; charset=utf-8', 'Method Not Allowed\n', { Allow: 'GET, HEAD' });
      return;
    }
    const path = (req.url ?? '').split('?', 1)[0];
    switch (path) {
      case '/healthz':
        send(res, 200, 'text/plain; charset=utf-8', 'ok\n');
        return;
      case '/readyz': {
        let upstreams: UpstreamStatus[] = [];
        try {
          upstreams = this.options.upstreams?.() ?? [];
        } catch (err) {
          this.logger.error({ err: (err as Error).message }, 'upstream list failed');
        }
        const body = evaluateReadiness(this.options.readiness, upstreams);
        send(res, body.ready ? 200 : 503, 'application/json', `${JSON.stringify(body)}\n`);
        return;
      }
      case '/metrics': {
        const text = await this.options.registry.metrics();
        send(res, 200, this.options.registry.contentType, text);
        return;
      }
      default:
        send(res, 404, 'text/plain; charset=utf-8', 'Not Found: /healthz, /readyz, /metrics\n');
    }
  }
}

function send(
  res: http.ServerResponse,
  status: number,
  type: string,
  body: string,
  extra: Record<string, string> = {},
): void {
  res.writeHead(status, {
    'Content-Type': type,
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
    ...extra,
  });
  res.end(body);
}
