// The DLNA-aware HTTP reverse proxy: one port on the advertise address; each
// upstream lives under /u/{key}/ (route.ts). Media streams through untouched
// in both directions (Range/206, HEAD, chunked, keep-alive, DLNA headers);
// XML answers (descriptions, SCPDs, SOAP with DIDL-Lite) are buffered up to a
// cap and rewritten so that no URL the client is told names an address it
// cannot reach (src/bridge/rewrite/).
//
// Not an open proxy: off-subnet clients, absolute-form targets, CONNECT and
// unknown upstreams are refused with a plain-text reason before any upstream
// is contacted. Header size, timeouts and connection count are bounded.
//
// On a hostile LAN and against a hostile upstream: request bodies reach the
// upstream only with framing it can parse (framing.ts); an upstream answer
// that cannot be relayed is a 502 and no handler's exception ends the process
// (exchange-guard.ts); XML held for rewriting comes out of one memory budget
// with a share per client (body-budget.ts), is rewritten a piece at a time as
// it arrives (rewrite/body.ts) and goes to the client as fast as it reads
// (buffered-send.ts); one client holds at most its share of connections and
// of upstream sockets (client-limits.ts).
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { anyCidrContains, normalizeAddress, type Cidr } from '../../net/cidr.js';
import type { Catalog } from '../catalog/catalog.js';
import type { UpstreamEntry } from '../catalog/types.js';
import { upstreamRequestPath } from '../catalog/proxy-path.js';
import type { BridgeMetrics } from '../metrics/metrics.js';
import { createLogger, type Logger } from '../../util/logger.js';
import { redactUrl } from '../../util/redact-url.js';
import { observeProxyRequest, countRawAnswer } from '../metrics/proxy-metrics.js';
import {
  noEventRelayText,
  upstreamBadAnswerText,
  upstreamDownText,
  upstreamTimeoutText,
  upstreamUnreachableText,
  upstreamUnresolvableText,
} from './bad-gateway.js';
import { DEFAULT_MAX_REWRITE_BYTES, isRewritableContentType, XmlBodyRewriter } from '../rewrite/body.js';
import type { RewriteContext } from '../rewrite/context.js';
import { routeRequest } from './route.js';
import { listenOn } from '../../net/listen.js';
import { clientResponseHeaders, upstreamRequestHeaders } from '../rewrite/forward-headers.js';
import { checkCallback } from './gena-callback.js';
import { GenaRelay } from './gena-relay.js';
import { withResolvedAddress } from '../../net/address-url.js';
import { rewriteContextFor, socketAuthority } from '../rewrite/response-context.js';
import { requestFraming, withContentLength, type RequestFraming } from './framing.js';
import { invalidUpstreamStatus, relayableReason } from './upstream-status.js';
import { exchangeGuard, type Guard } from './exchange-guard.js';
import { BodyBudget, BudgetHold } from './body-budget.js';
import { sendBuffered } from './buffered-send.js';
import { ClientCounter } from './client-limits.js';
import { KeyedTokenBuckets } from '../../net/rate-limit.js';

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
  /** Connections one client address may hold at once; the rest of maxConnections stays for others. */
  maxConnectionsPerClient?: number;
  /** Sockets to each upstream (the agent's maxSockets). */
  upstreamSockets?: number;
  /** Requests one client may have in flight to the upstreams at once (each holds an upstream socket). */
  upstreamSocketsPerClient?: number;
  /** Memory for XML answers held to rewrite, all clients together. */
  rewriteBudgetBytes?: number;
  /** The share of rewriteBudgetBytes one client's answers may hold (at least twice maxRewriteBytes). */
  rewriteBudgetPerClientBytes?: number;
  /** How long an answer waits for room in the budget before its client gets 503. */
  budgetWaitMs?: number;
  /** A client that takes nothing of a buffered (rewritten) answer for this long is cut off. */
  sendStallMs?: number;
  /** Largest chunked request body (SOAP) collected to forward with a Content-Length; bigger: 413. */
  maxChunkedRequestBytes?: number;
}

export const PROXY_DEFAULTS = {
  maxHeaderBytes: 16 * 1024,
  headersTimeoutMs: 10_000,
  idleTimeoutMs: 120_000,
  keepAliveTimeoutMs: 15_000,
  upstreamTimeoutMs: 30_000,
  maxConnections: 256,
  maxConnectionsPerClient: 32,
  upstreamSockets: 64,
  upstreamSocketsPerClient: 16,
  rewriteBudgetBytes: 32 * 1024 * 1024,
  rewriteBudgetPerClientBytes: 16 * 1024 * 1024,
  budgetWaitMs: 2_000,
  sendStallMs: 20_000,
  maxChunkedRequestBytes: 64 * 1024,
} as const;

