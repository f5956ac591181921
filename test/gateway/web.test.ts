import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { type Api, bearer, phoneCall, startApi } from './support.ts';

describe('gateway: the web application and what it needs', function () {
  this.timeout(120_000);
  let api: Api;
  before(async () => {
    api = await startApi({ name: 'gw_web', worker: true });
  });
  after(async () => {
    await api.stop();
  });

  it('serves the web application at / and at every page path, its assets named by content hash, and leaves the API’s answers JSON', async () => {
    const home = await api.http.get('/');
    expect(home.status).to.equal(200);
    expect(home.headers['content-type']).to.match(/^text\/html/);
    expect(home.text).to.include('<html lang="uk">');
    const js = /src="(\/assets\/app-[A-Z0-9]+\.js)"/.exec(home.text)?.[1];
    const css = /href="(\/assets\/app-[A-Z0-9]+\.css)"/.exec(home.text)?.[1];
    expect(js, home.text).to.be.a('string');
    expect(css, home.text).to.be.a('string');
    const script = await api.http.get(js!);
    expect(script.status).to.equal(200);
    expect(script.headers['content-type']).to.match(/^text\/javascript/);
    expect(script.headers['cache-control']).to.include('immutable');
    expect((await api.http.get(css!)).headers['content-type']).to.match(/^text\/css/);

    const page = await api.http.get(`/requests/${api.prefix}-2026-000001`);
    expect(page.status).to.equal(200);
    expect(page.text).to.equal(home.text);
    const again = await api.http.get('/cabinet').set('If-None-Match', home.headers.etag as string);
    expect(again.status).to.equal(304);

    const missingApi = await api.http.get('/api/v1/no-such-route');
    expect(missingApi.status).to.equal(404);
    expect(missingApi.body.error.code).to.equal('not_found');
    expect((await api.http.get('/assets/app-NOSUCH.js')).status).to.equal(404);
    expect((await api.http.get('/healthz')).body).to.deep.equal({ status: 'ok' });
  });

  it('answers a request’s status to whoever gives its number and the phone it was filed under, and a wrong phone as an unknown number', async () => {
    const operator = (await api.userWith('operator')).token;
    const reg = await api.http
      .post('/api/v1/requests')
      .set(bearer(operator))
      .set('Idempotency-Key', randomUUID())
      .send(phoneCall({ applicant: { name: 'Марія Іваненко', phone: '067 555 12 34' } }));
    expect(reg.status, JSON.stringify(reg.body)).to.equal(201);
    const number = reg.body.number as string;

    const found = await api.http.get(`/api/v1/public/requests/${number}`).query({ phone: '(067) 555-12-34' });
    expect(found.status, JSON.stringify(found.body)).to.equal(200);
    expect(found.body).to.include({ number, status: 'in_progress', categoryCode: 'WATER-02', executorName: 'КП «Кривбасводоканал»' });
    // Nothing personal: no name, phone, address or comments.
    expect(found.body).to.not.have.any.keys('applicant', 'address', 'comments', 'history', 'description');

    const wrongPhone = await api.http.get(`/api/v1/public/requests/${number}`).query({ phone: '067 555 12 35' });
    const unknown = await api.http.get(`/api/v1/public/requests/${api.prefix}-2026-999999`).query({ phone: '067 555 12 34' });
    expect(wrongPhone.status).to.equal(404);
    expect(unknown.status).to.equal(404);
    expect(wrongPhone.body.error.code).to.equal(unknown.body.error.code);
    const noPhone = await api.http.get(`/api/v1/public/requests/${number}`);
    expect(noPhone.status).to.equal(400);
    expect(noPhone.body.error.details.fields[0].field).to.equal('query.phone');
  });
});
