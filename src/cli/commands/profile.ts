import type { Command } from 'commander';

// Placeholder: the owning module fills this in.
export function registerProfileCommands(_program: Command): void {}
