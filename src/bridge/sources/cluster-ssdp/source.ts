// `--cluster-interface IF`: a Source that finds MediaServers on the pod network
// by SSDP on that interface (e.g. cni0): it hears their NOTIFYs, searches for
// them periodically, fetches each LOCATION (bounded) and reports up/down to the
// catalog. It follows a server that changes address (same UDN, new LOCATION)
// and reports it down when its description stops answering (a byebye or an
// expired max-age only triggers that check: see tracker.ts).
//
// Trust: this source hears only what really arrived on the pod-side interface.
// The group listener is an 'interface-group' socket (the kernel refuses group
// datagrams that arrived on any other interface, whatever source they claim),
// and search answers count only on the searcher's ephemeral port, within the
// MX window of our own search, for a LOCATION on the sender's own address.
// Everything it fetches is http:// on this interface's subnets, no userinfo.
import type dgram from 'node:dgram';
import os from 'node:os';
import type { SourceEvent } from '../../catalog/types.js';
import type { Source } from '../source.js';
import { anyCidrContains, cidrContains, type Cidr } from '../../../net/cidr.js';
import { parseSsdp, serializeSearch, type NotifyMessage, type ResponseMessage } from '../../ssdp/codec.js';
import { DEFAULT_TTL } from '../../ssdp/constants.js';
import { parseTypeUrn } from '../../ssdp/match.js';
import { isOurProduct, productString } from '../../ssdp/product.js';
import { createSsdpSocket, type SsdpSocketFactory, type SsdpSocketLike } from '../../ssdp/socket.js';
import { createLogger, type Logger } from '../../../util/logger.js';
import { parseDeviceDescription } from '../../upnp/description.js';
import { fetchDescription } from '../static-url/description-probe.js';
import { udnOfUsn } from '../../ssdp/targets.js';
import { ServerTracker, type FetchResult, type TrackerAction } from './tracker.js';

export const MEDIA_SERVER_TYPE = 'urn:schemas-upnp-org:device:MediaServer:1';

export interface ClusterSsdpSourceOptions {
  /** The pod-side interface: name, IPv4 address and its subnets. */
  iface: { name: string; address: string; subnets: Cidr[] };
  /** M-SEARCH period; servers that only answer searches are still found. */
  searchIntervalMs?: number;
  /** MX of our searches; start() waits about this long for the first answers. */
  searchMx?: number;
  fetchTimeoutMs?: number;
  ttl?: number;
  logger?: Logger;
  now?: () => number;
  createSocket?: SsdpSocketFactory;
  /** Fetches a description (tests substitute one). */
  fetchDescription?: (url: URL) => Promise<string>;
  /** One IPv4 address of each other interface of the host (tests substitute a list). */
  otherInterfaces?: () => string[];
}

/** Search answers arriving later than this after our search's MX window are not ours. */
const ANSWER_GRACE_MS = 1_000;

/** One IPv4 address of every interface but `name`: the ones the pod-side listener must not hear. */
export function otherInterfaceAddresses(name: string, table = os.networkInterfaces()): string[] {
  return Object.entries(table).flatMap(([ifname, infos]) => {
    if (ifname === name) return [];
    const v4 = (infos ?? []).find((i) => i.family === 'IPv4');
    return v4 ? [v4.address] : [];
  });
}

const MEDIA_SERVER_STEM = 'urn:schemas-upnp-org:device:MediaServer';

function isMediaServerType(nt: string): boolean {
  const urn = parseTypeUrn(nt);
  return urn !== undefined && urn.stem === MEDIA_SERVER_STEM && urn.version >= 1;
}

export class ClusterSsdpSource implements Source {
  readonly name: string;
  private readonly log: Logger;
  private readonly tracker = new ServerTracker();
  private readonly now: () => number;
  private listener: SsdpSocketLike | undefined;
  private searcher: SsdpSocketLike | undefined;
  private emit: ((event: SourceEvent) => void) | undefined;
  private timers: NodeJS.Timeout[] = [];
  private readonly fetches = new Set<Promise<void>>();
  private stopped = false;
  /** Search answers are taken until then (our last search's MX window plus a grace). */
  private answersUntil = 0;

  constructor(private readonly options: ClusterSsdpSourceOptions) {
    this.name = `cluster-ssdp:${options.iface.name}`;
    this.log = (options.logger ?? createLogger('silent')).child({
      component: 'cluster-ssdp',
      iface: options.iface.name,
    });
    this.now = options.now ?? Date.now;
  }

  async start(emit: (event: SourceEvent) => void): Promise<void> {
    this.emit = emit;
    this.stopped = false;
    const create = this.options.createSocket ?? createSsdpSocket;
    const common = {
      interfaceAddress: this.options.iface.address,
      interfaceName: this.options.iface.name,
      ttl: this.options.ttl ?? DEFAULT_TTL,
      logger: this.log,
    };
    const iface = this.options.iface.name;
    this.listener = create({
      ...common,
      mode: 'interface-group',
      otherInterfaces: this.options.otherInterfaces ?? (() => otherInterfaceAddresses(iface)),
      onMessage: (msg: Buffer, rinfo: dgram.RemoteInfo) => this.receive(msg, rinfo, 'group'),
    });
    this.searcher = create({
      ...common,
      mode: 'unicast',
      onMessage: (msg: Buffer, rinfo: dgram.RemoteInfo) => this.receive(msg, rinfo, 'answer'),
    });
    await Promise.all([this.listener.start(), this.searcher.start()]);
    this.timers.push(setInterval(() => this.apply(this.tracker.expire(this.now())), 2_000));
    this.timers.push(setInterval(() => void this.search(), this.options.searchIntervalMs ?? 60_000));
    // The first look: one search, its MX window, then the fetches it started.
    await this.search();
    await new Promise((r) => setTimeout(r, (this.options.searchMx ?? 1) * 1000 + 300));
    await Promise.allSettled([...this.fetches]);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    await Promise.all([this.listener?.close(), this.searcher?.close()]);
    await Promise.allSettled([...this.fetches]);
  }

