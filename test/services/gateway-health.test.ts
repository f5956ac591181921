import { expect } from 'chai';
import request from 'supertest';
import { createApp } from '../../services/gateway/app.ts';

describe('gateway health endpoints', () => {
  it('answers /healthz while the process serves HTTP', async () => {
    const res = await request(createApp({ readiness: {} })).get('/healthz');
    expect(res.status).to.equal(200);
    expect(res.body).to.deep.equal({ status: 'ok' });
  });

  it('answers /readyz 503 naming the dependency that fails, and 200 when all answer', async () => {
    let mongoUp = false;
    const app = createApp({
      readiness: {
        mongodb: async () => {
          if (!mongoUp) throw new Error('connection refused');
        },
        nats: async () => undefined,
      },
    });
    const down = await request(app).get('/readyz');
    expect(down.status).to.equal(503);
    expect(down.body.checks).to.deep.equal({ mongodb: { ok: false, error: 'connection refused' }, nats: { ok: true } });
    mongoUp = true;
    const up = await request(app).get('/readyz');
    expect(up.status).to.equal(200);
    expect(up.body.status).to.equal('ready');
  });

  it('answers malformed JSON with 400 in the API error shape, never a stack trace', async () => {
    const res = await request(createApp({ readiness: {} })).post('/anything').set('content-type', 'application/json').send('{"a":');
    expect(res.status).to.equal(400);
    expect(res.body).to.deep.equal({ error: { code: 'invalid_json', message: 'the request body is not valid JSON' } });
  });
});
