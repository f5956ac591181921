import { expect } from 'chai';
import { ROLES, type Role } from '../../contracts/users.ts';
import { ACCESS, allows } from '../../services/gateway/rbac.ts';
import { API_ROUTES } from '../../services/gateway/routes/index.ts';
import { bearer, startApi, type Api } from './support.ts';

/** A concrete URL for a route: placeholders get well-formed values that name nothing stored. */
function urlOf(path: string, prefix: string): string {
  const values: Record<string, string> = {
    number: `${prefix}-2026-999999`,
    id: '00000000-0000-4000-8000-000000000000',
    phone: '+380679990000',
    code: 'NO-SUCH',
  };
  return `/api/v1${path.replace(/\{(\w+)\}/g, (_m, name: string) => encodeURIComponent(values[name] ?? 'x'))}`;
}

describe('gateway: the roles × routes matrix', function () {
  this.timeout(120_000);
  let api: Api;
  const tokens = new Map<Role, string>();
  before(async () => {
    api = await startApi({ name: 'gw_rbac', intake: false });
    for (const role of ROLES) tokens.set(role, (await api.userWith(role)).token);
  });
  after(async () => {
    await api.stop();
  });

  it('mounts every route of the RBAC table, and only those', () => {
    const mounted = API_ROUTES.map((r) => r.id).sort();
    expect(mounted).to.deep.equal(Object.keys(ACCESS).sort());
    expect(new Set(API_ROUTES.map((r) => `${r.method} ${r.path}`)).size).to.equal(API_ROUTES.length);
  });

  it('answers every role on every route as the table says: 403 role_forbidden exactly where the role is not listed, 401 without a token unless public', async () => {
    const mismatches: string[] = [];
    for (const r of API_ROUTES) {
      const url = urlOf(r.path, api.prefix);
      const call = (token?: string) => {
        const req = api.http[r.method](url);
        if (token) void req.set(bearer(token));
        return r.method === 'get' ? req : req.send({});
      };
      const anon = await call();
      const anonOk = ACCESS[r.id] === 'public' ? anon.status !== 401 : anon.status === 401;
      if (!anonOk) mismatches.push(`${r.id} anonymous → ${anon.status}`);
      for (const role of ROLES) {
        const res = await call(tokens.get(role));
        const refused = res.status === 403 && res.body?.error?.code === 'role_forbidden';
        if (refused === allows(ACCESS[r.id], role)) mismatches.push(`${r.id} as ${role} → ${res.status} ${res.body?.error?.code ?? ''}`);
        if (res.status >= 500 && res.status !== 503) mismatches.push(`${r.id} as ${role} → ${res.status} (a server error)`);
      }
    }
    expect(mismatches).to.deep.equal([]);
  });
});
