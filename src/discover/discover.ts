// `dlna-bridge discover`: behave like a TV on one interface. Send M-SEARCH
// (three times, UDP is lossy), listen for answers and for NOTIFYs on the group,
// fetch every LOCATION (bounded in size and time), and say what was found and
// whether it can be used from here.
import type dgram from 'node:dgram';
import { anyCidrContains } from '../net/cidr.js';
import type { Ipv4Interface } from '../net/interfaces.js';
import { parseSsdp, serializeSearch } from '../bridge/ssdp/codec.js';
import { DEFAULT_TTL, MAX_MX_S } from '../bridge/ssdp/constants.js';
import { productString } from '../bridge/ssdp/product.js';
import { udnOfUsn } from '../bridge/ssdp/targets.js';
import { createSsdpSocket, type SsdpSocketFactory } from '../bridge/ssdp/socket.js';
import { parseDeviceDescription } from '../bridge/upnp/description.js';
import { boundedGet } from '../bridge/upnp/fetch.js';
import { MAX_DESCRIPTION_BYTES } from '../bridge/upnp/description.js';
import { createLogger } from '../util/logger.js';
import { DiscoveryCollector, type HeardServer } from './collect.js';
import { DiscoverSocketError } from './errors.js';
import type { DiscoveredServer } from './format.js';

export interface DiscoverOptions {
  iface: Ipv4Interface;
  st: string;
  timeoutMs: number;
  fetchTimeoutMs?: number;
  ttl?: number;
  createSocket?: SsdpSocketFactory;
}

export interface DiscoverResult {
  servers: DiscoveredServer[];
  /** True when the group socket could not be bound (NOTIFYs were not heard). */
  listenFailed: boolean;
}

const SEARCH_REPEATS = 3;
const SEARCH_SPACING_MS = 300;

/** MX leaves the answers time to arrive before we stop listening. */
export function searchMx(timeoutMs: number): number {
  return Math.max(1, Math.min(MAX_MX_S, Math.floor(timeoutMs / 1000) - 1));
}

async function describe(heard: HeardServer, timeoutMs: number): Promise<DiscoveredServer> {
  const base = { usn: heard.usn, udn: heard.udn, location: heard.location, friendlyName: null, modelName: null };
  let url: URL;
  try {
    url = new URL(heard.location);
  } catch {
    return { ...base, reachable: false, error: 'LOCATION is not a URL' };
  }
  try {
    const res = await boundedGet(url, { timeoutMs, maxBytes: MAX_DESCRIPTION_BYTES });
    if (res.status !== 200) return { ...base, reachable: true, error: `HTTP ${res.status} for the description` };
    try {
      const d = parseDeviceDescription(res.body.toString('utf8'));
      return {
        ...base,
        udn: d.root.udn,
        friendlyName: d.root.friendlyName || null,
        modelName: d.root.modelName ?? null,
        reachable: true,
        error: null,
      };
    } catch (err) {
      return { ...base, reachable: true, error: (err as Error).message };
    }
  } catch (err) {
    return { ...base, reachable: false, error: (err as Error).message };
  }
}

export async function discover(options: DiscoverOptions): Promise<DiscoverResult> {
  const { iface, st, timeoutMs } = options;
  const fetchTimeoutMs = options.fetchTimeoutMs ?? Math.min(3_000, Math.max(1_000, timeoutMs));
  const collector = new DiscoveryCollector(st);
  const fetches: Array<Promise<DiscoveredServer>> = [];
  const found = (heard: HeardServer | undefined): void => {
    if (heard) fetches.push(describe(heard, fetchTimeoutMs));
  };
  const onMessage = (datagram: Buffer, rinfo: dgram.RemoteInfo, group: boolean): void => {
    // The group socket hears every interface's multicast (IP_MULTICAST_ALL):
    // announcements count only from this interface's subnets.
    if (group && !anyCidrContains(iface.subnets, rinfo.address)) return;
    const r = parseSsdp(datagram);
    if (!r.ok) return;
    if (r.message.type === 'response') found(collector.response(r.message));
    else if (r.message.type === 'notify') found(collector.notify(r.message));
  };
  const create = options.createSocket ?? createSsdpSocket;
  const logger = createLogger('silent');
  const common = {
    interfaceAddress: iface.address,
    interfaceName: iface.name,
    ttl: options.ttl ?? DEFAULT_TTL,
    logger,
    retryMs: 60_000,
  };
  const listener = create({ ...common, mode: 'group', onMessage: (d, r) => onMessage(d, r, true) });
  const searcher = create({ ...common, mode: 'unicast', onMessage: (d, r) => onMessage(d, r, false) });
  try {
    const [listening, searching] = await Promise.all([listener.start(), searcher.start()]);
    if (!searching) throw new DiscoverSocketError(`cannot open a UDP socket on ${iface.name} (${iface.address})`);
    const search = serializeSearch({ st, mx: searchMx(timeoutMs), userAgent: productString() });
    const started = Date.now();
    for (let i = 0; i < SEARCH_REPEATS; i++) {
      if (i > 0) await new Promise((r) => setTimeout(r, SEARCH_SPACING_MS));
      await searcher.sendMulticast(search).catch((err: Error) => {
        throw new DiscoverSocketError(`cannot send M-SEARCH on ${iface.name} (${iface.address}): ${err.message}`, {
          cause: err,
        });
      });
    }
    await new Promise((r) => setTimeout(r, Math.max(0, timeoutMs - (Date.now() - started))));
    // Servers that said byebye before the end are not listed.
    const still = new Set(collector.list().map((s) => `${s.udn.toLowerCase()} ${s.location}`));
    const described = await Promise.all(fetches);
    const servers = described
      .filter((s) => still.has(`${udnOfUsn(s.usn).toLowerCase()} ${s.location}`))
      .sort(
        (a, b) => (a.friendlyName ?? '').localeCompare(b.friendlyName ?? '') || a.location.localeCompare(b.location),
      );
    return { servers, listenFailed: !listening };
  } finally {
    await Promise.all([listener.close(), searcher.close()]);
  }
}
