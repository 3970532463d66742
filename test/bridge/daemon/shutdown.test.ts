import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { waitForShutdownSignal } from '../../../src/bridge/daemon/shutdown.js';

describe('serve shutdown: SIGTERM/SIGINT', () => {
  it('the first signal starts the graceful stop; a second one forces; dispose removes the handlers', async () => {
    const proc = new EventEmitter();
    const forced: string[] = [];
    const w = waitForShutdownSignal((s) => forced.push(s), proc);
    proc.emit('SIGTERM');
    expect(await w.signal).toBe('SIGTERM');
    expect(forced).toEqual([]);
    proc.emit('SIGINT');
    expect(forced).toEqual(['SIGINT']);
    w.dispose();
    expect(proc.listenerCount('SIGTERM') + proc.listenerCount('SIGINT')).toBe(0);
  });
});
