import type { Command } from 'commander';
import { registerServeCommand } from './serve.js';
import { registerDiscoverCommand } from './discover.js';
import { registerDemoCommand } from './demo.js';

/** The bridge's commands: the daemon, the TV simulator, and the demo. */
export function registerBridgeCommands(program: Command): void {
  registerServeCommand(program);
  registerDiscoverCommand(program);
  registerDemoCommand(program);
}
