/**
 * The web application's API types, generated from the gateway's OpenAPI document (itself generated
 * from the zod schemas that validate the API), so the pages cannot drift from the API.
 *   node --import tsx infra/web-types.ts          writes web/src/openapi.d.ts
 *   node --import tsx infra/web-types.ts --check  exits 1 when the file is out of date
 */
import fs from 'node:fs';
import path from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';
import { openApiDocument } from '../services/gateway/openapi.ts';
import { API_ROUTES } from '../services/gateway/routes/index.ts';

export const WEB_TYPES_FILE = path.resolve(import.meta.dirname, '..', 'web', 'src', 'openapi.d.ts');

const HEADER = '// Generated from the gateway\'s OpenAPI document by infra/web-types.ts (npm run web:types). Do not edit.\n';

/** The TypeScript the current API description yields. */
export async function webTypes(): Promise<string> {
  const doc = JSON.parse(JSON.stringify(openApiDocument(API_ROUTES))) as Parameters<typeof openapiTS>[0];
  const ast = await openapiTS(doc, { alphabetize: false });
  return HEADER + astToString(ast);
}

if (process.argv[1] === import.meta.filename) {
  const text = await webTypes();
  if (process.argv.includes('--check')) {
    const current = fs.existsSync(WEB_TYPES_FILE) ? fs.readFileSync(WEB_TYPES_FILE, 'utf8') : '';
    if (current !== text) {
      process.stderr.write(`${path.relative(process.cwd(), WEB_TYPES_FILE)} is out of date: run npm run web:types\n`);
      process.exit(1);
    }
  } else {
    fs.writeFileSync(WEB_TYPES_FILE, text);
    process.stdout.write(`wrote ${path.relative(process.cwd(), WEB_TYPES_FILE)}\n`);
  }
}
