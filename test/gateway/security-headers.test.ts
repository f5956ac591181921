/**
 * Deployment hardening of the HTTP edge: security headers (helmet) with a CSP fit for a same-origin
 * web application and for Swagger UI, CORS for the Temporal UI's codec calls, and, in production,
 * Swagger UI, the OpenAPI document and the readiness details for staff only.
 */
import { expect } from 'chai';
import request from 'supertest';
import { createApp } from '../../services/gateway/app.ts';
import { bearer, startApi, type Api } from './support.ts';

const directives = (csp: string | undefined): Map<string, string[]> =>
  new Map(
    (csp ?? '')
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...values]) => [name!, values]),
  );

describe('gateway: security headers and the staff-only tools', function () {
  this.timeout(120_000);

  it("sends helmet's headers and a CSP of 'self' scripts and styles, nothing inline, no framing", async () => {
    const res = await request(createApp({ readiness: {} })).get('/healthz');
    const csp = directives(res.headers['content-security-policy']);
    expect(csp.get('default-src')).to.deep.equal(["'self'"]);
    expect(csp.get('script-src')).to.deep.equal(["'self'"]);
    expect(csp.get('style-src')).to.deep.equal(["'self'"]);
    expect(csp.get('script-src-attr')).to.deep.equal(["'none'"]);
    expect(csp.get('object-src')).to.deep.equal(["'none'"]);
    expect(csp.get('frame-ancestors')).to.deep.equal(["'none'"]);
    expect(csp.has('upgrade-insecure-requests'), 'not outside production: the development stack is plain HTTP').to.equal(false);
    expect(res.headers['strict-transport-security']).to.match(/max-age=\d+/);
    expect(res.headers['x-content-type-options']).to.equal('nosniff');
    expect(res.headers['referrer-policy']).to.equal('no-referrer');
    expect(res.headers['cross-origin-opener-policy']).to.equal('same-origin');
    expect(res.headers['x-powered-by']).to.equal(undefined);
  });

  it('lets Swagger UI load under its CSP: its scripts are files of its own, only its styles are inline', async () => {
    const app = createApp({ readiness: {} });
    const page = await request(app).get('/api/docs/');
    expect(page.status).to.equal(200);
    const csp = directives(page.headers['content-security-policy']);
    expect(csp.get('script-src')).to.deep.equal(["'self'"]);
    expect(csp.get('style-src')).to.deep.equal(["'self'", "'unsafe-inline'"]);
    const scripts = [...page.text.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts).to.not.be.empty;
    for (const [, attrs, body] of scripts) {
      expect(attrs, 'a script from a file').to.match(/src=["']\.\/[\w.-]+\.js["']/);
      expect(body!.trim(), 'no inline script').to.equal('');
      const src = /src=["']\.\/([\w.-]+\.js)["']/.exec(attrs!)![1]!;
      expect((await request(app).get(`/api/docs/${src}`)).status, src).to.equal(200);
    }
  });

  it("answers the Temporal UI's preflight for the codec from its configured origin only, with credentials", async () => {
    const app = createApp({ readiness: {}, codecCorsOrigins: ['http://ui.example:8233'] });
    const ok = await request(app)
      .options('/api/v1/codec/decode')
      .set('Origin', 'http://ui.example:8233')
      .set('Access-Control-Request-Method', 'POST')
      .set('Access-Control-Request-Headers', 'content-type,x-namespace');
    expect(ok.status).to.equal(204);
    expect(ok.headers['access-control-allow-origin']).to.equal('http://ui.example:8233');
    expect(ok.headers['access-control-allow-credentials']).to.equal('true');
    expect(ok.headers['access-control-allow-headers']).to.match(/X-Namespace/i);
    const other = await request(app).options('/api/v1/codec/decode').set('Origin', 'http://evil.example').set('Access-Control-Request-Method', 'POST');
    expect(other.headers['access-control-allow-origin']).to.equal(undefined);
  });

  describe('in production', () => {
    let api: Api;
    before(async () => {
      // With intake: the gateway is ready only once intake holds the reference data.
      // Production wants the public address, and a proxy believed in front of an https one.
      api = await startApi({ name: 'gw_prod_tools', production: true, env: { PUBLIC_URL: 'https://1520.example.gov.ua', TRUST_PROXY: '2' } });
    });
    after(async () => {
      await api?.stop();
    });

    it('serves Swagger UI and the OpenAPI document to staff only (bearer or the staff session cookie)', async () => {
      for (const path of ['/api/docs/', '/api/v1/openapi.json']) {
        expect((await api.http.get(path)).status, `${path} anonymous`).to.equal(401);
        const applicant = await api.userWith('applicant');
        expect((await api.http.get(path).set(bearer(applicant.token))).status, `${path} applicant`).to.equal(401);
        const analyst = await api.userWith('analyst');
        expect((await api.http.get(path).set(bearer(analyst.token))).status, `${path} analyst`).to.equal(200);
      }
      const session = await api.http.post('/api/v1/staff-session').set(bearer(api.adminToken));
      const cookie = String(session.headers['set-cookie']).split(';')[0]!;
      const page = await api.http.get('/api/docs/').set('Cookie', cookie);
      expect(page.status).to.equal(200);
      expect(page.text).to.include('swagger-ui');
      expect(directives(page.headers['content-security-policy']).has('upgrade-insecure-requests')).to.equal(true);
    });

    it("answers /readyz with the verdict to anyone and the dependencies' details to staff only", async () => {
      const anonymous = await api.http.get('/readyz');
      expect(anonymous.status).to.equal(200);
      expect(anonymous.body).to.deep.equal({ status: 'ready' });
      const applicant = await api.userWith('applicant');
      expect((await api.http.get('/readyz').set(bearer(applicant.token))).body).to.deep.equal({ status: 'ready' });
      const staff = await api.http.get('/readyz').set(bearer(api.adminToken));
      expect(staff.body.status).to.equal('ready');
      expect(Object.keys(staff.body.checks as object).sort()).to.deep.equal(['intake', 'mongodb', 'nats', 'temporal']);
    });
  });
});
