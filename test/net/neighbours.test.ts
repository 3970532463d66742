import { describe, expect, it } from 'vitest';
import { NeighbourCache, parseResolvedNeighbours } from '../../src/net/neighbours.js';

const ARP = `IP address       HW type     Flags       HW address            Mask     Device
192.0.2.50       0x1         0x2         02:fc:00:00:00:05     *        eth0
192.0.2.100      0x1         0x0         00:00:00:00:00:00     *        eth0
192.0.2.7        0x1         0x6         02:fc:00:00:00:07     *        eth0
`;

describe('neighbours (/proc/net/arp)', () => {
  it('resolved = complete (ATF_COM) or permanent entries; incomplete ones (ARP pending or failed) are not', () => {
    expect([...parseResolvedNeighbours(ARP)]).toEqual(['192.0.2.50', '192.0.2.7']);
    expect(parseResolvedNeighbours('').size).toBe(0);
  });

  it('a miss re-reads the table at most once per maxAgeMs; a hit needs no read', () => {
    let now = 0;
    let reads = 0;
    let text = ARP;
    const cache = new NeighbourCache({ maxAgeMs: 100, now: () => now, read: () => (reads++, text) });
    expect(cache.resolved('192.0.2.51')).toBe(false);
    expect(cache.resolved('192.0.2.52')).toBe(false);
    expect(reads).toBe(1);
    text += '192.0.2.51       0x1         0x2         02:fc:00:00:00:51     *        eth0\n';
    now = 99;
    expect(cache.resolved('192.0.2.51')).toBe(false);
    now = 100;
    expect(cache.resolved('192.0.2.51')).toBe(true); // the TV that just ARPed us
    expect(cache.resolved('192.0.2.50')).toBe(true);
    expect(reads).toBe(2);
  });

  it('no table (not Linux): everything unresolved, no throw', () => {
    const cache = new NeighbourCache({
      read: () => {
        throw new Error('ENOENT');
      },
    });
    expect(cache.resolved('192.0.2.50')).toBe(false);
  });
});
