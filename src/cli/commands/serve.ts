import type { Command } from 'commander';

// Placeholder: the owning module fills this in.
export function registerServeCommand(_program: Command): void {}
