/** The city's districts (`address.district`): public to read, changed by the admin. */
import { z } from 'zod';
import { districtNameSchema, districtSchema } from '../../../data/districts.repository.ts';
import { HttpError } from '../http-errors.ts';
import { publicRoute, route, type AnyRoute } from './define.ts';

const districtOut = z.object({ name: z.string(), active: z.boolean() }).meta({ id: 'District' });

export const districtRoutes: AnyRoute[] = [
  publicRoute({
    id: 'districts.list',
    method: 'get',
    path: '/districts',
    tag: 'admin',
    summary: 'List the districts',
    description: 'Public: the districts a request address can name (`address.district`); registration refuses any other (422 unknown_district).',
    query: z.object({ includeInactive: z.enum(['true', 'false']).default('false').transform((v) => v === 'true') }),
    responses: { 200: { description: 'Districts in alphabetical order', schema: z.array(districtOut) } },
    handler: async ({ query, deps }) => ({ body: await deps.districts.list({ includeInactive: query.includeInactive }) }),
  }),
  route({
    id: 'districts.create',
    method: 'post',
    path: '/districts',
    tag: 'admin',
    summary: 'Add a district',
    body: districtSchema,
    responses: { 201: { description: 'Created', schema: districtOut }, 409: { description: 'The district exists' } },
    handler: async ({ body, deps }) => {
      if (await deps.districts.get(body.name)) {
        throw new HttpError(409, 'district_exists', `district ${body.name} exists; change it with PUT /districts/{name}`, { field: 'name' });
      }
      const { district } = await deps.districts.upsert(body);
      return { status: 201, body: district };
    },
  }),
  route({
    id: 'districts.update',
    method: 'put',
    path: '/districts/{name}',
    tag: 'admin',
    summary: 'Change a district',
    description: 'Retires (`active: false`) or restores a district. Requests already registered keep their district; new ones may not name a retired one.',
    params: z.object({ name: districtNameSchema }),
    body: z.object({ active: z.boolean() }).strict(),
    responses: { 200: { description: 'The changed district', schema: districtOut }, 404: { description: 'No such district' } },
    handler: async ({ params, body, deps }) => {
      const current = await deps.districts.get(params.name);
      if (!current) throw new HttpError(404, 'not_found', `no district ${params.name}`);
      const { district } = await deps.districts.upsert({ ...current, ...body });
      return { body: district };
    },
  }),
];
