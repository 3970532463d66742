// Where the qBittorrent secret comes from. Never the command line: argv shows
// up in `ps` and in shell history. A file (or `-` for stdin, so a Kubernetes
// Secret can be piped in) or the environment.
import { readRegularFile } from '../util/read-regular-file.js';
import { errnoWords } from '../util/errno-words.js';
import { QbtInputError } from './errors.js';

export type QbtAuth =
  { kind: 'password'; username: string; password: string } | { kind: 'api-key'; key: string } | { kind: 'none' };

export const ENV_USERNAME = 'DLNA_BRIDGE_QBT_USERNAME';
export const ENV_PASSWORD = 'DLNA_BRIDGE_QBT_PASSWORD';
export const ENV_API_KEY = 'DLNA_BRIDGE_QBT_API_KEY';
export const DEFAULT_USERNAME = 'admin';

const MAX_SECRET_BYTES = 4096;

export interface CredentialSources {
  username?: string;
  passwordFile?: string;
  apiKeyFile?: string;
  env: NodeJS.ProcessEnv;
  /** stdin, for `--password-file -`; injectable for tests. */
  readStdin?: () => Promise<string>;
}

/** An API key wins over a password (it cannot be banned and needs no session); nothing given means "try without". */
export async function resolveAuth(src: CredentialSources): Promise<QbtAuth> {
  if (src.apiKeyFile && src.passwordFile) {
    throw new QbtInputError('QBT_CREDENTIALS_BOTH', 'give either an API key file or a password file, not both');
  }
  if (src.apiKeyFile) return { kind: 'api-key', key: await readSecret(src.apiKeyFile, 'API key', src) };
  // An empty --username (or its variable set but empty) means the default, as an empty variable always did.
  const username = nonEmpty(src.username) ?? nonEmpty(src.env[ENV_USERNAME]) ?? DEFAULT_USERNAME;
  if (src.passwordFile)
    return { kind: 'password', username, password: await readSecret(src.passwordFile, 'password', src) };
  const envKey = nonEmpty(src.env[ENV_API_KEY]);
  if (envKey) return { kind: 'api-key', key: envKey };
  const envPassword = src.env[ENV_PASSWORD];
  if (envPassword !== undefined && envPassword !== '') return { kind: 'password', username, password: envPassword };
  return { kind: 'none' };
}

async function readSecret(file: string, what: string, src: CredentialSources): Promise<string> {
  let text: string;
  if (file === '-') {
    text = await (src.readStdin ?? readStdin)();
  } else {
    try {
      text = (await readRegularFile(file, MAX_SECRET_BYTES)).data.toString('utf8');
    } catch (err) {
      throw new QbtInputError('QBT_SECRET_UNREADABLE', `cannot read the ${what} file ${file}: ${errnoWords(err)}`, {
        cause: err,
      });
    }
  }
  // Editors and `echo` add one line break; the secret itself may contain spaces.
  const secret = text.replace(/\r?\n$/, '');
  if (secret === '')
    throw new QbtInputError('QBT_SECRET_EMPTY', `the ${what} file ${file === '-' ? '(stdin)' : file} is empty`);
  return secret;
}

function nonEmpty(v: string | undefined): string | undefined {
  return v === undefined || v.trim() === '' ? undefined : v.trim();
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    size += (chunk as Buffer).length;
    if (size > MAX_SECRET_BYTES)
      throw new QbtInputError(
        'QBT_SECRET_UNREADABLE',
        `stdin: too large for a secret (over ${MAX_SECRET_BYTES} bytes)`,
      );
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
