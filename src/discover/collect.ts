// What a TV would conclude from the SSDP traffic it hears: the servers that
// answered its search or announced themselves, keyed by UDN and LOCATION, minus
// those that said byebye. Pure.
import type { NotifyMessage, ResponseMessage } from '../bridge/ssdp/codec.js';
import { matchSearch } from '../bridge/ssdp/match.js';
import { udnOfUsn } from '../bridge/ssdp/targets.js';

export interface HeardServer {
  /** The first USN heard for it that matched the search target. */
  usn: string;
  /** From the USN; replaced by the description's UDN once fetched. */
  udn: string;
  location: string;
  via: 'search-response' | 'notify';
  server: string | undefined;
}

/** Does an NT heard in a NOTIFY answer search target `st` (same rules as a device answering)? */
export function notifyMatches(st: string, nt: string, usn: string): boolean {
  return matchSearch(st, [{ nt, usn, udn: udnOfUsn(usn) }]).length > 0;
}

export class DiscoveryCollector {
  private readonly servers = new Map<string, HeardServer>();

  constructor(private readonly st: string) {}

  private key(udn: string, location: string): string {
    return `${udn.toLowerCase()} ${location}`;
  }

  /** Returns the server if it is new (so the caller can start fetching its LOCATION). */
  response(m: ResponseMessage): HeardServer | undefined {
    // A device may answer with more than we asked for (ssdp:all answers); keep what matches.
    if (this.st !== 'ssdp:all' && m.st !== this.st && !notifyMatches(this.st, m.st, m.usn)) return undefined;
    return this.add({
      usn: m.usn,
      udn: udnOfUsn(m.usn),
      location: m.location,
      via: 'search-response',
      server: m.server,
    });
  }

  notify(m: NotifyMessage): HeardServer | undefined {
    if (m.nts === 'ssdp:byebye') {
      const udn = udnOfUsn(m.usn).toLowerCase();
      for (const [k, s] of this.servers) if (s.udn.toLowerCase() === udn) this.servers.delete(k);
      return undefined;
    }
    if (!m.location || !notifyMatches(this.st, m.nt, m.usn)) return undefined;
    return this.add({ usn: m.usn, udn: udnOfUsn(m.usn), location: m.location, via: 'notify', server: m.server });
  }

  private add(s: HeardServer): HeardServer | undefined {
    const k = this.key(s.udn, s.location);
    if (this.servers.has(k)) return undefined;
    this.servers.set(k, s);
    return s;
  }

  list(): HeardServer[] {
    return [...this.servers.values()];
  }
}
