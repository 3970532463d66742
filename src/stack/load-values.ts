// Values from `-f FILE` (repeatable: later files override earlier ones, key by
// key) and `--set key=value` (applied last), then checked as a whole.
import { errnoWords } from '../util/errno-words.js';
import { readRegularFile } from '../util/read-regular-file.js';
import { applySet, parseValuesYaml, validateValues, ValuesError, type StackValues } from './values.js';

const MAX_VALUES_BYTES = 1024 * 1024;

export async function loadValues(files: string[], sets: string[]): Promise<StackValues> {
  let raw: Record<string, unknown> = {};
  for (const file of files) {
    let text: string;
    try {
      text = (await readRegularFile(file, MAX_VALUES_BYTES)).data.toString('utf8');
    } catch (err) {
      throw new ValuesError('STACK_VALUES_UNREADABLE', `${file}: cannot read: ${errnoWords(err)}`, { cause: err });
    }
    raw = mergeValues(raw, parseValuesYaml(text, file));
  }
  for (const s of sets) applySet(raw, s);
  return validateValues(raw, files.length > 0 ? files.join(', ') : 'values');
}

/** Deep merge of mappings; lists and scalars from `over` replace. */
export function mergeValues(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const b = out[k];
    const isMap = (x: unknown): x is Record<string, unknown> =>
      x !== null && typeof x === 'object' && !Array.isArray(x);
    out[k] = isMap(b) && isMap(v) ? mergeValues(b, v) : v;
  }
  return out;
}
