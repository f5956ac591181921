import { expect } from 'chai';
import fs from 'node:fs';
import { WEB_TYPES_FILE, webTypes } from '../../infra/web-types.ts';

describe('web application: its API types', function () {
  this.timeout(60_000);

  it('are generated from the API’s current OpenAPI document (npm run web:types after an API change)', async () => {
    expect(fs.readFileSync(WEB_TYPES_FILE, 'utf8') === (await webTypes()), 'web/src/openapi.d.ts is out of date: run npm run web:types').to.equal(true);
  });
});
