import type { Command } from 'commander';

// Placeholder: the owning module fills this in.
export function registerBridgeCommands(_program: Command): void {}
