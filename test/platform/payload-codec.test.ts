/**
 * The Temporal payload codec (platform/payload-codec.ts) on its own: AES-256-GCM with a key id in
 * every payload, rotation, refusals, and the plaintext payloads written before it.
 */
import { defaultPayloadConverter } from '@temporalio/common';
import { expect } from 'chai';
import { parseEnv } from '../../platform/config.ts';
import { createPayloadCodec, ENCODING_KEY, KEY_ID_KEY, newPayloadKey, PayloadDecryptionError, payloadKeysSchema, type PayloadKey } from '../../platform/payload-codec.ts';
import { gatewayEnv } from '../../services/gateway/config.ts';
import { workerEnv } from '../../services/worker/config.ts';

const keys = (s: string): PayloadKey[] => payloadKeysSchema.parse(s);
const text = (b: Uint8Array | null | undefined): string => new TextDecoder().decode(b ?? new Uint8Array());
const applicant = { name: 'Марія Іваненко', phone: '+380675551234', email: 'maria@example.org', address: 'вул. Героїв АТО 12, кв. 5' };

async function refusal(p: Promise<unknown>): Promise<PayloadDecryptionError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof PayloadDecryptionError) return err;
    throw err;
  }
  throw new Error('the codec opened a payload it should refuse');
}

describe('the Temporal payload codec (AES-256-GCM, key ids)', () => {
  const k1 = newPayloadKey('2026-01');
  const k2 = newPayloadKey('2026-07');

  it('seals a payload so that none of the applicant is readable, names the key id, and opens it again', async () => {
    const codec = createPayloadCodec(keys(k1));
    const plain = defaultPayloadConverter.toPayload(applicant);
    const [sealed] = await codec.encode([plain]);
    expect(text(sealed!.metadata![ENCODING_KEY])).to.equal('binary/encrypted');
    expect(text(sealed!.metadata![KEY_ID_KEY])).to.equal('2026-01');
    const bytes = Buffer.from(sealed!.data!);
    for (const v of Object.values(applicant)) expect(bytes.includes(Buffer.from(v)), v).to.equal(false);
    expect(bytes.includes(Buffer.from('json/plain')), 'the inner encoding is sealed too').to.equal(false);
    const [opened] = await codec.decode([sealed!]);
    expect(defaultPayloadConverter.fromPayload(opened!)).to.deep.equal(applicant);
  });

  it('uses a fresh nonce for every payload', async () => {
    const codec = createPayloadCodec(keys(k1));
    const plain = defaultPayloadConverter.toPayload('the same text');
    const [a, b] = await codec.encode([plain, plain]);
    expect(Buffer.from(a!.data!).equals(Buffer.from(b!.data!))).to.equal(false);
  });

  it('rotates: a new first key seals, the old one still opens what it sealed; without the old key that is refused', async () => {
    const before = createPayloadCodec(keys(k1));
    const [old] = await before.encode([defaultPayloadConverter.toPayload(applicant)]);
    const rotated = createPayloadCodec(keys(`${k2},${k1}`));
    const [fresh] = await rotated.encode([defaultPayloadConverter.toPayload(applicant)]);
    expect(text(fresh!.metadata![KEY_ID_KEY])).to.equal('2026-07');
    const opened = await rotated.decode([old!, fresh!]);
    expect(opened.map((p) => defaultPayloadConverter.fromPayload(p))).to.deep.equal([applicant, applicant]);
    const retired = createPayloadCodec(keys(k2));
    const err = await refusal(retired.decode([old!]));
    expect(err.message).to.include('"2026-01"');
    expect(err.keyId).to.equal('2026-01');
  });

  it('refuses a payload whose key id is missing', async () => {
    const codec = createPayloadCodec(keys(k1));
    const [sealed] = await codec.encode([defaultPayloadConverter.toPayload(applicant)]);
    const { [KEY_ID_KEY]: _dropped, ...rest } = sealed!.metadata!;
    const err = await refusal(codec.decode([{ ...sealed!, metadata: rest }]));
    expect(err.message).to.include('names no key id');
  });

  it('refuses a payload relabelled with another key id it holds, or with damaged data', async () => {
    const codec = createPayloadCodec(keys(`${k1},${k2}`));
    const [sealed] = await codec.encode([defaultPayloadConverter.toPayload(applicant)]);
    const relabelled = { ...sealed!, metadata: { ...sealed!.metadata, [KEY_ID_KEY]: new TextEncoder().encode('2026-07') } };
    expect((await refusal(codec.decode([relabelled]))).message).to.include('does not authenticate');
    const data = Buffer.from(sealed!.data!);
    data[20] = data[20]! ^ 1;
    expect((await refusal(codec.decode([{ ...sealed!, data }]))).message).to.include('does not authenticate');
  });

  it('reads a plaintext payload written before the codec (no encryption marker) as it is', async () => {
    const codec = createPayloadCodec(keys(k1));
    const legacy = defaultPayloadConverter.toPayload(applicant);
    const [read] = await codec.decode([legacy]);
    expect(read).to.equal(legacy);
    expect(defaultPayloadConverter.fromPayload(read!)).to.deep.equal(applicant);
  });

  it('reads TEMPORAL_PAYLOAD_KEYS naming each bad entry, and requires it in production', () => {
    expect(payloadKeysSchema.safeParse(`${k1},${k1}`).error?.issues[0]?.message).to.include('given twice');
    expect(payloadKeysSchema.safeParse('k1:c2hvcnQ=').error?.issues[0]?.message).to.include('32 bytes');
    expect(payloadKeysSchema.safeParse('no key here').error?.issues[0]?.message).to.include('id:base64key');
    const base = { TEMPORAL_ADDRESS: '127.0.0.1:7233', MONGO_URL: 'mongodb://127.0.0.1:27017/cc', NATS_URL: 'nats://127.0.0.1:4222', JWT_SECRET: 'x'.repeat(32) };
    expect(() => parseEnv(workerEnv, { ...base, NODE_ENV: 'production' })).to.throw(/TEMPORAL_PAYLOAD_KEYS: is required in production/);
    expect(() => parseEnv(gatewayEnv, { ...base, NODE_ENV: 'production' })).to.throw(/TEMPORAL_PAYLOAD_KEYS: is required in production/);
    expect(() => parseEnv(gatewayEnv, { ...base, NODE_ENV: 'production', TEMPORAL_PAYLOAD_KEYS: 'k1:c2hvcnQ=' })).to.throw(/TEMPORAL_PAYLOAD_KEYS: key "k1": must be 32 bytes/);
    expect(parseEnv(workerEnv, { ...base, NODE_ENV: 'production', TEMPORAL_PAYLOAD_KEYS: `${k2},${k1}` }).TEMPORAL_PAYLOAD_KEYS?.map((k) => k.id)).to.deep.equal(['2026-07', '2026-01']);
  });
});
