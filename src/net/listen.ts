// Listening as a promise, for every HTTP server of the daemon (proxy, GENA relay, admin).
import type http from 'node:http';
import type { AddressInfo } from 'node:net';

/** Listens and resolves with the bound address (port 0 picks a free one); rejects on EADDRINUSE and the like. */
export function listenOn(server: http.Server, port: number, host?: string): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });
}
