// GENA event relay: the TV's SUBSCRIBE goes to the upstream with a CALLBACK on
// the bridge, and the upstream's NOTIFYs are passed on to the TV's own
// CALLBACK. Why not let the upstream call the TV directly: minidlna and GUPnP
// (Rygel) accept only callbacks on their own network (their CallStranger
// guard: 412), and a pod's network is never the TV's LAN; and where the pod
// network cannot reach the LAN at all, events would be lost.
//
// The relay's callback is on the node's own address toward the upstream (the
// source address the kernel picks to reach it: cni0's on a cluster node), on a
// port of its own chosen by the kernel, so it is never on the LAN address.
// It accepts only NOTIFY, only to a live relay token (122 random bits, sent
// to that upstream alone); bodies and waiting are bounded. The sender's address
// is not checked: behind a Kubernetes Service the NOTIFY comes from the pod,
// not from the address the upstream's name resolves to.
import { randomUUID } from 'node:crypto';
import dgram from 'node:dgram';
import { lookup } from 'node:dns/promises';
import http from 'node:http';
import type { Logger } from '../../util/logger.js';
import { listenOn } from '../../net/listen.js';
import { parseTimeoutHeader, SubscriptionTable } from './gena-subscriptions.js';

const MAX_NOTIFY_BYTES = 1024 * 1024;
const DELIVERY_TIMEOUT_MS = 5_000;
/** Headers of a NOTIFY that describe the event (UDA 4.2.2); the rest is this hop's. */
const EVENT_HEADERS = ['content-type', 'nt', 'nts', 'sid', 'seq'];
const PATH_PREFIX = '/gena/';

export interface RelayedCallback {
  /** The relay token (pass it back with the upstream's answer). */
  token: string;
  /** The CALLBACK header value to send the upstream instead of the TV's. */
  callback: string;
}

/** The node's source address toward `host` (UDP connect sends nothing; the kernel picks the route). */
async function localAddressToward(host: string): Promise<string> {
  const { address, family } = await lookup(host);
  const socket = dgram.createSocket(family === 6 ? 'udp6' : 'udp4');
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.connect(9, address, () => resolve());
    });
    return socket.address().address;
  } finally {
    socket.close();
  }
}

export class GenaRelay {
  private readonly table = new SubscriptionTable();
  /** One listener per local address, made on first use. */
  private readonly listeners = new Map<string, Promise<{ server: http.Server; port: number }>>();

  constructor(private readonly logger: Logger) {}

  /**
   * Registers the TV's callback URLs for a new subscription to the upstream at
   * `upstreamHost` and returns the relay's CALLBACK for it; undefined when the
   * table is full (the caller answers 503).
   */
  async prepare(upstreamHost: string, tvCallbacks: string[]): Promise<RelayedCallback | undefined> {
    const local = await localAddressToward(upstreamHost);
    const { port } = await this.listenerFor(local);
    const token = randomUUID();
    if (!this.table.add({ token, callbacks: tvCallbacks }, Date.now())) return undefined;
    const host = local.includes(':') ? `[${local}]` : local;
    return { token, callback: `<http://${host}:${port}${PATH_PREFIX}${token}>` };
  }

  /** The upstream's answer to a relayed new SUBSCRIBE. */
  subscribed(token: string, status: number, headers: http.IncomingHttpHeaders): void {
    const sid = headers['sid'];
    if (status === 200 && typeof sid === 'string' && sid)
      this.table.confirm(token, sid, parseTimeoutHeader(String(headers['timeout'] ?? '')), Date.now());
    else this.table.remove(token);
  }

  /** The upstream's answer to a renewal (SUBSCRIBE with SID) or an UNSUBSCRIBE. */
  answered(method: string, sid: string, status: number, headers: http.IncomingHttpHeaders): void {
    if (method === 'UNSUBSCRIBE' || status === 412) this.table.removeSid(sid);
    else if (status === 200) this.table.renew(sid, parseTimeoutHeader(String(headers['timeout'] ?? '')), Date.now());
  }

  async close(): Promise<void> {
    const servers = await Promise.all([...this.listeners.values()].map((p) => p.catch(() => undefined)));
    this.listeners.clear();
    await Promise.all(
      servers.map(
        (s) =>
          s &&
          new Promise<void>((resolve) => {
            s.server.close(() => resolve());
            s.server.closeAllConnections();
          }),
      ),
    );
  }

  private listenerFor(local: string): Promise<{ server: http.Server; port: number }> {
    let listener = this.listeners.get(local);
    if (!listener) {
      const server = http.createServer(
        { headersTimeout: 10_000, requestTimeout: 30_000, maxHeaderSize: 16 * 1024 },
        (req, res) => this.onNotify(req, res),
      );
      server.maxConnections = 64;
      listener = listenOn(server, 0, local).then((a) => {
        this.logger.info({ address: local, port: a.port }, 'GENA event relay listening');
        return { server, port: a.port };
      });
      listener.catch(() => this.listeners.delete(local));
      this.listeners.set(local, listener);
    }
    return listener;
  }

  private onNotify(req: http.IncomingMessage, res: http.ServerResponse): void {
    const reply = (status: number): void => {
      res.writeHead(status, { 'Content-Length': 0 });
      res.end();
    };
    const path = req.url ?? '';
    const sub =
      req.method === 'NOTIFY' && path.startsWith(PATH_PREFIX)
        ? this.table.lookup(path.slice(PATH_PREFIX.length), Date.now())
        : undefined;
    if (!sub) {
      // Unknown, expired or from elsewhere: GENA's "no such subscription".
      req.resume();
      reply(412);
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_NOTIFY_BYTES) {
        reply(413);
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (size > MAX_NOTIFY_BYTES) return;
      const body = Buffer.concat(chunks);
      const headers: Record<string, string> = {};
      for (const name of EVENT_HEADERS) {
        const value = req.headers[name];
        if (typeof value === 'string') headers[name.toUpperCase()] = value;
      }
      void this.deliver(sub.callbacks, headers, body).then((status) => reply(status));
    });
  }

  /** NOTIFY to the TV's callbacks in order until one answers; its status, or 502 when none did. */
  private async deliver(callbacks: string[], headers: Record<string, string>, body: Buffer): Promise<number> {
    for (const callback of callbacks) {
      const status = await new Promise<number | undefined>((resolve) => {
        const url = new URL(callback);
        const req = http.request(
          {
            host: url.hostname,
            port: url.port || 80,
            path: url.pathname + url.search,
            method: 'NOTIFY',
            headers: { ...headers, 'Content-Length': body.length },
            timeout: DELIVERY_TIMEOUT_MS,
          },
          (res) => {
            res.resume();
            resolve(res.statusCode);
          },
        );
        req.on('timeout', () => req.destroy(new Error('timeout')));
        req.on('error', () => resolve(undefined));
        req.end(body);
      });
      if (status !== undefined) return status;
    }
    this.logger.info({ callbacks: callbacks.length }, 'GENA event not delivered: no callback answered');
    return 502;
  }
}
