import type { Command } from 'commander';

// Placeholder: the owning module fills this in.
export function registerQbtCommands(_program: Command): void {}
