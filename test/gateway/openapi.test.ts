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

  it('describes that only operators and managers get the bookers of a consultation session, residents the free places without them', async () => {
    const doc = (await request(app).get('/api/v1/openapi.json')).body;
    for (const path of ['/consultation-sessions', '/consultation-sessions/{id}']) {
      const ok = doc.paths[path].get.responses['200'];
      expect(ok.description, path).to.match(/operators and managers/i).and.to.match(/name, phone and email/);
      expect(JSON.stringify(ok.content['application/json'].schema), path).to.contain('#/components/schemas/ConsultationSession').and.to.contain('#/components/schemas/ResidentConsultationSession');
      expect(doc.paths[path].get['x-roles'], path).to.deep.equal(['applicant', 'operator', 'manager']);
    }
    expect(doc.components.schemas.ResidentConsultationSession.properties.slots.items.properties).to.not.have.property('bookings');
  });

  it('serves Swagger UI at /api/docs', async () => {
    const res = await request(app).get('/api/docs/').redirects(1);
    expect(res.status).to.equal(200);
    expect(res.text).to.include('swagger-ui');
  });
});
