import type { Command } from 'commander';

// Placeholder: the owning module fills this in.
export function registerDiscoverCommand(_program: Command): void {}
