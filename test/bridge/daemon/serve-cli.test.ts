import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';

// Only invalid settings here: serve exits before it opens any socket.
describe('dlna-bridge serve: invalid settings exit 2 with every problem named', () => {
  it('nothing to bridge', async () => {
    const r = await runCli(['serve', '--lan-interface', 'lo']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      'dlna-bridge: serve: nothing to bridge: give --upstream URL, --cluster-interface IF or --kubernetes-service NS/NAME',
    );
  });

  it('bad flags and environment variables, reported together; flags win over the environment', async () => {
    const r = await runCli(
      ['serve', '--lan-interface', 'lo', '--upstream', 'http://10.0.0.1:8096', '--http-port', '0'],
      {
        env: { DLNA_BRIDGE_TTL: '300', DLNA_BRIDGE_HTTP_PORT: '8300', DLNA_BRIDGE_LOG_LEVEL: 'chatty' },
      },
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'dlna-bridge: serve: invalid configuration:\n' +
        '  - --http-port "0": expected a whole number from 1 to 65535\n' +
        '  - DLNA_BRIDGE_TTL "300": expected a whole number from 1 to 255\n' +
        '  - DLNA_BRIDGE_LOG_LEVEL "chatty": expected one of fatal, error, warn, info, debug, trace, silent\n',
    );
  });
});
