// A URL whose host is a name, turned into the same URL with the address the
// name resolves to now. For UPnP servers that refuse a Host header that is
// not an IP literal: minidlna 1.3.0 as Debian ships it (the CVE-2022-26505
// DNS-rebinding fix, upstream in 1.3.1) answers 404 to every request whose
// Host is anything but digits and dots ("minidlna:8200", "localhost", "[::1]").
// DLNA 7.2.24.1 asks for IP addresses in all communication anyway. Node sends
// the Host header from the URL it connects to, so connecting to this URL sends
// "address:port".
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';

export class ResolveError extends Error {
  override name = 'ResolveError';
}

/**
 * `url` with its hostname replaced by the address it resolves to (the system
 * resolver, as an HTTP request would use; IPv4 first, since servers with this
 * check accept only IPv4 literals). An IP literal comes back unchanged, with no
 * lookup. Rejects with a ResolveError when the name does not resolve within `timeoutMs`.
 */
export type Lookup = (hostname: string, options: { all: true }) => Promise<Array<{ address: string; family: number }>>;

export async function withResolvedAddress(url: URL, timeoutMs: number, resolve: Lookup = lookup): Promise<URL> {
  const hostname = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(hostname) !== 0) return url;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new ResolveError(`${hostname}: the name did not resolve within ${timeoutMs} ms`)),
      timeoutMs,
    );
  });
  try {
    const found = await Promise.race([resolve(hostname, { all: true }), deadline]);
    const chosen = found.find((a) => a.family === 4) ?? found[0];
    if (!chosen) throw new ResolveError(`${hostname}: the name resolves to no address`);
    const out = new URL(url.href);
    out.hostname = chosen.family === 6 ? `[${chosen.address}]` : chosen.address;
    return out;
  } catch (err) {
    if (err instanceof ResolveError) throw err;
    throw new ResolveError(
      `${hostname}: the name does not resolve (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
    );
  } finally {
    clearTimeout(timer);
  }
}
