// The DLNA-aware HTTP reverse proxy: one port on the advertise address; each
// upstream lives under /u/{key}/ (route.ts). Media streams through untouched
// in both directions (Range/206, HEAD, chunked, keep-alive, DLNA headers);
// XML answers (descriptions, SCPDs, SOAP with DIDL-Lite) are buffered up to a
// cap and rewritten so that no URL the client is told names an address it
// cannot reach (src/rewrite/).
//
// Not an open proxy: off-subnet clients, absolute-form targets, CONNECT and
// unknown upstreams are refused with a plain-text reason before any upstream
// is contacted. Header size, timeouts and connection count are bounded.
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { anyCidrContains, normalizeAddress, type Cidr } from '../net/cidr.js';
import type { Catalog } from '../catalog/catalog.js';
import type { UpstreamEntry } from '../catalog/types.js';
import type { BridgeMetrics } from '../metrics/metrics.js';
import { createLogger, type Logger } from '../util/logger.js';
import { redactUrl } from '../util/redact-url.js';
import { observeProxyRequest, countRawAnswer } from '../metrics/proxy-metrics.js';
import { noEventRelayText, upstreamDownText, upstreamTimeoutText, upstreamUnreachableText, upstreamUnresolvableText } from './bad-gateway.js';
import { DEFAULT_MAX_REWRITE_BYTES, isRewritableContentType, rewriteXmlBody } from '../rewrite/body.js';
import type { RewriteContext } from '../rewrite/context.js';
import { routeRequest } from './route.js';
import { listenOn } from './listen.js';
import { clientResponseHeaders, upstreamRequestHeaders, withContentLength } from './forward-headers.js';
import { checkCallback } from './gena-callback.js';
import { GenaRelay } from './gena-relay.js';
import { withResolvedAddress } from '../net/address-url.js';
import { rewriteContextFor, socketAuthority } from './rewrite-context.js';

export interface ProxyOptions {
  catalog: Catalog;
  /** Clients allowed to use the proxy (the LAN subnets plus --allow-subnet). Everyone else: 403. */
  allow: readonly Cidr[];
  logger?: Logger;
  metrics?: BridgeMetrics;
  /** XML bodies up to this size are rewritten; bigger ones pass untouched (and are counted). */
  maxRewriteBytes?: number;
  /** Largest request header block accepted (Node's maxHeaderSize). */
  maxHeaderBytes?: number;
  /** Whole request header block must arrive within this time (slowloris). */
  headersTimeoutMs?: number;
  /** A socket with no traffic either way for this long is closed (a paused TV reconnects with Range). */
  idleTimeoutMs?: number;
  /** Idle keep-alive connections are kept this long. */
  keepAliveTimeoutMs?: number;
  /** The upstream must answer with headers within this time, else 504. */
  upstreamTimeoutMs?: number;
  maxConnections?: number;
}

export const PROXY_DEFAULTS = {
  maxHeaderBytes: 16 * 1024,
  headersTimeoutMs: 10_000,
  idleTimeoutMs: 120_000,
  keepAliveTimeoutMs: 15_000,
  upstreamTimeoutMs: 30_000,
  maxConnections: 256,
} as const;

/** What a GENA request adds to forwarding: headers the relay sets, and who learns the upstream's answer. */
interface GenaHooks {
  replace?: Record<string, string>;
  onAnswer(status: number, headers: http.IncomingHttpHeaders): void;
}

/** A named upstream must resolve within this time, else 502. */
const RESOLVE_TIMEOUT_MS = 5_000;

/** Methods a DLNA client uses: media and descriptions, SOAP control, GENA eventing. */
const ALLOWED_METHODS = new Set(['GET', 'HEAD', 'POST', 'SUBSCRIBE', 'UNSUBSCRIBE', 'OPTIONS']);
/** Keys of upstreams that went away, so a client gets "502 down" rather than "404 unknown". */
const MAX_REMEMBERED_DOWN = 256;

export class ProxyServer {
  readonly server: http.Server;
  private readonly catalog: Catalog;
  private readonly allow: readonly Cidr[];
  private readonly logger: Logger;
  private readonly metrics: BridgeMetrics | undefined;
  private readonly maxRewriteBytes: number;
  private readonly upstreamTimeoutMs: number;
  private readonly agent: http.Agent;
  private readonly down = new Map<string, string>();
  private readonly relay: GenaRelay;
  private readonly onRemoved = (entry: UpstreamEntry): void => {
    this.down.delete(entry.key);
    this.down.set(entry.key, upstreamDownText(entry));
    if (this.down.size > MAX_REMEMBERED_DOWN) this.down.delete(this.down.keys().next().value!);
  };
  private readonly onAdded = (entry: UpstreamEntry): void => {
    this.down.delete(entry.key);
  };

