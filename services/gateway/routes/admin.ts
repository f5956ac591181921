/** Admin data (8.1.1): users, executors with their responsible person, the Classifier and the working calendar. */
import { z } from 'zod';
import { newUserSchema, passwordSchema, roleSchema, type Role } from '../../../contracts/users.ts';
import { executorChangesSchema, executorInputSchema, executorSchema } from '../../../data/executors.repository.ts';
import { calendarSchema } from '../../../domain/calendar.ts';
import { categorySchema } from '../../../domain/classifier.ts';
import { phoneSchema } from '../../../domain/phone.ts';
import type { ApiDeps } from '../deps.ts';
import { HttpError } from '../http-errors.ts';
import { userOut } from '../schemas.ts';
import { pageQuery, publicRoute, route, type AnyRoute } from './define.ts';

const executorOut = executorSchema.meta({ id: 'Executor' });
const categoryOut = categorySchema.meta({ id: 'Category' });
const calendarOut = calendarSchema.meta({ id: 'WorkingCalendar' });

async function requireExecutor(deps: ApiDeps, executorId: string | undefined, field = 'executorId'): Promise<void> {
  if (executorId === undefined) return;
  if (!(await deps.executors.byId(executorId))) throw new HttpError(422, 'unknown_executor', `no executor with id '${executorId}'`, { field, executorId });
}

function checkRoleBinding(role: Role, executorId: string | undefined): void {
  if (role === 'executor' && !executorId) throw new HttpError(400, 'invalid_input', 'body.executorId: an executor user needs an executorId', { fields: [{ field: 'body.executorId', message: 'required for role executor' }] });
  if (role !== 'executor' && executorId) throw new HttpError(400, 'invalid_input', 'body.executorId: only executor users belong to an executor', { fields: [{ field: 'body.executorId', message: 'only for role executor' }] });
}

const idParam = z.object({ id: z.string().min(1).max(64) });

export const userRoutes: AnyRoute[] = [
  route({
    id: 'users.list',
    method: 'get',
    path: '/users',
    tag: 'admin',
    summary: 'List users',
    query: z.object({ role: roleSchema.optional(), executorId: z.string().optional(), ...pageQuery }),
    responses: { 200: { description: 'A page of users', schema: z.object({ items: z.array(userOut), total: z.number(), page: z.number(), pageSize: z.number() }) } },
    handler: async ({ query, deps }) => ({ body: { ...(await deps.users.list(query)), page: query.page, pageSize: query.pageSize } }),
  }),
  route({
    id: 'users.get',
    method: 'get',
    path: '/users/{id}',
    tag: 'admin',
    summary: 'Show a user',
    params: idParam,
    responses: { 200: { description: 'The user', schema: userOut }, 404: { description: 'No such user' } },
    handler: async ({ params, deps }) => {
      const user = await deps.users.byId(params.id);
      if (!user) throw new HttpError(404, 'not_found', `no user ${params.id}`);
      return { body: user };
    },
  }),
  route({
    id: 'users.create',
    method: 'post',
    path: '/users',
    tag: 'admin',
    summary: 'Create a user',
    description: 'Staff accounts (operator, executor bound to an executorId, manager, ict, analyst, admin) and applicants.',
    body: newUserSchema,
    responses: { 201: { description: 'Created', schema: userOut }, 409: { description: 'The login is taken' }, 422: { description: 'Unknown executor' } },
    handler: async ({ body, deps }) => {
      await requireExecutor(deps, body.executorId);
      return { status: 201, body: await deps.users.create(body) };
    },
  }),
  route({
    id: 'users.update',
    method: 'put',
    path: '/users/{id}',
    tag: 'admin',
    summary: 'Change a user',
    description:
      'Any of name, role, executorId, phone, email, active, password; a new password, another role or executor, or deactivation signs the user out at once: every token issued to them before is refused (401) on their next request, also once they are active again. ' +
      'An admin cannot deactivate or demote their own account (409 `own_admin_rights`: another admin does it), and no change may leave the system without an active admin (409 `last_admin`).',
    params: idParam,
    body: z
      .object({
        name: z.string().trim().min(1).max(200),
        role: roleSchema,
        executorId: z.string().trim().min(1).nullable(),
        phone: phoneSchema,
        email: z.string().trim().email(),
        active: z.boolean(),
        password: passwordSchema,
      })
      .partial()
      .strict(),
    responses: {
      200: { description: 'The changed user', schema: userOut },
      404: { description: 'No such user' },
      409: {
        description:
          '`own_admin_rights`: an admin may not deactivate or demote their own account (so nobody locks themselves out by mistake); `last_admin`: the change would leave no active admin.',
      },
    },
    handler: async ({ params, body, user, deps }) => {
      const current = await deps.users.byId(params.id);
      if (!current) throw new HttpError(404, 'not_found', `no user ${params.id}`);
      const removesAdmin = body.active === false || (body.role !== undefined && body.role !== 'admin');
      if (current.id === user.id && removesAdmin) {
        throw new HttpError(409, 'own_admin_rights', 'an admin cannot deactivate or demote their own account; another admin can', { userId: user.id });
      }
      const role = body.role ?? current.role;
      const executorId = body.executorId === null ? undefined : (body.executorId ?? (role === 'executor' ? current.executorId : undefined));
      checkRoleBinding(role, executorId);
      await requireExecutor(deps, executorId);
      const { executorId: _e, ...rest } = body;
      const updated = await deps.users.update(params.id, { ...rest, ...(executorId !== current.executorId ? { executorId: executorId ?? null } : {}) });
      if (!updated) throw new HttpError(404, 'not_found', `no user ${params.id}`);
      return { body: updated };
    },
  }),
];

