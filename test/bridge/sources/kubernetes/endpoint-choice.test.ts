import { describe, expect, it } from 'vitest';
import { candidates, chooseEndpoint, endpointUrl } from '../../../../src/bridge/sources/kubernetes/endpoint-choice.js';
import type { EndpointSliceView } from '../../../../src/k8s/endpoint-slice-watch.js';

const slice = (
  eps: { ip: string; ready?: boolean; terminating?: boolean; node?: string }[],
  ports = [{ name: 'http', port: 8096, protocol: 'TCP' }],
): EndpointSliceView => ({
  addressType: 'IPv4',
  ports,
  endpoints: eps.map((e) => ({
    addresses: [e.ip],
    conditions: { ready: e.ready, terminating: e.terminating },
    nodeName: e.node,
    targetRef: { name: `pod-${e.ip}` },
  })),
});

describe('EndpointSlice endpoint choice', () => {
  it('ready unset counts as ready; not-ready and terminating endpoints are skipped', () => {
    const all = candidates([
      slice([{ ip: '10.42.0.9' }, { ip: '10.42.0.7', ready: false }, { ip: '10.42.0.8', terminating: true }]),
    ]);
    expect(all.map((c) => c.address)).toEqual(['10.42.0.9']);
  });

  it('the lowest address wins (every bridge picks the same pod), numerically', () => {
    expect(chooseEndpoint([slice([{ ip: '10.42.0.10' }, { ip: '10.42.0.9' }])], null)!.address).toBe('10.42.0.9');
  });

  it('the current endpoint is kept while it stays ready (no flapping)', () => {
    const cur = { address: '10.42.0.10', port: 8096 };
    expect(chooseEndpoint([slice([{ ip: '10.42.0.10' }, { ip: '10.42.0.9' }])], cur)!.address).toBe('10.42.0.10');
    expect(chooseEndpoint([slice([{ ip: '10.42.0.10', ready: false }, { ip: '10.42.0.9' }])], cur)!.address).toBe(
      '10.42.0.9',
    );
  });

  it('port: the named one, else the only TCP one; ambiguous slices are skipped', () => {
    const two = [
      { name: 'metrics', port: 9100, protocol: 'TCP' },
      { name: 'web', port: 8096, protocol: 'TCP' },
    ];
    expect(candidates([slice([{ ip: '10.0.0.1' }], two)], 'http')).toEqual([]);
    expect(candidates([slice([{ ip: '10.0.0.1' }], two)], 'web')[0]!.port).toBe(8096);
    expect(
      candidates(
        [
          slice(
            [{ ip: '10.0.0.1' }],
            [
              { name: 'x', port: 8096, protocol: 'TCP' },
              { name: 'ssdp', port: 1900, protocol: 'UDP' },
            ],
          ),
        ],
        'http',
      )[0]!.port,
    ).toBe(8096);
  });

  it('no endpoints: null; FQDN slices ignored; IPv6 URLs bracketed', () => {
    expect(chooseEndpoint([], null)).toBeNull();
    expect(candidates([{ ...slice([{ ip: 'jellyfin.example' }]), addressType: 'FQDN' }])).toEqual([]);
    expect(endpointUrl({ address: 'fd00::5', port: 8096 }).href).toBe('http://[fd00::5]:8096/');
  });
});
