// A UDP socket for SSDP on one interface, and nothing else: binding (with
// retries), group membership, multicast interface and TTL, sending with a
// promise that resolves once the datagram is handed to the kernel. Socket
// errors are logged and counted, never thrown at the caller: the daemon must
// outlive an interface that flaps.
import dgram from 'node:dgram';
import type { Logger } from '../../util/logger.js';
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
   * 'interface-group': hear only group datagrams that arrived on this
   * interface (see joinOnlyHere). For the pod side, where the LAN must not be heard.
   * 'reply': bind interfaceAddress:1900 shared, no membership: M-SEARCH answers
   * leave from port 1900 on a socket of their own, so a send queue stuck on
   * unresolvable neighbours never delays the group socket's NOTIFYs; unicast
   * searches to interfaceAddress:1900 arrive here (the more specific bind wins).
   * 'unicast': bind interfaceAddress on an ephemeral port, for sending searches
   * and hearing their answers.
   */
  mode: 'group' | 'interface-group' | 'reply' | 'unicast';
  /**
   * 'interface-group' only: the other interfaces of the host, one IPv4 address
   * each, read again every `rejoinMs` (interfaces come and go).
   */
  otherInterfaces?: () => string[];
  rejoinMs?: number;
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
  private rejoinTimer: NodeJS.Timeout | undefined;
  /** Interfaces whose group datagrams this socket refuses (interface-group mode). */
  private excluded = new Set<string>();

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
    const socket = dgram.createSocket({ type: 'udp4', reuseAddr: o.mode !== 'unicast' });
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
      const address =
        o.mode === 'group' ? '0.0.0.0' : o.mode === 'interface-group' ? SSDP_MULTICAST_ADDRESS : o.interfaceAddress;
      const port = o.mode === 'unicast' ? 0 : (o.port ?? SSDP_PORT);
      socket.bind({ port, address }, () => {
        try {
          socket.setMulticastTTL(o.ttl);
          socket.setMulticastInterface(o.interfaceAddress);
          // Loopback stays on so other SSDP software on this host hears us; we drop our own echo.
          socket.setMulticastLoopback(true);
          if (o.mode === 'group' || o.mode === 'interface-group')
            socket.addMembership(SSDP_MULTICAST_ADDRESS, o.interfaceAddress);
          if (o.mode === 'interface-group') {
            this.excluded = new Set();
            this.joinOnlyHere(socket);
          }
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

  /**
   * Makes this socket deaf to group datagrams from every other interface.
   * node:dgram has no SO_BINDTODEVICE, IP_PKTINFO or IP_MULTICAST_ALL, and by
   * default (IP_MULTICAST_ALL=1) a socket hears the group from every interface
   * any socket joined it on: a LAN host could claim a pod address as its
   * source. But the kernel's per-socket check (ip_mc_sf_allow) looks up this
   * socket's membership for (group, arrival interface): when there is one, only
   * its sources pass. So on each other interface we join source-specifically
   * with that interface's own address as the only source: the LAN's datagrams
   * are refused by the kernel, whatever source address they claim (our own
   * looped-back NOTIFYs still pass and are dropped by the caller as ours).
   */
  private joinOnlyHere(socket: dgram.Socket): void {
    const o = this.options;
    for (const address of o.otherInterfaces?.() ?? []) {
      if (this.excluded.has(address) || address === o.interfaceAddress) continue;
      try {
        socket.addSourceSpecificMembership(address, SSDP_MULTICAST_ADDRESS, address);
        this.excluded.add(address);
      } catch (err) {
        // Left open: that interface's group datagrams reach this socket. Said once.
        this.excluded.add(address);
        o.logger.warn(
          { iface: o.interfaceName, other: address, err: (err as Error).message },
          'ssdp: cannot shut out the group datagrams of another interface',
        );
      }
    }
    if (!this.rejoinTimer && o.otherInterfaces) {
      this.rejoinTimer = setInterval(() => {
        if (this.socket && this.bound) this.joinOnlyHere(this.socket);
      }, o.rejoinMs ?? 30_000);
      this.rejoinTimer.unref();
    }
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
    if (!socket || !this.bound)
      return Promise.reject(new Error(`ssdp socket on ${this.options.interfaceName} is not bound`));
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
    if (this.rejoinTimer) clearInterval(this.rejoinTimer);
    this.rejoinTimer = undefined;
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