/** Budget taken at a time for an XML answer of unknown length (chunked). */
const BUDGET_STEP_BYTES = 256 * 1024;
/** Refusals of one client are logged at most once a minute (a flood would flood the log too). */
const REFUSAL_LOG = { burst: 1, perSecond: 1 / 60 };

/** What a GENA request adds to forwarding: headers the relay sets, and who learns the upstream's answer. */
interface GenaHooks {
  replace?: Record<string, string>;
  onAnswer(status: number, headers: http.IncomingHttpHeaders): void;
}

/** A request body as forwarded: already collected (chunked), or how to take it from the request. */
type RequestBody = Buffer | Exclude<RequestFraming, { kind: 'refuse' | 'chunked' }>;

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
  private readonly budgetWaitMs: number;
  private readonly sendStallMs: number;
  private readonly maxChunkedRequestBytes: number;
  private readonly agent: http.Agent;
  private readonly budget: BodyBudget;
  private readonly connections: ClientCounter;
  private readonly upstreamShare: ClientCounter;
  private readonly refusalLog = new KeyedTokenBuckets(REFUSAL_LOG);
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
    this.budgetWaitMs = options.budgetWaitMs ?? PROXY_DEFAULTS.budgetWaitMs;
    this.sendStallMs = options.sendStallMs ?? PROXY_DEFAULTS.sendStallMs;
    this.maxChunkedRequestBytes = options.maxChunkedRequestBytes ?? PROXY_DEFAULTS.maxChunkedRequestBytes;
    // A client's share must hold the largest answer it may be sent rewritten (and its growth:
    // rewritten URLs are longer), and fit in the whole.
    const perClientBytes = Math.max(
      options.rewriteBudgetPerClientBytes ?? PROXY_DEFAULTS.rewriteBudgetPerClientBytes,
      2 * this.maxRewriteBytes,
    );
    this.budget = new BodyBudget({
      totalBytes: Math.max(options.rewriteBudgetBytes ?? PROXY_DEFAULTS.rewriteBudgetBytes, perClientBytes),
      perClientBytes,
    });
    this.connections = new ClientCounter(options.maxConnectionsPerClient ?? PROXY_DEFAULTS.maxConnectionsPerClient);
    this.upstreamShare = new ClientCounter(options.upstreamSocketsPerClient ?? PROXY_DEFAULTS.upstreamSocketsPerClient);
    this.agent = new http.Agent({
      keepAlive: true,
      maxSockets: options.upstreamSockets ?? PROXY_DEFAULTS.upstreamSockets,
      maxFreeSockets: 16,
      timeout: 60_000,
    });
    this.relay = new GenaRelay(this.logger);
    const headersTimeout = options.headersTimeoutMs ?? PROXY_DEFAULTS.headersTimeoutMs;
    this.server = http.createServer(
      {
        maxHeaderSize: options.maxHeaderBytes ?? PROXY_DEFAULTS.maxHeaderBytes,
        headersTimeout,
        requestTimeout: Math.max(headersTimeout, 30_000),
        keepAliveTimeout: options.keepAliveTimeoutMs ?? PROXY_DEFAULTS.keepAliveTimeoutMs,
        // Node checks the two timeouts above only this often (default 30 s): a slowloris
        // connection, or one that never sends a byte, would outlive headersTimeout by that much.
        connectionsCheckingInterval: Math.min(1_000, headersTimeout),
      },
      (req, res) => {
        const guard = exchangeGuard((err) => this.failed(res, err));
        guard(() => this.handle(req, res, guard))();
      },
    );
    this.server.maxConnections = options.maxConnections ?? PROXY_DEFAULTS.maxConnections;
    this.server.on('connection', (socket: Socket) => this.admit(socket));
    this.server.setTimeout(options.idleTimeoutMs ?? PROXY_DEFAULTS.idleTimeoutMs);
    this.server.on('connect', (req: http.IncomingMessage, socket: Socket) => this.refuseConnect(req, socket));
    this.catalog.on('removed', this.onRemoved);
    this.catalog.on('added', this.onAdded);
  }

  /** Bytes of response bodies held for rewriting now (the body budget in use). */
  get heldBodyBytes(): number {
    return this.budget.used;
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

  /** Holds a client to its share of connections: one LAN host's hundreds of idle sockets never lock out the rest. */
  private admit(socket: Socket): void {
    const client = normalizeAddress(socket.remoteAddress ?? '');
    if (!this.connections.tryAcquire(client)) {
      if (this.refusalLog.take(client, Date.now())) {
        this.logger.warn(
          { client, limit: this.connections.perClient },
          'connection refused: this client already holds its share of connections',
        );
      }
      socket.destroy();
      return;
    }
    socket.once('close', () => this.connections.release(client));
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse, guard: Guard): void {
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
      this.logger.info(
        { client, method: req.method, url: redactUrl(target).slice(0, 200), status: route.status },
        'request refused',
      );
      this.plain(res, route.status, route.message);
      return;
    }
    const method = req.method ?? '';
    if (!ALLOWED_METHODS.has(method)) {
      this.plain(res, 405, `Method Not Allowed: ${method.slice(0, 32)}`, { Allow: [...ALLOWED_METHODS].join(', ') });
      return;
    }
    const framing = requestFraming(method, req.headers);
    if (framing.kind === 'refuse') {
      this.logger.warn(
        { client, method, status: framing.status },
        'request with a body the upstream could not frame refused',
      );
      // The body is not read: the connection closes after the answer, so none of it is parsed as a request either.
      this.plain(res, framing.status, framing.message, { Connection: 'close' });
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
    if (!this.upstreamShare.tryAcquire(client)) {
      if (this.refusalLog.take(client, Date.now())) {
        this.logger.warn(
          { client, limit: this.upstreamShare.perClient },
          'request refused: this client already holds its share of upstream sockets',
        );
      }
      this.plain(
        res,
        503,
        `Service Unavailable: ${client} already has ${this.upstreamShare.perClient} requests in progress; retry when one ends`,
        { 'Retry-After': '1' },
      );
      return;
    }
    res.once('close', () => this.upstreamShare.release(client));
    const dispatch = (body: RequestBody): void => {
      this.dispatch(
        req,
        res,
        entry,
        upstreamRequestPath(route.path, entry.location),
        client,
        tvCallbacks,
        body,
        guard,
      ).catch((err: unknown) => this.failed(res, err));
    };
    if (framing.kind !== 'chunked') {
      dispatch(framing);
      return;
    }
    // Chunked (SOAP from some control points): collected, then sent with a Content-Length.
    const chunks: Buffer[] = [];
    let size = 0;
    const collect = guard((chunk: Buffer) => {
      size += chunk.length;
      if (size <= this.maxChunkedRequestBytes) chunks.push(chunk);
      else {
        req.off('data', collect);
        chunks.length = 0;
        this.plain(
          res,
          413,
          `Payload Too Large: chunked request bodies are accepted up to ${this.maxChunkedRequestBytes} bytes`,
          { Connection: 'close' },
        );
      }
    });
    req.on('data', collect);
    req.on(
      'end',
      guard(() => {
        if (size <= this.maxChunkedRequestBytes) dispatch(Buffer.concat(chunks));
      }),
    );
  }

  /**
   * Where the request goes: the upstream's address (a named host resolved now,
   * as the sources do: minidlna refuses a Host that is a name, GUPnP one that is
   * not its own address), then forwarded; a new GENA subscription through the
   * event relay (gena-relay.ts), renewals and UNSUBSCRIBE with it informed.
   */
  private async dispatch(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    entry: UpstreamEntry,
    path: string,
    client: string,
    tvCallbacks: string[] | undefined,
    body: RequestBody,
    guard: Guard,
  ): Promise<void> {
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
      this.forward(req, res, entry, target, path, client, body, guard, {
        replace: { callback },
        onAnswer: (status, headers) => this.relay.subscribed(token, status, headers),
      });
    } else if ((method === 'SUBSCRIBE' || method === 'UNSUBSCRIBE') && typeof sid === 'string') {
      this.forward(req, res, entry, target, path, client, body, guard, {
        onAnswer: (status, headers) => this.relay.answered(method, sid, status, headers),
      });
    } else {
      this.forward(req, res, entry, target, path, client, body, guard);
    }
  }

  /** `target`: the upstream's URL with its address; its host:port is the Host the upstream gets (rewrite/forward-headers.ts). */
  private forward(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    entry: UpstreamEntry,
    target: URL,
    path: string,
    client: string,
    body: RequestBody,
    guard: Guard,
    gena?: GenaHooks,
  ): void {
    const localAuthority = socketAuthority(req.socket.localAddress, req.socket.localPort) ?? 'localhost';
    let headers = upstreamRequestHeaders(req.rawHeaders, {
      clientAddress: client,
      upstreamHost: target.host,
      ...(gena?.replace ? { replace: gena.replace } : {}),
    });
    if (Buffer.isBuffer(body)) headers = withContentLength(headers, body.length);
    else if (body.kind === 'none' && body.sayEmpty) headers = withContentLength(headers, 0);
    let upstreamReq: http.ClientRequest;
    try {
      upstreamReq = http.request({
        host: target.hostname.replace(/^\[|\]$/g, ''),
        port: target.port || 80,
        method: req.method,
        path,
        headers,
        setHost: false,
        agent: this.agent,
      });
    } catch (err) {
      // Node refuses paths with unescaped characters before sending anything.
      this.plain(res, 400, `Bad Request: ${(err as Error).message}`);
      return;
    }
    const headerTimer = setTimeout(
      guard(() => {
        this.logger.warn({ key: entry.key, timeoutMs: this.upstreamTimeoutMs }, 'upstream did not answer in time');
        upstreamReq.destroy(new Error(`no answer within ${this.upstreamTimeoutMs} ms`));
        this.plain(res, 504, upstreamTimeoutText(entry, this.upstreamTimeoutMs));
      }),
      this.upstreamTimeoutMs,
    );
    upstreamReq.on(
      'error',
      guard((err: NodeJS.ErrnoException) => {
        clearTimeout(headerTimer);
        // Already answered (504) or the client left: nothing more to say.
        if (res.writableEnded || res.destroyed) return;
        if (!res.headersSent) {
          this.logger.warn({ key: entry.key, upstream: entry.location.host, err: err.message }, 'upstream unreachable');
          this.plain(res, 502, upstreamUnreachableText(entry, err));
        } else {
          res.destroy();
        }
      }),
    );
    // The exchange ending before the upstream's answer did (the client left, a TV seeking drops
    // and re-requests; or the proxy answered 5xx itself) ends the upstream request too.
    let upstreamDone = false;
    res.on('close', () => {
      clearTimeout(headerTimer);
      if (!upstreamDone) upstreamReq.destroy();
    });
    // A client that resets mid-body: the upstream request goes too.
    req.on('error', () => upstreamReq.destroy());
    if (Buffer.isBuffer(body)) {
      this.metrics?.proxyBytes.inc({ direction: 'upstream' }, body.length);
      upstreamReq.end(body);
    } else if (body.kind === 'length') {
      let sent = 0;
      req.on('data', (chunk: Buffer) => (sent += chunk.length));
      req.on('end', () => this.metrics?.proxyBytes.inc({ direction: 'upstream' }, sent));
      req.pipe(upstreamReq);
    } else {
      upstreamReq.end();
    }
    upstreamReq.on(
      'response',
      guard((upRes: http.IncomingMessage) => {
        clearTimeout(headerTimer);
        upRes.once('end', () => (upstreamDone = true));
        // A body cut short after the headers went out cannot be told as a status: cut the client off too.
        // (Before that, 'close' handlers answer 502.)
        upRes.on('error', () => {
          if (res.headersSent) res.destroy();
        });
        gena?.onAnswer(upRes.statusCode ?? 0, upRes.headers);
        if (res.writableEnded || res.destroyed) {
          // Answered already (504) or the client left.
          upRes.destroy();
          return;
        }
        const invalid = invalidUpstreamStatus(upRes.statusCode);
        if (invalid) {
          this.logger.warn(
            { key: entry.key, status: upRes.statusCode },
            'upstream answered with an invalid status line',
          );
          upRes.destroy();
          this.plain(res, 502, upstreamBadAnswerText(entry, `an invalid ${invalid}`));
          return;
        }
        const ctx = rewriteContextFor({
          entry,
          hostHeader: req.headers.host,
          localAuthority,
          peerAuthority: socketAuthority(upRes.socket?.remoteAddress, upRes.socket?.remotePort),
        });
        this.respond(req, res, upRes, ctx, entry, client, guard);
      }),
    );
  }

  private respond(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    upRes: http.IncomingMessage,
    ctx: RewriteContext,
    entry: UpstreamEntry,
    client: string,
    guard: Guard,
  ): void {
    const status = upRes.statusCode!;
    const reason = relayableReason(upRes.statusMessage);
    const { headers, rewrites } = clientResponseHeaders(upRes.rawHeaders, ctx);
    if (rewrites > 0) this.metrics?.rewrites.inc({ kind: 'header' }, rewrites);
    const hasBody = req.method !== 'HEAD' && status !== 204 && status !== 304 && status >= 200;
    const encoding = String(upRes.headers['content-encoding'] ?? 'identity').toLowerCase();
    const declared = Number(upRes.headers['content-length'] ?? NaN);
    const xml = isRewritableContentType(upRes.headers['content-type']);
    if (hasBody && xml && encoding !== 'identity') this.metrics?.rewrites.inc({ kind: 'skipped_encoded' });
    if (!hasBody || !xml || encoding !== 'identity' || declared > this.maxRewriteBytes) {
      if (hasBody && xml && declared > this.maxRewriteBytes) this.skippedLarge(entry, declared);
      res.writeHead(status, reason, headers);
      this.stream(res, upRes);
      return;
    }
    this.collect(
      res,
      upRes,
      { status, reason, headers },
      ctx,
      entry,
      client,
      Number.isFinite(declared) ? declared : undefined,
      guard,
    );
  }

  /**
   * Reads an XML answer whole, to rewrite it, within the body budget: bytes
   * are taken from the budget before they are read from the upstream (all of
   * a declared length at once, else a step at a time), and the upstream waits
   * (paused) while there is no room; after budgetWaitMs the client gets 503.
   * What is held is given back when the client's exchange ends.
   */
  private collect(
    res: http.ServerResponse,
    upRes: http.IncomingMessage,
    head: { status: number; reason: string | undefined; headers: string[] },
    ctx: RewriteContext,
    entry: UpstreamEntry,
    client: string,
    declared: number | undefined,
    guard: Guard,
  ): void {
    const hold = new BudgetHold(this.budget, client);
    res.once('close', () => hold.release());
    // Rewritten a piece at a time as it arrives: what is held is the output, not copies of the input.
    const rewriter = new XmlBodyRewriter(ctx);
    let size = 0;
    let idle: NodeJS.Timeout | undefined;
    /** When the upstream last sent a piece: one timer checks it, instead of a timer re-armed per chunk. */
    let lastData = 0;
    const stop = (): void => {
      clearTimeout(idle);
      idle = undefined;
      upRes.off('data', onData);
      upRes.off('end', onEnd);
      upRes.off('close', onClose);
    };
    /** An upstream that stops sending mid-answer (headers, then silence) is not waited for forever. */
    const idleCheck = guard(() => {
      const quietMs = Date.now() - lastData;
      if (quietMs < this.upstreamTimeoutMs) {
        idle = setTimeout(idleCheck, this.upstreamTimeoutMs - quietMs);
        return;
      }
      stop();
      this.logger.warn(
        { key: entry.key, timeoutMs: this.upstreamTimeoutMs, bytes: size },
        'upstream stopped sending its answer',
      );
      upRes.destroy();
      this.plain(res, 504, upstreamTimeoutText(entry, this.upstreamTimeoutMs));
    });
    const armIdle = (): void => {
      lastData = Date.now();
      idle ??= setTimeout(idleCheck, this.upstreamTimeoutMs);
    };
    const reserve = (bytes: number): void => {
      upRes.pause();
      // Waiting for budget is bounded by budgetWaitMs, not the upstream's silence.
      clearTimeout(idle);
      idle = undefined;
      hold.grow(
        bytes,
        this.budgetWaitMs,
        guard((ok: boolean) => {
          if (ok) {
            armIdle();
            upRes.resume();
            return;
          }
          stop();
          upRes.destroy();
          if (res.destroyed) return; // the client left while waiting
          if (this.refusalLog.take(`budget ${client}`, Date.now())) {
            this.logger.warn(
              { client, key: entry.key, heldBytes: this.budget.used, clientBytes: this.budget.usedBy(client) },
              'rewrite budget exhausted: answered 503',
            );
          }
          this.plain(
            res,
            503,
            'Service Unavailable: the bridge holds as many answers as its memory allows; retry shortly',
            { 'Retry-After': '2' },
          );
        }),
      );
    };
    const onData = guard((chunk: Buffer) => {
      armIdle();
      size += chunk.length;
      rewriter.push(chunk);
      hold.cover(rewriter.heldBytes);
      if (size > this.maxRewriteBytes) {
        // Too big to rewrite after all (chunked, no length given): send what we
        // have and stream the rest as it comes. URLs in the rest stay unrewritten.
        stop();
        upRes.pause();
        this.skippedLarge(entry, size);
        res.writeHead(head.status, head.reason, head.headers);
        let sent = 0;
        for (const piece of rewriter.abandon()) {
          res.write(piece);
          sent += piece.length;
        }
        this.metrics?.proxyBytes.inc({ direction: 'downstream' }, sent);
        this.stream(res, upRes);
      } else if ((declared === undefined || size < declared) && rewriter.heldBytes >= hold.held) {
        // More to come and no room left (no length given, or the rewrite grew the body): wait for more.
        reserve(BUDGET_STEP_BYTES);
      }
    });
    const onEnd = guard(() => {
      stop();
      const result = rewriter.end();
      hold.cover(result.length);
      if (result.rewrites > 0) this.metrics?.rewrites.inc({ kind: result.description ? 'description' : 'xml' });
      res.writeHead(head.status, head.reason, withContentLength(head.headers, result.length));
      sendBuffered(res, result.pieces, this.sendStallMs);
      this.metrics?.proxyBytes.inc({ direction: 'downstream' }, result.length);
    });
    /** The upstream broke off (reset, closed early): nothing was sent yet, so the client learns it as a 502. */
    const onClose = guard(() => {
      stop();
      if (upRes.complete || res.writableEnded || res.destroyed) return;
      this.logger.warn({ key: entry.key, bytes: size }, 'upstream broke off its answer');
      this.plain(res, 502, upstreamBadAnswerText(entry, 'it broke off its answer'));
    });
    upRes.on('data', onData);
    upRes.on('end', onEnd);
    upRes.on('close', onClose);
    reserve(declared ?? BUDGET_STEP_BYTES);
  }

  /** Pipes the upstream body to the client without buffering; backpressure both ways. Headers are sent. */
  private stream(res: http.ServerResponse, upRes: http.IncomingMessage): void {
    let bytes = 0;
    upRes.on('data', (chunk: Buffer) => (bytes += chunk.length));
    upRes.pipe(res);
    const done = (): void => {
      this.metrics?.proxyBytes.inc({ direction: 'downstream' }, bytes);
      bytes = 0;
    };
    upRes.on('end', done);
    upRes.on('error', done);
    // Closed before its end (reset mid-body): the client must not take a short body for a whole one.
    upRes.on('close', () => {
      if (!upRes.complete) res.destroy();
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
    this.logger.warn(
      { key: entry.key, bytes, max: this.maxRewriteBytes },
      'XML body too large to rewrite; passed through unchanged',
    );
  }

  private refuseConnect(req: http.IncomingMessage, socket: Socket): void {
    const body = 'Method Not Allowed: CONNECT; this is not an open proxy\n';
    this.logger.warn(
      { client: normalizeAddress(req.socket.remoteAddress ?? ''), target: (req.url ?? '').slice(0, 200) },
      'CONNECT refused',
    );
    countRawAnswer(this.metrics?.proxy, 'CONNECT', 405);
    socket.on('error', () => socket.destroy());
    socket.end(
      `HTTP/1.1 405 Method Not Allowed\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  }

  /** An exchange's guard tripped: a 502 if nothing was sent yet, else the connection is cut; the process goes on. */
  private failed(res: http.ServerResponse, err: unknown): void {
    this.logger.error(
      { err: err instanceof Error ? (err.stack ?? err.message) : String(err) },
      'proxy exchange failed',
    );
    try {
      this.plain(res, 502, 'Bad Gateway: the upstream answer could not be relayed', { Connection: 'close' });
    } catch {
      res.destroy();
    }
  }

  private plain(res: http.ServerResponse, status: number, message: string, extra: Record<string, string> = {}): void {
    if (res.writableEnded) return;
    if (res.headersSent) {
      res.destroy();
      return;
    }
    const body = `${message}\n`;
    res.writeHead(status, {
      'Content-Type': 'text/plain; charset=utf-8',
      'Content-Length': Buffer.byteLength(body),
      ...extra,
    });
    res.end(body);
  }
}
