/** The OpenAPI 3.1 document, generated from the same route declarations and zod schemas that serve the API. */
import { createDocument, type ZodOpenApiObject, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject, type ZodOpenApiResponseObject } from 'zod-openapi';
import { errorBodySchema } from './http-errors.ts';
import { ACCESS } from './rbac.ts';
import type { AnyRoute } from './routes/define.ts';

export const API_BASE = '/api/v1';

const STANDARD_ERRORS: Record<number, string> = {
  400: 'Invalid input: details.fields names each offending field',
  401: 'Not signed in, or the token expired',
  403: 'The role may not do this, or the request is not yours',
};

function operation(r: AnyRoute): ZodOpenApiOperationObject {
  const access = ACCESS[r.id];
  const who = access === 'public' ? 'anyone' : access === 'authenticated' ? 'any signed-in user' : access.join(', ');
  const responses: Record<string, ZodOpenApiResponseObject> = {};
  for (const [status, doc] of Object.entries(r.responses)) {
    const ok = Number(status) < 400;
    responses[status] = {
      description: doc.description,
      ...(doc.content ? { content: doc.content } : { content: { 'application/json': { schema: ok ? (doc.schema ?? errorBodySchema) : errorBodySchema } } }),
    };
  }
  for (const [status, description] of Object.entries(STANDARD_ERRORS)) {
    if (access === 'public' && status !== '400') continue;
    responses[status] ??= { description, content: { 'application/json': { schema: errorBodySchema } } };
  }
  // A body the Regulation itself demands is refused with its own status (define.ts bodyRule), not 400.
  if (r.bodyRule) responses[String(r.bodyRule.status)] ??= { description: `${r.bodyRule.code}: ${r.bodyRule.clause} requires every field of the body; details.fields names each missing or invalid one`, content: { 'application/json': { schema: errorBodySchema } } };
  // A path names a thing (a request, a memo, a session); one that does not exist is 404 on every such route.
  const named = r.params ? Object.keys(r.params.shape) : [];
  if (named.length > 0) responses['404'] ??= { description: `Nothing has that ${named.join(' and ')}`, content: { 'application/json': { schema: errorBodySchema } } };
  return {
    operationId: r.id,
    tags: [r.tag],
    summary: r.summary,
    description: `${r.description ? `${r.description}\n\n` : ''}**Who:** ${who}.`,
    ...(access === 'public' ? { security: [] } : {}),
    requestParams: {
      ...(r.params ? { path: r.params } : {}),
      ...(r.query ? { query: r.query } : {}),
      ...(r.headers ? { header: r.headers } : {}),
    },
    ...(r.body ? { requestBody: { required: true, content: { 'application/json': { schema: r.body } } } } : {}),
    ...(r.rawBody ? { requestBody: r.rawBody } : {}),
    responses,
    'x-roles': access,
  };
}

/** Builds the document for the routes mounted under API_BASE. */
export function openApiDocument(routes: readonly AnyRoute[]): ReturnType<typeof createDocument> {
  const paths: ZodOpenApiPathsObject = {};
  for (const r of routes) {
    const item = (paths[r.path] ??= {});
    item[r.method] = operation(r);
  }
  const doc: ZodOpenApiObject = {
    openapi: '3.1.0',
    info: {
      title: 'Contact Center API',
      version: '1.0.0',
      description:
        'The HTTP API of the city Contact Center (Kryvyi Rih "1520"). Sign in with POST /auth/login and send `Authorization: Bearer <token>`. ' +
        'Errors are `{ "error": { "code", "message", "details"? } }`. Instants are ISO 8601 with offset; phones E.164 (+380…).',
    },
    servers: [{ url: API_BASE }],
    security: [{ bearer: [] }],
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
    paths,
  };
  return createDocument(doc, { override: sameTypeTuplesAsArrays });
}

/**
 * A tuple whose positions share one schema (the calendar's `[start, end]` hour pairs) is written as
 * an array of that schema of fixed length: the same constraint, without `prefixItems`. Schemathesis
 * (4.32) turns `prefixItems` into a Draft 4 `items: [..]` and then refuses the response schema as
 * invalid OpenAPI 3.1, which left GET /calendar's answers unchecked.
 */
const sameTypeTuplesAsArrays: NonNullable<NonNullable<Parameters<typeof createDocument>[1]>['override']> = ({ jsonSchema, zodSchema }) => {
  if (zodSchema._zod.def.type !== 'tuple') return;
  const prefix = jsonSchema.prefixItems;
  if (!Array.isArray(prefix) || prefix.length === 0 || (jsonSchema.items !== undefined && jsonSchema.items !== false)) return;
  const first = JSON.stringify(prefix[0]);
  if (!prefix.every((p) => JSON.stringify(p) === first)) return;
  delete jsonSchema.prefixItems;
  jsonSchema.items = prefix[0];
  jsonSchema.minItems = prefix.length;
  jsonSchema.maxItems = prefix.length;
};