  constructor(options: ProxyOptions) {
    this.catalog = options.catalog;
    this.allow = options.allow;
    this.logger = (options.logger ?? createLogger('silent')).child({ component: 'proxy' });
    this.metrics = options.metrics;
    this.maxRewriteBytes = options.maxRewriteBytes ?? DEFAULT_MAX_REWRITE_BYTES;
    this.upstreamTimeoutMs = options.upstreamTimeoutMs ?? PROXY_DEFAULTS.upstreamTimeoutMs;
    this.agent = new http.Agent({ keepAlive: true, maxSockets: 64, maxFreeSockets: 16, timeout: 60_000 });
    this.relay = new GenaRelay(this.logger);
    this.server = http.createServer(
      {
        maxHeaderSize: options.maxHeaderBytes ?? PROXY_DEFAULTS.maxHeaderBytes,
        headersTimeout: options.headersTimeoutMs ?? PROXY_DEFAULTS.headersTimeoutMs,
        requestTimeout: Math.max(options.headersTimeoutMs ?? PROXY_DEFAULTS.headersTimeoutMs, 30_000),
        keepAliveTimeout: options.keepAliveTimeoutMs ?? PROXY_DEFAULTS.keepAliveTimeoutMs,
      },
      (req, res) => this.handle(req, res),
    );
    this.server.maxConnections = options.maxConnections ?? PROXY_DEFAULTS.maxConnections;
    this.server.setTimeout(options.idleTimeoutMs ?? PROXY_DEFAULTS.idleTimeoutMs);
    this.server.on('connect', (req: http.IncomingMessage, socket: Socket) => this.refuseConnect(req, socket));
    this.catalog.on('removed', this.onRemoved);
    this.catalog.on('added', this.onAdded);
  }

  listen(port: number, host?: string): Promise<AddressInfo> {
    return listenOn(this.server, port, host);
  }

  /** Stops accepting, ends idle keep-alive connections, and cuts running streams after `graceMs`. */
  async close(graceMs = 2_000): Promise<void> {
    this.catalog.off('removed', this.onRemoved);
    this.catalog.off('added', this.onAdded);
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeIdleConnections();
    const timer = setTimeout(() => this.server.closeAllConnections(), graceMs);
    await closed;
    clearTimeout(timer);
    this.agent.destroy();
    await this.relay.close();
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    observeProxyRequest(this.metrics?.proxy, req, res);
    const client = normalizeAddress(req.socket.remoteAddress ?? '');
    if (!anyCidrContains(this.allow, client)) {
      this.logger.warn({ client, method: req.method }, 'client outside the allowed subnets refused');
      this.plain(res, 403, `Forbidden: ${client} is not in a subnet this bridge serves`);
      return;
    }
    const target = req.url ?? '';
    const route = routeRequest(target);
    if (!route.ok) {
      this.logger.info({ client, method: req.method, url: redactUrl(target).slice(0, 200), status: route.status }, 'request refused');
      this.plain(res, route.status, route.message);
      return;
    }
    const method = req.method ?? '';
    if (!ALLOWED_METHODS.has(method)) {
      this.plain(res, 405, `Method Not Allowed: ${method.slice(0, 32)}`, { Allow: [...ALLOWED_METHODS].join(', ') });
      return;
    }
    const entry = this.catalog.lookup(route.key);
    if (!entry) {
      const down = this.down.get(route.key);
      if (down) this.plain(res, 502, down);
      else this.plain(res, 404, 'Not Found: no such upstream');
      return;
    }
    let tvCallbacks: string[] | undefined;
    if (method === 'SUBSCRIBE' && req.headers['callback'] !== undefined) {
      const verdict = checkCallback(String(req.headers['callback']), client);
      if (!verdict.ok) {
        this.metrics?.genaRefused.inc({ reason: verdict.status === 403 ? 'foreign_callback' : 'malformed_callback' });
        this.logger.warn({ client, key: entry.key, reason: verdict.reason }, 'GENA subscription refused');
        this.plain(res, verdict.status, verdict.reason);
        return;
      }
      tvCallbacks = verdict.urls;
    }
    void this.dispatch(req, res, entry, route.path, client, tvCallbacks);
  }

