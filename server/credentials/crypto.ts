/**
 * Encryption of credential secrets at rest: AES-256-GCM (node:crypto) with a random
 * 12-byte IV per value and the 16-byte auth tag stored beside the ciphertext. The
 * credential id is bound as additional authenticated data, so a ciphertext copied
 * onto another row does not decrypt.
 *
 * The master key comes from `BATON_SECRET_KEY` (32 bytes as 64 hex characters or as
 * base64), else from a key file next to the database (`<database file>.key`),
 * generated on first start with mode 0600 and the exclusive-create flag (two
 * processes starting together cannot write two different keys). Each stored value
 * records the key id (first 16 hex characters of SHA-256 of the key) so a wrong key
 * is reported as such instead of producing garbage.
 */
import 'server-only';
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** Version of the stored format (algorithm + AAD layout). */
export const ENCRYPTION_VERSION = 1;
const KEY_BYTES = 32;
const IV_BYTES = 12;

export interface SecretKey {
  /** 32 raw bytes. */
  key: Buffer;
  /** Stable id of the key stored with every value. */
  id: string;
  /** Where it came from, for messages: `BATON_SECRET_KEY` or the key file path. */
  source: string;
}

/** One encrypted value as stored (all base64 except the key id). */
export interface Sealed {
  ciphertext: string;
  iv: string;
  tag: string;
  keyId: string;
  version: number;
}

/** A configuration or decryption problem with the secret key. */
export class SecretKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretKeyError';
  }
}

function keyId(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 16);
}

/**
 * Parses a key given as 64 hex characters or base64 (standard or URL-safe) of 32 bytes.
 * @throws SecretKeyError naming `source` when it is not exactly 32 bytes.
 */
export function parseKey(text: string, source: string): SecretKey {
  const t = text.trim();
  let key: Buffer | null = null;
  if (/^[0-9a-fA-F]{64}$/.test(t)) key = Buffer.from(t, 'hex');
  else if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(t)) {
    const b = Buffer.from(t.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    if (b.length === KEY_BYTES) key = b;
  }
  if (!key) throw new SecretKeyError(`${source} must be 32 bytes, written as 64 hex characters or base64 (e.g. the output of \`openssl rand -base64 32\`)`);
  return { key, id: keyId(key), source };
}

/**
 * The master key of an installation without a database file (PostgreSQL): `BATON_SECRET_KEY`.
 * @throws SecretKeyError when it is missing or malformed (every process of one installation needs the same key).
 */
export function loadSecretKeyFromEnv(env: Record<string, string | undefined> = process.env): SecretKey {
  const fromEnv = env.BATON_SECRET_KEY;
  if (!fromEnv || !fromEnv.trim())
    throw new SecretKeyError('BATON_SECRET_KEY is required on PostgreSQL: 32 bytes as 64 hex characters or base64 (`openssl rand -base64 32`), the same for every process; after `db:copy`, the key of the SQLite installation (its `<database>.key` file)');
  return parseKey(fromEnv, 'BATON_SECRET_KEY');
}

/** The key file used for a database file: `<database file>.key`. */
export function keyFileFor(databaseFile: string): string {
  return `${databaseFile}.key`;
}

/**
 * The master key: `env.BATON_SECRET_KEY` if set, else the key file beside the
 * database, created (random 32 bytes, base64, mode 0600, exclusive create) when missing.
 * @throws SecretKeyError for a malformed key or an unreadable key file.
 */
export function loadSecretKey(databaseFile: string, env: Record<string, string | undefined> = process.env): SecretKey {
  const fromEnv = env.BATON_SECRET_KEY;
  if (fromEnv && fromEnv.trim()) return parseKey(fromEnv, 'BATON_SECRET_KEY');
  const file = keyFileFor(databaseFile);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  try {
    const fd = fs.openSync(file, 'wx', 0o600);
    try {
      fs.writeSync(fd, `${randomBytes(KEY_BYTES).toString('base64')}\n`);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw new SecretKeyError(`cannot create the key file ${file}: ${(err as Error).message}`);
  }
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new SecretKeyError(`cannot read the key file ${file}: ${(err as Error).message}`);
  }
  // A file created a moment ago by another process may still be empty.
  if (!text.trim()) throw new SecretKeyError(`the key file ${file} is empty; delete it only if no credential was stored with it`);
  return parseKey(text, `the key file ${file}`);
}

/** Encrypts `plaintext` (UTF-8) for the row `aad` (the credential id). */
export function seal(k: SecretKey, plaintext: string, aad: string): Sealed {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', k.key, iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return { ciphertext: ciphertext.toString('base64'), iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'), keyId: k.id, version: ENCRYPTION_VERSION };
}

/**
 * Decrypts a value sealed by {@link seal} for the same `aad`.
 * @throws SecretKeyError when the value was sealed with another key (naming both key
 *   ids), with an unknown format version, or fails authentication (tampered or moved).
 */
export function open(k: SecretKey, s: Sealed, aad: string, what: string): string {
  if (s.version !== ENCRYPTION_VERSION) throw new SecretKeyError(`${what} uses encryption format ${s.version}, which this version of Baton does not know`);
  if (s.keyId !== k.id)
    throw new SecretKeyError(
      `${what} was encrypted with key ${s.keyId}, but the configured key (${k.source}) is ${k.id}; set BATON_SECRET_KEY or restore the key file the credential was stored with`,
    );
  try {
    const decipher = createDecipheriv('aes-256-gcm', k.key, Buffer.from(s.iv, 'base64'));
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(Buffer.from(s.tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(s.ciphertext, 'base64')), decipher.final()]).toString('utf8');
  } catch {
    throw new SecretKeyError(`${what} cannot be decrypted: the stored value was altered or belongs to another record`);
  }
}
