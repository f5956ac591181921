import { expect } from 'chai';
import request from 'supertest';
import { createApp } from '../../services/gateway/app.ts';
import { ACCESS } from '../../services/gateway/rbac.ts';
import { API_ROUTES } from '../../services/gateway/routes/index.ts';
import { pluck } from './support.ts';

describe('gateway: API description', () => {
  const app = createApp({ readiness: {} });

  it('serves an OpenAPI 3.1 document at /api/v1/openapi.json with every route, its roles and its schemas', async () => {
    const res = await request(app).get('/api/v1/openapi.json');
    expect(res.status).to.equal(200);
    const doc = res.body;
    expect(doc.openapi).to.equal('3.1.0');
    for (const r of API_ROUTES) {
      const op = doc.paths[r.path]?.[r.method];
      expect(op, `${r.method} ${r.path}`).to.be.an('object');
      expect(op.operationId).to.equal(r.id);
      expect(op['x-roles']).to.deep.equal(ACCESS[r.id]);
    }
    const create = doc.paths['/requests'].post;
    expect(pluck(create.parameters, 'name')).to.include('idempotency-key');
    expect(create.responses['201'].content['application/json'].schema.$ref).to.equal('#/components/schemas/Registered');
    const closure = doc.paths['/requests/{number}/closure-proposal'].post;
    expect(Object.keys(closure.requestBody.content['application/json'].schema.properties as object)).to.include.members([
      'result',
      'unit',
      'enterprise',
      'executorSurname',
      'executorPhone',
      'date',
      'applicantInformedVia',
    ]);
    expect(doc.components.schemas.Error.properties.error.required).to.include.members(['code', 'message']);
    expect(doc.components.securitySchemes.bearer).to.deep.equal({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
  });

  it('serves Swagger UI at /api/docs', async () => {
    const res = await request(app).get('/api/docs/').redirects(1);
    expect(res.status).to.equal(200);
    expect(res.text).to.include('swagger-ui');
  });
});