  /**
   * Where the request goes: the upstream's address (a named host resolved now,
   * as the sources do: minidlna refuses a Host that is a name, GUPnP one that is
   * not its own address), then forwarded; a new GENA subscription through the
   * event relay (gena-relay.ts), renewals and UNSUBSCRIBE with it informed.
   */
  private async dispatch(req: http.IncomingMessage, res: http.ServerResponse, entry: UpstreamEntry, path: string, client: string, tvCallbacks: string[] | undefined): Promise<void> {
    let target: URL;
    try {
      target = await withResolvedAddress(entry.location, RESOLVE_TIMEOUT_MS);
    } catch (err) {
      this.logger.warn({ key: entry.key, err: (err as Error).message }, 'upstream name does not resolve');
      this.plain(res, 502, upstreamUnresolvableText(entry));
      return;
    }
    const method = req.method ?? '';
    const sid = req.headers['sid'];
    if (tvCallbacks) {
      let relayed;
      try {
        relayed = await this.relay.prepare(target.hostname.replace(/^\[|\]$/g, ''), tvCallbacks);
      } catch (err) {
        this.logger.warn({ key: entry.key, err: (err as Error).message }, 'GENA event relay unavailable');
        this.plain(res, 502, noEventRelayText(entry));
        return;
      }
      if (!relayed) {
        this.plain(res, 503, 'Service Unavailable: too many event subscriptions');
        return;
      }
      const { token, callback } = relayed;
      this.forward(req, res, entry, target, path, client, { replace: { callback }, onAnswer: (status, headers) => this.relay.subscribed(token, status, headers) });
    } else if ((method === 'SUBSCRIBE' || method === 'UNSUBSCRIBE') && typeof sid === 'string') {
      this.forward(req, res, entry, target, path, client, { onAnswer: (status, headers) => this.relay.answered(method, sid, status, headers) });
    } else {
      this.forward(req, res, entry, target, path, client);
    }
  }

  /** `target`: the upstream's URL with its address; its host:port is the Host the upstream gets (forward-headers.ts). */
  private forward(req: http.IncomingMessage, res: http.ServerResponse, entry: UpstreamEntry, target: URL, path: string, client: string, gena?: GenaHooks): void {
    const localAuthority = socketAuthority(req.socket.localAddress, req.socket.localPort) ?? 'localhost';
    let upstreamReq: http.ClientRequest;
    try {
      upstreamReq = http.request({
        host: target.hostname.replace(/^\[|\]$/g, ''),
        port: target.port || 80,
        method: req.method,
        path,
        headers: upstreamRequestHeaders(req.rawHeaders, { clientAddress: client, upstreamHost: target.host, ...(gena?.replace ? { replace: gena.replace } : {}) }),
        setHost: false,
        agent: this.agent,
      });
    } catch (err) {
      // Node refuses paths with unescaped characters before sending anything.
      this.plain(res, 400, `Bad Request: ${(err as Error).message}`);
      return;
    }
    const headerTimer = setTimeout(() => {
      this.logger.warn({ key: entry.key, timeoutMs: this.upstreamTimeoutMs }, 'upstream did not answer in time');
      upstreamReq.destroy(new Error(`no answer within ${this.upstreamTimeoutMs} ms`));
      this.plain(res, 504, upstreamTimeoutText(entry, this.upstreamTimeoutMs));
    }, this.upstreamTimeoutMs);
    upstreamReq.on('error', (err) => {
      clearTimeout(headerTimer);
      // Already answered (504) or the client left: nothing more to say.
      if (res.writableEnded || res.destroyed) return;
      if (!res.headersSent) {
        this.logger.warn({ key: entry.key, upstream: entry.location.host, err: err.message }, 'upstream unreachable');
        this.plain(res, 502, upstreamUnreachableText(entry, err));
      } else {
        res.destroy();
      }
    });
    // The client going away ends the upstream exchange too (a TV seeking drops and re-requests).
    res.on('close', () => {
      clearTimeout(headerTimer);
      if (!res.writableFinished) upstreamReq.destroy();
    });
    let sent = 0;
    req.on('data', (chunk: Buffer) => (sent += chunk.length));
    req.on('end', () => this.metrics?.proxyBytes.inc({ direction: 'upstream' }, sent));
    req.pipe(upstreamReq);
    upstreamReq.on('response', (upRes) => {
      clearTimeout(headerTimer);
      gena?.onAnswer(upRes.statusCode ?? 0, upRes.headers);
      const ctx = rewriteContextFor({
        entry,
        hostHeader: req.headers.host,
        localAuthority,
        peerAuthority: socketAuthority(upRes.socket?.remoteAddress, upRes.socket?.remotePort),
      });
      this.respond(req, res, upRes, ctx, entry);
    });
  }

