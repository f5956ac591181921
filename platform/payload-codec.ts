/**
 * Personal data in Temporal: every payload a client or worker hands to the server (workflow inputs
 * and results, Update arguments, query answers, activity inputs, memos, summaries) is encrypted
 * with AES-256-GCM before it leaves the process, so histories hold no applicant's name, phone,
 * email or address in the clear — not in PostgreSQL, not in backups, not in the Temporal UI for
 * anyone without the key. Search attributes are indexed by the server and cannot be encrypted:
 * they carry no personal data (contracts/wire.ts).
 *
 * Keys come from `TEMPORAL_PAYLOAD_KEYS`: `id:base64key` pairs, comma-separated, the first one
 * encrypting. Each payload names the key id it was sealed with, so a new key can be put first
 * while the old ones still open what they sealed (rotation, docs/deployment.md). A payload without
 * the encryption marker was written before the codec (or by a process without it) and is read as
 * it is; a payload with the marker but an unknown or missing key id is refused, never passed on.
 */
import type { Payload, PayloadCodec } from '@temporalio/common';
import proto from '@temporalio/proto';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { z } from 'zod';

/** The metadata a sealed payload carries (the names of Temporal's encryption sample). */
export const ENCODING_KEY = 'encoding';
export const ENCRYPTED_ENCODING = 'binary/encrypted';
export const KEY_ID_KEY = 'encryption-key-id';

const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;

const ProtoPayload = proto.temporal.api.common.v1.Payload;
const enc = new TextEncoder();
const dec = new TextDecoder();

export interface PayloadKey {
  id: string;
  key: Buffer;
}

/** A payload the codec refuses to open: unknown or missing key id, or a forged or damaged one. */
export class PayloadDecryptionError extends Error {
  constructor(
    message: string,
    readonly keyId?: string,
  ) {
    super(message);
    this.name = 'PayloadDecryptionError';
  }
}

const KEY_ID = /^[A-Za-z0-9._-]{1,64}$/;

/**
 * `TEMPORAL_PAYLOAD_KEYS`: `id:base64key[,id:base64key…]`, each key 32 bytes (`openssl rand -base64 32`),
 * ids unique; the first key encrypts, all of them decrypt.
 */
export const payloadKeysSchema = z
  .string()
  .trim()
  .min(1, 'is empty')
  .transform((s, ctx): PayloadKey[] => {
    const keys: PayloadKey[] = [];
    for (const [i, part] of s.split(',').map((p) => p.trim()).entries()) {
      const at = part.indexOf(':');
      const id = at > 0 ? part.slice(0, at) : '';
      const b64 = at > 0 ? part.slice(at + 1) : '';
      if (!KEY_ID.test(id)) {
        ctx.addIssue({ code: 'custom', message: `key ${i + 1}: expected id:base64key with an id of letters, digits, . _ - (at most 64)` });
        continue;
      }
      const key = /^[A-Za-z0-9+/]+={0,2}$/.test(b64) ? Buffer.from(b64, 'base64') : Buffer.alloc(0);
      if (key.length !== KEY_BYTES) {
        ctx.addIssue({ code: 'custom', message: `key "${id}": must be ${KEY_BYTES} bytes in base64 (openssl rand -base64 32)` });
        continue;
      }
      if (keys.some((k) => k.id === id)) {
        ctx.addIssue({ code: 'custom', message: `key id "${id}" is given twice` });
        continue;
      }
      keys.push({ id, key });
    }
    return keys;
  });

/** A fresh key entry for `TEMPORAL_PAYLOAD_KEYS` (the development stack and the tests make their own). */
export function newPayloadKey(id: string): string {
  return `${id}:${randomBytes(KEY_BYTES).toString('base64')}`;
}

function seal(key: PayloadKey, p: Payload): Payload {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(ALGORITHM, key.key, iv);
  // The key id is authenticated with the data: a payload relabelled with another id does not open.
  cipher.setAAD(enc.encode(key.id));
  const plain = ProtoPayload.encode(p).finish();
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return {
    metadata: { [ENCODING_KEY]: enc.encode(ENCRYPTED_ENCODING), [KEY_ID_KEY]: enc.encode(key.id) },
    data: Buffer.concat([iv, body, cipher.getAuthTag()]),
  };
}

function open(keys: ReadonlyMap<string, Buffer>, p: Payload): Payload {
  const rawId = p.metadata?.[KEY_ID_KEY];
  if (!rawId || rawId.length === 0) throw new PayloadDecryptionError('an encrypted payload names no key id');
  const id = dec.decode(rawId);
  const key = keys.get(id);
  if (!key) throw new PayloadDecryptionError(`an encrypted payload names key id "${id}", which is not among TEMPORAL_PAYLOAD_KEYS`, id);
  const data = p.data ?? new Uint8Array();
  if (data.length < IV_BYTES + TAG_BYTES) throw new PayloadDecryptionError(`an encrypted payload under key "${id}" is too short`, id);
  const decipher = createDecipheriv(ALGORITHM, key, data.subarray(0, IV_BYTES));
  decipher.setAAD(enc.encode(id));
  decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
  let plain: Buffer;
  try {
    plain = Buffer.concat([decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)), decipher.final()]);
  } catch {
    throw new PayloadDecryptionError(`an encrypted payload under key "${id}" does not authenticate (wrong key or damaged data)`, id);
  }
  return ProtoPayload.decode(plain);
}

/** Whether a payload carries the encryption marker. */
export function isEncrypted(p: Payload): boolean {
  const e = p.metadata?.[ENCODING_KEY];
  return e !== undefined && e !== null && dec.decode(e) === ENCRYPTED_ENCODING;
}

/** One payload opened with any of the keys (a plaintext one as it is), without the codec's promise. */
export function decryptPayload(keys: readonly PayloadKey[], p: Payload): Payload {
  return isEncrypted(p) ? open(new Map(keys.map((k) => [k.id, k.key])), p) : p;
}

/** The AES-256-GCM codec over the given keys; the first one encrypts. */
export function createPayloadCodec(keys: readonly PayloadKey[]): PayloadCodec {
  const [current] = keys;
  if (!current) throw new Error('the payload codec needs at least one key');
  const byId = new Map(keys.map((k) => [k.id, k.key]));
  return {
    async encode(payloads) {
      return payloads.map((p) => (isEncrypted(p) ? p : seal(current, p)));
    },
    async decode(payloads) {
      // No marker: written before the codec (the replay fixtures, requests started before an upgrade).
      return payloads.map((p) => (isEncrypted(p) ? open(byId, p) : p));
    },
  };
}

/** The client's and worker's data converter: the codec when keys are configured, Temporal's default otherwise. */
export function dataConverterFor(keys: readonly PayloadKey[] | undefined): { payloadCodecs: PayloadCodec[] } | undefined {
  return keys && keys.length > 0 ? { payloadCodecs: [createPayloadCodec(keys)] } : undefined;
}
