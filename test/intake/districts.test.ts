import { expect } from 'chai';
import { DISTRICTS } from '../../infra/seed/data.ts';
import { type Api, bearer, phoneCall, startApi } from '../gateway/support.ts';

describe('intake: the district of a request address', function () {
  this.timeout(120_000);
  let api: Api;
  let operator: string;
  before(async () => {
    api = await startApi({ name: 'intake_districts', worker: true });
    operator = (await api.userWith('operator')).token;
  });
  after(async () => {
    await api?.stop();
  });

  const at = (district: string) => phoneCall({ address: { district, street: `вул. Районна ${Math.random().toString(36).slice(2, 8)}`, building: '1' } });

  it('refuses a district that is not one of the city’s with 422 unknown_district, naming body.address.district and the known districts', async () => {
    const res = await api.http.post('/api/v1/requests').set(bearer(operator)).send(at('Саксаганскый'));
    expect(res.status, JSON.stringify(res.body)).to.equal(422);
    expect(res.body.error.code).to.equal('unknown_district');
    const details = res.body.error.details as { fields: Array<{ field: string; message: string }>; districts: string[] };
    expect(details.fields.map((f) => f.field)).to.deep.equal(['body.address.district']);
    expect(details.fields[0]!.message).to.include('Саксаганскый');
    expect(details.districts).to.have.members([...DISTRICTS]);
    const none = await api.http.get('/api/v1/requests?district=Саксаганскый').set(bearer(operator));
    expect(none.body.total).to.equal(0);
  });

  it('refuses a retired district and accepts one the admin added', async () => {
    const name = `Тестовий-${Math.random().toString(36).slice(2, 6)}`;
    expect((await api.http.post('/api/v1/districts').set(bearer(api.adminToken)).send({ name })).status).to.equal(201);
    const accepted = await api.http.post('/api/v1/requests').set(bearer(operator)).send(at(name));
    expect(accepted.status, JSON.stringify(accepted.body)).to.equal(201);
    expect((await api.http.put(`/api/v1/districts/${encodeURIComponent(name)}`).set(bearer(api.adminToken)).send({ active: false })).status).to.equal(200);
    const refused = await api.http.post('/api/v1/requests').set(bearer(operator)).send(at(name));
    expect(refused.status, JSON.stringify(refused.body)).to.equal(422);
    expect(refused.body.error.code).to.equal('unknown_district');
    expect(refused.body.error.details.districts).to.not.include(name);
  });
});
