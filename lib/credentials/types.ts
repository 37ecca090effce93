/**
 * The kinds of stored credentials and their fields. Pure and shared by the browser
 * (Credentials page, picker), the server (store, validation) and executors.
 *
 * A credential's `data` is a flat `Record<string, string>`. Fields marked `secret`
 * are encrypted at rest, masked in every listing and never sent to the browser;
 * the others (a user name, a header name) are stored in clear and shown.
 */
import { z } from 'zod';

export const CREDENTIAL_TYPES = ['bearer', 'basic', 'apiKey', 'hmac', 'openai'] as const;
export type CredentialType = (typeof CREDENTIAL_TYPES)[number];

export interface CredentialFieldSpec {
  key: string;
  label: string;
  /** Encrypted at rest, masked in listings, redacted from run records. */
  secret: boolean;
  /** Value used when the field is left empty (non-secret fields only). */
  defaultValue?: string;
  placeholder?: string;
  help?: string;
}

export interface CredentialTypeSpec {
  type: CredentialType;
  label: string;
  description: string;
  fields: CredentialFieldSpec[];
}

/** Shortest secret value accepted, characters: redaction replaces every occurrence, so tiny secrets would mangle run records. */
export const MIN_SECRET_LENGTH = 4;
/** Longest field value accepted, characters. */
export const MAX_FIELD_LENGTH = 8192;

/** The catalogue, in the order the Credentials page offers them. */
export const CREDENTIAL_TYPE_SPECS: readonly CredentialTypeSpec[] = [
  {
    type: 'bearer',
    label: 'Bearer token',
    description: 'Sent as Authorization: Bearer <token>.',
    fields: [{ key: 'token', label: 'Token', secret: true, placeholder: 'eyJhbGciOi…' }],
  },
  {
    type: 'basic',
    label: 'Basic auth',
    description: 'A user name and password, sent as Authorization: Basic.',
    fields: [
      { key: 'username', label: 'User name', secret: false, placeholder: 'svc-baton' },
      { key: 'password', label: 'Password', secret: true },
    ],
  },
  {
    type: 'apiKey',
    label: 'API key header',
    description: 'A key sent in a header of your choice.',
    fields: [
      { key: 'header', label: 'Header name', secret: false, defaultValue: 'X-API-Key', placeholder: 'X-API-Key' },
      { key: 'value', label: 'Key', secret: true },
    ],
  },
  {
    type: 'hmac',
    label: 'HMAC signing secret',
    description: 'Signs outgoing webhooks and checks incoming ones: HMAC-SHA256 of "<X-Baton-Timestamp>.<body>" in a header.',
    fields: [
      { key: 'header', label: 'Signature header', secret: false, defaultValue: 'X-Baton-Signature', placeholder: 'X-Baton-Signature' },
      { key: 'secret', label: 'Secret', secret: true },
    ],
  },
  {
    type: 'openai',
    label: 'OpenAI-compatible API key',
    description: 'The API key of a chat-completions service (OpenAI, Azure OpenAI, Ollama, vLLM, …).',
    fields: [{ key: 'apiKey', label: 'API key', secret: true, placeholder: 'sk-…' }],
  },
];

const SPEC_BY_TYPE = new Map(CREDENTIAL_TYPE_SPECS.map((s) => [s.type, s]));

/** The spec of `type`. @throws Error for a type not in {@link CREDENTIAL_TYPES}. */
export function credentialTypeSpec(type: string): CredentialTypeSpec {
  const s = SPEC_BY_TYPE.get(type as CredentialType);
  if (!s) throw new Error(`unknown credential type "${type}"`);
  return s;
}

/** Header names as HTTP allows them (RFC 9110 token). */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * zod schema of one type's `data` for create (`partial: false`: every field must be
 * given, defaults filled) or update (`partial: true`: a secret left out or empty keeps
 * its stored value). Strings are trimmed except secrets, which are taken verbatim.
 */
export function credentialDataSchema(type: CredentialType, opts: { partial?: boolean } = {}) {
  const shape: Record<string, z.ZodType> = {};
  for (const f of credentialTypeSpec(type).fields) {
    let s: z.ZodType;
    if (f.secret) {
      const base = z.string().max(MAX_FIELD_LENGTH, `${f.label} must be at most ${MAX_FIELD_LENGTH} characters`);
      s = opts.partial
        ? base.refine((v) => v === '' || v.length >= MIN_SECRET_LENGTH, `${f.label} must be at least ${MIN_SECRET_LENGTH} characters`).optional()
        : base.min(MIN_SECRET_LENGTH, `${f.label} must be at least ${MIN_SECRET_LENGTH} characters`);
    } else {
      let base = z.string().trim().max(500, `${f.label} must be at most 500 characters`);
      if (f.key === 'header') base = base.regex(HEADER_NAME, `${f.label} is not a valid header name`);
      s = f.defaultValue !== undefined ? z.union([z.literal(''), base]).optional() : opts.partial ? base.min(1, `${f.label} is required`).optional() : base.min(1, `${f.label} is required`);
    }
    shape[f.key] = s;
  }
  return z.strictObject(shape);
}

/** Keys of the secret fields of `type`. */
export function secretKeys(type: CredentialType): string[] {
  return credentialTypeSpec(type)
    .fields.filter((f) => f.secret)
    .map((f) => f.key);
}

/** The mask shown instead of a secret value. */
export const SECRET_MASK = '••••••••';
