import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import type { RunningService } from '../../platform/service.ts';
import { notificationEnv } from '../../services/notification/config.ts';
import { startNotification } from '../../services/notification/service.ts';
import { eventually, mongoUrlFor, testLogger, testStack } from '../support/stack.ts';
import { bearer, phoneCall, startApi, str, type Api } from './support.ts';

describe('gateway: the notification service’s delivery log for staff', function () {
  this.timeout(120_000);
  let api: Api;
  let notification: RunningService;
  before(async () => {
    api = await startApi({ name: 'gw_notify', worker: true });
    const s = testStack();
    notification = await startNotification(
      notificationEnv.parse({
        NODE_ENV: 'test',
        LOG_LEVEL: 'error',
        MONGO_URL: mongoUrlFor('gw_notify_log'),
        NATS_URL: s.NATS_URL,
        SMTP_URL: s.SMTP_URL,
        NOTIFY_DURABLE: `gw-notify-${randomUUID().slice(0, 8)}`,
        NOTIFY_DELIVER_POLICY: 'new',
      }),
      testLogger,
    );
  });
  after(async () => {
    await notification?.stop();
    await api?.stop();
  });

  it('5.12 shows staff that the executor was told of a new request, and refuses the log to an executor', async () => {
    const operator = (await api.userWith('operator')).token;
    const res = await api.http.post('/api/v1/requests').set(bearer(operator)).send(phoneCall({ categoryCode: 'LIFT-01' }));
    expect(res.status).to.equal(201);
    const number = str(res.body.number);
    const delivery = await eventually(async () => {
      const log = await api.http.get(`/api/v1/notifications/deliveries?requestNumber=${number}`).set(bearer(operator));
      expect(log.status, JSON.stringify(log.body)).to.equal(200);
      const items = log.body.items as Array<{ template: string; status: string; recipient: string }>;
      return items.find((d) => d.template === 'executor.new_request' && d.status === 'sent');
    }, 'the delivery to the executor', 30_000);
    expect(delivery.recipient).to.equal('dispatch@lift.example.org');
    const bad = await api.http.get('/api/v1/notifications/deliveries?status=bogus').set(bearer(operator));
    expect(bad.status).to.equal(400);
    const executor = (await api.userWith('executor')).token;
    expect((await api.http.get('/api/v1/notifications/deliveries').set(bearer(executor))).status).to.equal(403);
    const parked = await api.http.get('/api/v1/notifications/parked').set(bearer(api.adminToken));
    expect(parked.status).to.equal(200);
    expect(parked.body).to.include({ page: 1 });
  });
});
