// What every source is: something that, once started, reports what it sees.
// Imports point one way, sources -> catalog: the catalog declares the report it
// accepts (SourceEvent) and knows nothing of sources.
import type { SourceEvent } from '../catalog/types.js';

/** A source of upstream servers (external-dns style: one small folder each). */
export interface Source {
  readonly name: string;
  /** Start reporting events; resolves once the first look is done (or failed). */
  start(emit: (event: SourceEvent) => void): Promise<void>;
  stop(): Promise<void>;
}