  private respond(req: http.IncomingMessage, res: http.ServerResponse, upRes: http.IncomingMessage, ctx: RewriteContext, entry: UpstreamEntry): void {
    const status = upRes.statusCode ?? 502;
    const { headers, rewrites } = clientResponseHeaders(upRes.rawHeaders, ctx);
    if (rewrites > 0) this.metrics?.rewrites.inc({ kind: 'header' }, rewrites);
    const hasBody = req.method !== 'HEAD' && status !== 204 && status !== 304 && status >= 200;
    const encoding = String(upRes.headers['content-encoding'] ?? 'identity').toLowerCase();
    const declared = Number(upRes.headers['content-length'] ?? NaN);
    const xml = isRewritableContentType(upRes.headers['content-type']);
    if (hasBody && xml && encoding !== 'identity') this.metrics?.rewrites.inc({ kind: 'skipped_encoded' });
    if (!hasBody || !xml || encoding !== 'identity' || declared > this.maxRewriteBytes) {
      if (hasBody && xml && declared > this.maxRewriteBytes) this.skippedLarge(entry, declared);
      this.stream(res, upRes, status, headers);
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    const collect = (chunk: Buffer): void => {
      size += chunk.length;
      chunks.push(chunk);
      if (size > this.maxRewriteBytes) {
        // Too big to rewrite after all (chunked, no length given): send what we
        // have as it came and stream the rest. URLs in it stay unrewritten.
        upRes.pause();
        upRes.off('data', collect);
        upRes.off('end', finish);
        this.skippedLarge(entry, size);
        res.writeHead(status, upRes.statusMessage, headers);
        for (const c of chunks) res.write(c);
        this.metrics?.proxyBytes.inc({ direction: 'downstream' }, size);
        this.stream(res, upRes, status, headers, true);
      }
    };
    const finish = (): void => {
      const result = rewriteXmlBody(Buffer.concat(chunks).toString('latin1'), ctx);
      const body = result.rewrites > 0 ? Buffer.from(result.text, 'latin1') : Buffer.concat(chunks);
      if (result.rewrites > 0) this.metrics?.rewrites.inc({ kind: result.description ? 'description' : 'xml' });
      res.writeHead(status, upRes.statusMessage, withContentLength(headers, body.length));
      res.end(body);
      this.metrics?.proxyBytes.inc({ direction: 'downstream' }, body.length);
    };
    upRes.on('data', collect);
    upRes.on('end', finish);
    upRes.on('error', () => res.destroy());
  }

  /** Pipes the upstream body to the client without buffering; backpressure both ways. */
  private stream(res: http.ServerResponse, upRes: http.IncomingMessage, status: number, headers: string[], headersSent = false): void {
    if (!headersSent) res.writeHead(status, upRes.statusMessage, headers);
    let bytes = 0;
    upRes.on('data', (chunk: Buffer) => (bytes += chunk.length));
    upRes.pipe(res);
    const done = (): void => {
      this.metrics?.proxyBytes.inc({ direction: 'downstream' }, bytes);
      bytes = 0;
    };
    upRes.on('end', done);
    upRes.on('error', () => {
      done();
      res.destroy();
    });
    res.on('close', () => {
      if (!upRes.complete) {
        done();
        upRes.destroy();
      }
    });
  }

  private skippedLarge(entry: UpstreamEntry, bytes: number): void {
    this.metrics?.rewrites.inc({ kind: 'skipped_large' });
    this.logger.warn({ key: entry.key, bytes, max: this.maxRewriteBytes }, 'XML body too large to rewrite; passed through unchanged');
  }

  private refuseConnect(req: http.IncomingMessage, socket: Socket): void {
    const body = 'Method Not Allowed: CONNECT; this is not an open proxy\n';
    this.logger.warn({ client: normalizeAddress(req.socket.remoteAddress ?? ''), target: (req.url ?? '').slice(0, 200) }, 'CONNECT refused');
    countRawAnswer(this.metrics?.proxy, 'CONNECT', 405);
    socket.on('error', () => socket.destroy());
    socket.end(
      `HTTP/1.1 405 Method Not Allowed\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }

  private plain(res: http.ServerResponse, status: number, message: string, extra: Record<string, string> = {}): void {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    const body = `${message}\n`;
    res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(body), ...extra });
    res.end(body);
  }
}
