// A UDP socket for SSDP on one interface, and nothing else: binding (with
// retries), group membership, multicast interface and TTL, sending with a
// promise that resolves once the datagram is handed to the kernel. Socket
// errors are logged and counted, never thrown at the caller: the daemon must
// outlive an interface that flaps.
import dgram from 'node:dgram';
import type { Logger } from '../util/logger.js';
import { SSDP_MULTICAST_ADDRESS, SSDP_PORT } from './constants.js';

export interface SsdpSocketOptions {
  /** IPv4 address of the interface: group membership and outgoing multicast use it. */
  interfaceAddress: string;
  /** Interface name, for logs. */
  interfaceName: string;
  /**
   * 'group': bind 0.0.0.0:1900 shared (reuseAddr) and join 239.255.255.250 on
   * the interface; the kernel delivers multicast only to sockets bound to
   * INADDR_ANY or the group (pupnp PR #601), so never bind the unicast address.
   * 'unicast': bind interfaceAddress on an ephemeral port, for sending searches
   * and hearing their answers.
   */
  mode: 'group' | 'unicast';
  port?: number;
  ttl: number;
  onMessage: (datagram: Buffer, rinfo: dgram.RemoteInfo) => void;
  onError?: (err: Error) => void;
  logger: Logger;
  /** Delay before a failed bind is retried. */
  retryMs?: number;
}

/** What the engine, the cluster source and discover need from a socket (tests substitute a fake). */
export interface SsdpSocketLike {
  readonly listening: boolean;
  readonly port: number | undefined;
  start(): Promise<boolean>;
  send(datagram: Buffer, port: number, address: string): Promise<void>;
  sendMulticast(datagram: Buffer): Promise<void>;
  close(): Promise<void>;
}

export type SsdpSocketFactory = (options: SsdpSocketOptions) => SsdpSocketLike;

export const createSsdpSocket: SsdpSocketFactory = (options) => new SsdpSocket(options);

export class SsdpSocket implements SsdpSocketLike {
  private socket: dgram.Socket | undefined;
  private bound = false;
  private closed = false;
  private retryTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: SsdpSocketOptions) {}

  get listening(): boolean {
    return this.bound;
  }

  /** Local port once bound (the ephemeral one in unicast mode). */
  get port(): number | undefined {
    return this.bound ? this.socket?.address().port : undefined;
  }

  /** Binds; resolves true when bound, false when it failed (a retry is then scheduled). */
  start(): Promise<boolean> {
    this.closed = false;
    return this.bind();
  }

  private bind(): Promise<boolean> {
    const o = this.options;
    const socket = dgram.createSocket({ type: 'udp4', reuseAddr: o.mode === 'group' });
    this.socket = socket;
    return new Promise((resolve) => {
      let settled = false;
      const failed = (err: Error): void => {
        this.report(err, 'bind');
        this.teardown(socket);
        this.scheduleRetry();
        if (!settled) {
          settled = true;
          resolve(false);
        }
      };
      socket.once('error', failed);
      socket.on('message', (msg, rinfo) => o.onMessage(msg, rinfo));
      const address = o.mode === 'group' ? '0.0.0.0' : o.interfaceAddress;
      const port = o.mode === 'group' ? (o.port ?? SSDP_PORT) : 0;
      socket.bind({ port, address }, () => {
        try {
          socket.setMulticastTTL(o.ttl);
          socket.setMulticastInterface(o.interfaceAddress);
          // Loopback stays on so other SSDP software on this host hears us; we drop our own echo.
          socket.setMulticastLoopback(true);
          if (o.mode === 'group') socket.addMembership(SSDP_MULTICAST_ADDRESS, o.interfaceAddress);
        } catch (err) {
          failed(err as Error);
          return;
        }
        socket.off('error', failed);
        socket.on('error', (err) => {
          // After a successful bind an error means the socket is unusable: rebind.
          this.report(err, 'socket');
          this.teardown(socket);
          this.scheduleRetry();
        });
        this.bound = true;
        o.logger.debug({ iface: o.interfaceName, mode: o.mode, port: socket.address().port }, 'ssdp socket bound');
        settled = true;
        resolve(true);
      });
    });
  }

  private report(err: Error, phase: string): void {
    this.options.logger.warn({ iface: this.options.interfaceName, phase, err: err.message }, 'ssdp socket error');
    this.options.onError?.(err);
  }

  private teardown(socket: dgram.Socket): void {
    this.bound = false;
    socket.removeAllListeners('message');
    socket.on('error', () => {}); // a closing socket may still emit
    try {
      socket.close();
    } catch {
      // already closed
    }
    if (this.socket === socket) this.socket = undefined;
  }

  private scheduleRetry(): void {
    if (this.closed || this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      if (!this.closed) void this.bind();
    }, this.options.retryMs ?? 5_000);
  }

  /** Sends one datagram; resolves once the kernel took it, rejects if it refused or we are not bound. */
  send(datagram: Buffer, port: number, address: string): Promise<void> {
    const socket = this.socket;
    if (!socket || !this.bound) return Promise.reject(new Error(`ssdp socket on ${this.options.interfaceName} is not bound`));
    return new Promise((resolve, reject) => {
      try {
        socket.send(datagram, port, address, (err) => (err ? reject(err) : resolve()));
      } catch (err) {
        reject(err as Error);
      }
    });
  }

  sendMulticast(datagram: Buffer): Promise<void> {
    return this.send(datagram, this.options.port ?? SSDP_PORT, SSDP_MULTICAST_ADDRESS);
  }

  close(): Promise<void> {
    this.closed = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    const socket = this.socket;
    if (!socket) return Promise.resolve();
    this.bound = false;
    this.socket = undefined;
    return new Promise((resolve) => {
      socket.removeAllListeners('message');
      socket.on('error', () => {});
      try {
        socket.close(() => resolve());
      } catch {
        resolve();
      }
    });
  }
}
