import { expect } from 'chai';
import { ConfigError, parseEnv } from '../../platform/config.ts';
import { gatewayEnv } from '../../services/gateway/config.ts';
import { notificationEnv } from '../../services/notification/config.ts';

const good = {
  TEMPORAL_ADDRESS: '127.0.0.1:7233',
  MONGO_URL: 'mongodb://127.0.0.1:27017/cc?directConnection=true',
  NATS_URL: 'nats://127.0.0.1:4222',
};

describe('configuration from the environment', () => {
  it('applies the defaults: PORT 8080, namespace default, development, info', () => {
    const cfg = parseEnv(gatewayEnv, good);
    expect(cfg).to.include({ PORT: 8080, TEMPORAL_NAMESPACE: 'default', NODE_ENV: 'development', LOG_LEVEL: 'info' });
  });

  it('names every missing and every malformed variable in one error', () => {
    let err: unknown;
    try {
      parseEnv(gatewayEnv, { ...good, MONGO_URL: undefined, PORT: 'eighty', TEMPORAL_ADDRESS: 'localhost' });
    } catch (e) {
      err = e;
    }
    expect(err).to.be.instanceOf(ConfigError);
    const problems = (err as ConfigError).problems;
    expect(problems).to.have.length(3);
    expect(problems.find((p) => p.startsWith('MONGO_URL:'))).to.equal('MONGO_URL: is required');
    expect(problems.find((p) => p.startsWith('PORT:'))).to.be.a('string');
    expect(problems.find((p) => p.startsWith('TEMPORAL_ADDRESS:'))).to.contain('host:port');
  });

  it('refuses an SMTP address that is not smtp:// or smtps://', () => {
    expect(() => parseEnv(notificationEnv, { ...good, SMTP_URL: 'http://mail' })).to.throw(ConfigError, /SMTP_URL: must be a URL starting with smtp:\/\/ or smtps:\/\//);
  });
});
