// Which pod of a Service the bridge talks to, from the Service's EndpointSlices.
// Pure. A ready endpoint is preferred; the current choice is kept while it stays
// ready (no flapping between replicas); otherwise the lowest address wins, so
// every bridge replica picks the same pod.
import type { EndpointSliceView } from '../../../k8s/endpoint-slice-watch.js';

export interface ChosenEndpoint {
  address: string;
  port: number;
  pod?: string;
  node?: string;
}

/** The port to use: the one named `portName`, else the only TCP port, else the first TCP port. */
function pickPort(slice: EndpointSliceView, portName: string | undefined): number | undefined {
  const tcp = (slice.ports ?? []).filter((p) => (p.protocol ?? 'TCP') === 'TCP' && typeof p.port === 'number');
  const named = portName ? tcp.find((p) => p.name === portName) : undefined;
  if (portName && !named && tcp.length > 1) return undefined;
  return (named ?? tcp[0])?.port;
}

export function candidates(slices: readonly EndpointSliceView[], portName?: string): ChosenEndpoint[] {
  const out: ChosenEndpoint[] = [];
  for (const slice of slices) {
    if (slice.addressType && slice.addressType !== 'IPv4' && slice.addressType !== 'IPv6') continue; // FQDN slices are not pods
    const port = pickPort(slice, portName);
    if (port === undefined) continue;
    for (const ep of slice.endpoints ?? []) {
      // ready unset means ready (the API's documented default); terminating pods are on their way out.
      if (ep.conditions?.ready === false || ep.conditions?.terminating === true) continue;
      for (const address of ep.addresses ?? []) out.push({ address, port, pod: ep.targetRef?.name, node: ep.nodeName });
    }
  }
  return out.sort((a, b) => a.address.localeCompare(b.address, 'en', { numeric: true }) || a.port - b.port);
}

export function chooseEndpoint(
  slices: readonly EndpointSliceView[],
  current: ChosenEndpoint | null,
  portName?: string,
): ChosenEndpoint | null {
  const all = candidates(slices, portName);
  if (current) {
    const same = all.find((c) => c.address === current.address && c.port === current.port);
    if (same) return same;
  }
  return all[0] ?? null;
}

export function endpointUrl(ep: ChosenEndpoint): URL {
  const host = ep.address.includes(':') ? `[${ep.address}]` : ep.address;
  return new URL(`http://${host}:${ep.port}/`);
}

export function sameEndpoint(a: ChosenEndpoint | null, b: ChosenEndpoint | null): boolean {
  return a?.address === b?.address && a?.port === b?.port;
}
