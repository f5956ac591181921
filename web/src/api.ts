/**
 * The one way the pages reach the gateway: openapi-fetch typed by openapi.d.ts (generated from the
 * API's own OpenAPI document), the bearer token of the session, and API errors turned into
 * `ApiError`, whose `fields` name the form fields the API refused.
 */
import createClient from 'openapi-fetch';
import type { components, paths } from './openapi';

export type Schemas = components['schemas'];
export type Card = Schemas['RequestCard'];
export type User = Schemas['User'];
export type Category = Schemas['Category'];
export type Role = User['role'];

const STORAGE_KEY = 'cc.session';

export interface Session {
  token: string;
  expiresAt: string;
  user: User;
}

type Listener = () => void;
const listeners = new Set<Listener>();

function readSession(): Session | null {
  try {
    const raw = sessionStorage.getItem(STORAGE_KEY);
    if (!raw) return null;
    const s = JSON.parse(raw) as Session;
    return new Date(s.expiresAt).getTime() > Date.now() ? s : null;
  } catch {
    return null;
  }
}

let current: Session | null = readSession();

export const session = {
  get: (): Session | null => current,
  set(s: Session | null): void {
    current = s;
    if (s) sessionStorage.setItem(STORAGE_KEY, JSON.stringify(s));
    else sessionStorage.removeItem(STORAGE_KEY);
    for (const l of listeners) l();
  },
  updateUser(user: User): void {
    if (current) session.set({ ...current, user });
  },
  subscribe(l: Listener): () => void {
    listeners.add(l);
    return () => listeners.delete(l);
  },
};

export const api = createClient<paths>({ baseUrl: '/api/v1' });
api.use({
  onRequest({ request }) {
    const s = session.get();
    if (s) request.headers.set('Authorization', `Bearer ${s.token}`);
    return request;
  },
  onResponse({ response }) {
    // An expired or revoked session: sign out, so the page offers the sign-in again.
    if (response.status === 401 && session.get()) session.set(null);
    return response;
  },
});

/** Ukrainian texts for the API's error codes (docs/api.md); the API's own message is shown beside them. */
const CODE_TEXT: Record<string, string> = {
  invalid_input: 'Перевірте виділені поля',
  invalid_credentials: 'Невірний логін або пароль',
  unauthenticated: 'Увійдіть, щоб продовжити',
  token_expired: 'Сесія завершилась: увійдіть знову',
  role_forbidden: 'Ваша роль не дозволяє цю дію',
  not_yours: 'Це звернення належить іншому виконавцю або заявнику',
  forbidden: 'Дію заборонено',
  phone_blocked: 'Номер заблоковано (п. 5.7)',
  not_found: 'Не знайдено',
  wrong_status: 'Дія неможлива в поточному статусі звернення',
  not_reviewable_yet: 'Розгляд пропозиції ще не можливий (п. 9.2.4)',
  login_taken: 'Цей логін або номер уже зареєстровано',
  rule_violation: 'Порушено правило Регламенту',
  unknown_category: 'Невідома категорія Класифікатора',
  inactive_category: 'Категорія більше не діє',
  unknown_district: 'Невідомий район',
  unknown_attachment: 'Файл не знайдено: завантажте його ще раз',
  wrong_code: 'Невірний код',
  no_code: 'Код недійсний: попросіть новий',
  too_soon: 'Новий код можна отримати за хвилину',
  too_many_attempts: 'Забагато спроб: попросіть новий код',
  already_verified: 'Номер уже підтверджено',
  too_large: 'Файл завеликий',
  unsupported_type: 'Дозволені лише фото (JPEG, PNG, WebP) і PDF',
  unsupported_media_type: 'Дозволені лише фото (JPEG, PNG, WebP) і PDF',
  invalid_upload: 'Файл не вдалося прочитати',
  executor_unavailable: 'Виконавець недоступний',
  intake_unavailable: 'Сервіс реєстрації тимчасово недоступний: спробуйте ще раз',
  registration_in_progress: 'Реєстрація ще триває: спробуйте ще раз',
  timeout: 'Сервіс не відповів вчасно: спробуйте ще раз',
  not_blocked: 'Номер не заблоковано',
  consultation_category: 'Це тема консультації: поставте питання, а не подавайте звернення',
  not_a_consultation_category: 'Це категорія звернення, а не тема консультації',
  consultations_unavailable: 'Сервіс консультацій тимчасово недоступний: спробуйте ще раз',
};

