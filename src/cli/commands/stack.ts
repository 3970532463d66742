import type { Command } from 'commander';

// Placeholder: the owning module fills this in.
export function registerStackCommands(_program: Command): void {}
