// `dlna-bridge stack render`: the values applied to deploy/, printed as one
// multi-document YAML or written to a folder kubectl apply -k reads.
import { loadValues } from '../load-values.js';
import { toMultiDocYaml } from '../manifest.js';
import { renderStack } from '../render.js';
import type { StackIo, ValueOptions } from './io.js';

export interface RenderOptions extends ValueOptions {
  /** A folder to write one file per object into, instead of stdout. */
  out?: string;
}

export async function run(options: RenderOptions, io: StackIo): Promise<number> {
  const objects = renderStack(await loadValues(options.values, options.set));
  if (options.out === undefined) {
    io.stdout.write(toMultiDocYaml(objects));
    return 0;
  }
  const { writeRenderedDir } = await import('../write-out.js');
  const files = await writeRenderedDir(options.out, objects);
  io.stderr.write(`wrote ${files.length} files to ${options.out}\n`);
  return 0;
}