export const executorRoutes: AnyRoute[] = [
  route({
    id: 'executors.list',
    method: 'get',
    path: '/executors',
    tag: 'admin',
    summary: 'List executors',
    responses: { 200: { description: 'Every executor with its responsible person (8.1.1)', schema: z.array(executorOut) } },
    handler: async ({ deps }) => ({ body: await deps.executors.list() }),
  }),
  route({
    id: 'executors.get',
    method: 'get',
    path: '/executors/{id}',
    tag: 'admin',
    summary: 'Show an executor',
    params: idParam,
    responses: { 200: { description: 'The executor', schema: executorOut }, 404: { description: 'No such executor' } },
    handler: async ({ params, deps }) => {
      const ex = await deps.executors.byId(params.id);
      if (!ex) throw new HttpError(404, 'not_found', `no executor ${params.id}`);
      return { body: ex };
    },
  }),
  route({
    id: 'executors.create',
    method: 'post',
    path: '/executors',
    tag: 'admin',
    summary: 'Create an executor',
    description: '8.1.1: every executor names its responsible person for work with the Contact Center.',
    body: executorInputSchema,
    responses: { 201: { description: 'Created', schema: executorOut }, 409: { description: 'The id is taken' } },
    handler: async ({ body, deps }) => ({ status: 201, body: await deps.executors.create(body) }),
  }),
  route({
    id: 'executors.update',
    method: 'put',
    path: '/executors/{id}',
    tag: 'admin',
    summary: 'Change an executor',
    params: idParam,
    body: executorChangesSchema.strict(),
    responses: { 200: { description: 'The changed executor', schema: executorOut }, 404: { description: 'No such executor' } },
    handler: async ({ params, body, deps }) => {
      const ex = await deps.executors.update(params.id, body);
      if (!ex) throw new HttpError(404, 'not_found', `no executor ${params.id}`);
      return { body: ex };
    },
  }),
];

export const classifierRoutes: AnyRoute[] = [
  publicRoute({
    id: 'classifier.list',
    method: 'get',
    path: '/classifier',
    tag: 'admin',
    summary: 'List the Classifier',
    description: 'Public: the categories a request can be filed under, with their executor and terms.',
    query: z.object({ includeInactive: z.enum(['true', 'false']).default('false').transform((v) => v === 'true') }),
    responses: { 200: { description: 'Categories by code', schema: z.array(categoryOut) } },
    handler: async ({ query, deps }) => ({ body: await deps.classifier.list({ includeInactive: query.includeInactive }) }),
  }),
  route({
    id: 'classifier.create',
    method: 'post',
    path: '/classifier',
    tag: 'admin',
    summary: 'Add a Classifier category',
    body: categorySchema,
    responses: { 201: { description: 'Created', schema: categoryOut }, 409: { description: 'The code exists' }, 422: { description: 'Unknown executor' } },
    handler: async ({ body, deps }) => {
      if (await deps.classifier.get(body.code)) throw new HttpError(409, 'category_exists', `category ${body.code} exists; change it with PUT /classifier/${body.code}`, { field: 'code' });
      await requireExecutor(deps, body.executorId);
      const { category } = await deps.classifier.upsert(body);
      return { status: 201, body: category };
    },
  }),
  route({
    id: 'classifier.update',
    method: 'put',
    path: '/classifier/{code}',
    tag: 'admin',
    summary: 'Change a Classifier category',
    description: 'Replaces the category. Requests already registered keep the route and terms they were given.',
    params: z.object({ code: z.string().min(1).max(32) }),
    body: categorySchema.omit({ code: true }),
    responses: { 200: { description: 'The changed category', schema: categoryOut }, 404: { description: 'No such category' } },
    handler: async ({ params, body, deps }) => {
      const current = await deps.classifier.get(params.code);
      if (!current) throw new HttpError(404, 'not_found', `no category ${params.code}`);
      await requireExecutor(deps, body.executorId);
      const { category } = await deps.classifier.upsert({ ...body, code: current.code });
      return { body: category };
    },
  }),
];

export const calendarRoutes: AnyRoute[] = [
  route({
    id: 'calendar.get',
    method: 'get',
    path: '/calendar',
    tag: 'admin',
    summary: 'Show the working calendar',
    responses: { 200: { description: 'The calendar deadlines are computed with', schema: calendarOut } },
    handler: async ({ deps }) => ({ body: await deps.calendar.get() }),
  }),
  route({
    id: 'calendar.put',
    method: 'put',
    path: '/calendar',
    tag: 'admin',
    summary: 'Replace the working calendar',
    description: 'Working periods per weekday, public holidays, extra working days and the martial-law switch. Applies to deadlines computed from now on.',
    body: calendarSchema,
    responses: { 200: { description: 'The stored calendar', schema: calendarOut } },
    handler: async ({ body, user, deps }) => ({ body: await deps.calendar.put(body, user.id) }),
  }),
];
