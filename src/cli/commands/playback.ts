import type { Command } from 'commander';

// Placeholder: the owning module fills this in.
export function registerPlaybackCommands(_program: Command): void {}