  /** Sends M-SEARCH for MediaServer twice (UDP is lossy), 200 ms apart. */
  private async search(): Promise<void> {
    const searcher = this.searcher;
    if (!searcher || this.stopped) return;
    const mx = this.options.searchMx ?? 1;
    const datagram = serializeSearch({ st: MEDIA_SERVER_TYPE, mx, userAgent: productString() });
    this.answersUntil = this.now() + 200 + mx * 1000 + ANSWER_GRACE_MS;
    for (let i = 0; i < 2; i++) {
      if (i > 0) await new Promise((r) => setTimeout(r, 200));
      await searcher
        .sendMulticast(datagram)
        .catch((err: Error) => this.log.debug({ err: err.message }, 'pod-side M-SEARCH not sent'));
    }
  }

  private receive(datagram: Buffer, rinfo: dgram.RemoteInfo, via: 'group' | 'answer'): void {
    // Only senders on this interface's subnets count (the kernel already kept
    // the other interfaces' group datagrams out; this drops our own LAN side's).
    if (!anyCidrContains(this.options.iface.subnets, rinfo.address)) return;
    const parsed = parseSsdp(datagram);
    if (!parsed.ok) return;
    const m = parsed.message;
    if (m.type === 'search' || isOurProduct(m.server)) return;
    // NOTIFYs come to the group; answers, to the searcher. An answer is a
    // unicast datagram, which no socket option in node:dgram can tie to an
    // interface: it counts only in the window after our own search, and only
    // for a LOCATION on its sender's address (below).
    if (via === 'group' ? m.type !== 'notify' : m.type !== 'response' || this.now() > this.answersUntil) return;
    if (m.type === 'notify' && m.nts === 'ssdp:byebye') {
      this.apply(this.tracker.byebye(udnOfUsn(m.usn)));
      return;
    }
    const target = m.type === 'notify' ? m.nt : m.st;
    if (!isMediaServerType(target) || m.location === undefined) return;
    this.heard(m, m.location, via === 'answer' ? rinfo.address : undefined);
  }

  private heard(m: NotifyMessage | ResponseMessage, location: string, sender: string | undefined): void {
    let url: URL;
    try {
      url = new URL(location);
    } catch {
      return;
    }
    // The bridge fetches LOCATION and later proxies TVs to it: only plain http
    // servers on this pod network, never an address a hostile announcement picked.
    const onThisNetwork =
      url.protocol === 'http:' &&
      url.username === '' &&
      url.password === '' &&
      this.options.iface.subnets.some((c) => cidrContains(c, url.hostname));
    if (!onThisNetwork || (sender !== undefined && url.hostname !== sender)) {
      this.log.warn(
        { location: `${url.protocol}//${url.host}${url.pathname}`, usn: m.usn },
        'pod-side announcement with a LOCATION off this interface (or not its sender); ignored',
      );
      return;
    }
    this.apply(
      this.tracker.alive(
        { udn: udnOfUsn(m.usn), location: url.href, maxAge: m.maxAge, bootId: m.bootId, configId: m.configId },
        this.now(),
      ),
    );
  }

  private apply(actions: TrackerAction[]): void {
    for (const a of actions) {
      if (a.kind === 'fetch')
        this.startFetch(a.udn, a.location, (r) => this.tracker.fetched(a.udn, a.location, r, this.now()));
      else if (a.kind === 'confirm') {
        this.log.info(
          { udn: a.udn, location: a.location, reason: a.reason },
          'pod-side MediaServer: checking its description before withdrawing it',
        );
        this.startFetch(a.udn, a.location, (r) => this.tracker.confirmed(a.udn, a.location, r, this.now()));
      } else if (a.kind === 'up') {
        this.log.info({ udn: a.udn, location: a.location }, 'pod-side MediaServer up');
        this.emit?.({
          kind: 'up',
          source: this.name,
          location: new URL(a.location),
          descriptionText: a.descriptionText,
        });
      } else {
        this.log.info({ udn: a.udn, location: a.location, reason: a.reason }, 'pod-side MediaServer down');
        this.emit?.({ kind: 'down', source: this.name, location: new URL(a.location), reason: a.reason });
      }
    }
  }

  /** Fetches `location`; the result counts only for a description of the UDN it was announced with. */
  private startFetch(udn: string, location: string, settle: (result: FetchResult) => TrackerAction[]): void {
    const get =
      this.options.fetchDescription ??
      (async (url: URL) =>
        (await fetchDescription(url, { timeoutMs: this.options.fetchTimeoutMs ?? 5_000 })).descriptionText);
    const p = get(new URL(location))
      .then((descriptionText): FetchResult => {
        const described = parseDeviceDescription(descriptionText).root.udn;
        if (described.toLowerCase() !== udn.toLowerCase())
          return { ok: false, error: `the description there is of ${described}, not ${udn}` };
        return { ok: true, descriptionText };
      })
      .catch((err: Error): FetchResult => ({ ok: false, error: err.message }))
      .then((result) => {
        if (!this.stopped) this.apply(settle(result));
      });
    this.fetches.add(p);
    void p.finally(() => this.fetches.delete(p));
  }
}