/** Ukrainian texts for zod's issue codes, which name why a field was refused. */
const FIELD_TEXT: Record<string, string> = {
  too_small: 'Замало: перевірте довжину або кількість',
  invalid_type: 'Заповніть це поле',
  too_big: 'Забагато символів',
  invalid_format: 'Неправильний формат',
  invalid_value: 'Оберіть одне зі значень',
};

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly apiMessage: string,
    /** Form field (`applicant.phone`) → what is wrong with it. */
    readonly fields: Record<string, string>,
    readonly details: Record<string, unknown>,
  ) {
    super(`${CODE_TEXT[code] ?? 'Помилка'}: ${apiMessage}`);
  }
  /** The headline for the form: in Ukrainian, with the API's own words after it. */
  get text(): string {
    return CODE_TEXT[this.code] ?? (this.status >= 500 ? 'Сервіс тимчасово недоступний' : 'Помилка');
  }
}

interface FieldIssue {
  field: string;
  message: string;
  code?: string;
}

/** `body.applicant.phone` → `applicant.phone`: the name of the form field. */
const fieldName = (f: string): string => f.replace(/^(body|query|params|headers)\./, '');

export function toApiError(status: number, body: unknown): ApiError {
  const e = (body as { error?: { code?: string; message?: string; details?: unknown } } | null)?.error;
  const details = (e?.details && typeof e.details === 'object' ? e.details : {}) as Record<string, unknown>;
  const fields: Record<string, string> = {};
  for (const f of (Array.isArray(details.fields) ? details.fields : []) as FieldIssue[]) {
    const name = fieldName(f.field);
    // An empty required field reads as "fill it in"; otherwise the reason in Ukrainian, the API's words after it.
    const empty = f.code === 'invalid_type' || (f.code === 'too_small' && />=\s*1\b/.test(f.message));
    const uk = empty ? 'Заповніть це поле' : f.code && f.code !== 'custom' ? FIELD_TEXT[f.code] : undefined;
    fields[name] ??= uk ? `${uk} (${f.message})` : f.message;
  }
  return new ApiError(status, e?.code ?? `http_${status}`, e?.message ?? `HTTP ${status}`, fields, details);
}

/** Unwraps an openapi-fetch answer: its data, or an ApiError. */
export async function call<T>(p: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  let res;
  try {
    res = await p;
  } catch {
    throw new ApiError(0, 'network', 'немає зв’язку з сервером', {}, {});
  }
  if (!res.response.ok || res.data === undefined) throw toApiError(res.response.status, res.error);
  return res.data;
}

/** Uploads one file (multipart) and answers its attachment id. */
export async function upload(file: File): Promise<string> {
  const form = new FormData();
  form.append('file', file);
  const s = session.get();
  const res = await fetch('/api/v1/attachments', { method: 'POST', body: form, headers: s ? { Authorization: `Bearer ${s.token}` } : {} });
  const body = (await res.json().catch(() => null)) as { id?: string } | null;
  if (!res.ok || !body?.id) {
    const err = toApiError(res.status, body);
    throw new ApiError(err.status, err.code, `${file.name}: ${err.apiMessage}`, { attachments: `${file.name}: ${err.text}` }, err.details);
  }
  return body.id;
}

/** Downloads a file the API serves (an attachment, a report) with the session's token and hands it to the browser. */
export async function download(url: string, fallbackName: string): Promise<void> {
  const s = session.get();
  const res = await fetch(url, { headers: s ? { Authorization: `Bearer ${s.token}` } : {} });
  if (!res.ok) throw toApiError(res.status, await res.json().catch(() => null));
  const href = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = href;
  const name = /filename\*?=(?:UTF-8'')?"?([^";]+)/i.exec(res.headers.get('content-disposition') ?? '')?.[1];
  a.download = name ? decodeURIComponent(name) : fallbackName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}

/** Downloads an attachment of a request. */
export const downloadAttachment = (id: string): Promise<void> => download(`/api/v1/attachments/${encodeURIComponent(id)}`, id);

export const newIdempotencyKey = (): string => crypto.randomUUID();
