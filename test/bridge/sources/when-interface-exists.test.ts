import { describe, expect, it } from 'vitest';
import type { SourceEvent } from '../../../src/bridge/catalog/types.js';
import type { Source } from '../../../src/bridge/sources/source.js';
import { WhenInterfaceExists } from '../../../src/bridge/sources/when-interface-exists.js';
import { InterfaceError, type Ipv4Interface } from '../../../src/net/interfaces.js';
import { parseCidr } from '../../../src/net/cidr.js';
import { createLogger } from '../../../src/util/logger.js';

const cni0: Ipv4Interface = {
  name: 'cni0',
  address: '198.51.100.1',
  addresses: ['198.51.100.1'],
  subnets: [parseCidr('198.51.100.0/24')],
};

describe('--cluster-interface before the interface exists (a node without pods yet)', () => {
  it('waits and retries instead of failing, then starts the source on the interface; stop cancels the wait', async () => {
    let exists = false;
    const started: string[] = [];
    const make = (iface: Ipv4Interface): Source => ({
      name: 'inner',
      start: async (_emit: (e: SourceEvent) => void) => {
        started.push(iface.address);
      },
      stop: async () => {},
    });
    const lookup = (name: string): Ipv4Interface => {
      if (!exists) throw new InterfaceError(`no network interface named ${name}`);
      return cni0;
    };
    const src = new WhenInterfaceExists('cni0', createLogger('silent'), make, 20, lookup);
    await src.start(() => {});
    expect(started).toEqual([]);
    exists = true;
    await new Promise((r) => setTimeout(r, 60));
    expect(started).toEqual(['198.51.100.1']);
    await src.stop();

    exists = false;
    const never = new WhenInterfaceExists('cni0', createLogger('silent'), make, 20, lookup);
    await never.start(() => {});
    await never.stop();
    exists = true;
    await new Promise((r) => setTimeout(r, 60));
    expect(started).toEqual(['198.51.100.1']);
  });
});
