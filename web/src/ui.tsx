/** Shared pieces of the pages: the router, the session hook, form fields that show the API's errors, formatting. */
import type { ComponentChildren, JSX } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ApiError, session, type Category, type Role, type Session } from './api';

// ---------- routing ----------

const routeListeners = new Set<() => void>();
export function navigate(to: string, replace = false): void {
  if (replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  for (const l of routeListeners) l();
  window.scrollTo(0, 0);
}
window.addEventListener('popstate', () => {
  for (const l of routeListeners) l();
});

export function useLocation(): string {
  const [path, setPath] = useState(location.pathname + location.search);
  useEffect(() => {
    const l = (): void => setPath(location.pathname + location.search);
    routeListeners.add(l);
    return () => {
      routeListeners.delete(l);
    };
  }, []);
  return path;
}

/** Same-origin links move within the app without reloading it. */
document.addEventListener('click', (e) => {
  if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  const a = (e.target as Element | null)?.closest?.('a');
  if (!a || a.target || a.hasAttribute('download')) return;
  const href = a.getAttribute('href');
  if (!href?.startsWith('/') || href.startsWith('/api/')) return;
  e.preventDefault();
  navigate(href);
});

export function useSession(): Session | null {
  const [s, set] = useState(session.get());
  useEffect(() => session.subscribe(() => set(session.get())), []);
  return s;
}

export const hasRole = (s: Session | null, ...roles: Role[]): boolean => !!s && roles.includes(s.user.role);

// ---------- loading data ----------

export interface Loaded<T> {
  data?: T;
  error?: ApiError;
  loading: boolean;
  reload: () => void;
}

/** Loads with `fn` whenever `deps` change; `reload()` loads again. */
export function useLoad<T>(fn: () => Promise<T>, deps: unknown[]): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error?: ApiError; loading: boolean }>({ loading: true });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    setState((s) => ({ ...s, loading: true }));
    fn().then(
      (data) => live && setState({ data, loading: false }),
      (err: unknown) => live && setState({ error: err instanceof ApiError ? err : new ApiError(0, 'client', String(err), {}, {}), loading: false }),
    );
    return () => {
      live = false;
    };
  }, [...deps, tick]);
  return { ...state, reload: () => setTick((t) => t + 1) };
}

export function Loading({ what }: { what: Loaded<unknown> }): JSX.Element | null {
  if (what.error) return <p class="error" role="alert">{what.error.text}: {what.error.apiMessage}</p>;
  if (what.loading && what.data === undefined) return <p aria-live="polite">Завантаження…</p>;
  return null;
}

// ---------- forms ----------

export interface FormState {
  busy: boolean;
  error?: ApiError;
  done?: string;
  /** Runs an API call for the form: shows what the API refused next to the fields it names. */
  run: (fn: () => Promise<string | void>) => Promise<void>;
  fieldError: (name: string) => string | undefined;
  clear: () => void;
}

export function useForm(): FormState {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const [done, setDone] = useState<string>();
  return {
    busy,
    error,
    done,
    fieldError: (name) => error?.fields[name],
    clear: () => {
      setError(undefined);
      setDone(undefined);
    },
    async run(fn) {
      setBusy(true);
      setError(undefined);
      setDone(undefined);
      try {
        const msg = await fn();
        if (msg) setDone(msg);
      } catch (err) {
        const e = err instanceof ApiError ? err : new ApiError(0, 'client', err instanceof Error ? err.message : String(err), {}, {});
        setError(e);
        // Move the keyboard to the first field the API named, or to the form's message.
        setTimeout(() => {
          const first = Object.keys(e.fields)[0];
          const el = first ? document.querySelector<HTMLElement>(`[data-field="${CSS.escape(first)}"]`) : null;
          (el ?? document.querySelector<HTMLElement>('.form-error'))?.focus();
        });
      } finally {
        setBusy(false);
      }
    },
  };
}

/** The form's outcome: the API's refusal (with the fields it named that have no field on the form) or its success. */
export function FormMessage({ form, fields = [] }: { form: FormState; fields?: string[] }): JSX.Element | null {
  if (form.error) {
    const others = Object.entries(form.error.fields).filter(([f]) => !fields.includes(f));
    return (
      <div class="form-error" role="alert" tabIndex={-1}>
        <strong>{form.error.text}.</strong> <span class="api-message">{form.error.apiMessage}</span>
        {others.length > 0 && (
          <ul>
            {others.map(([f, m]) => (
              <li key={f}>
                <code>{f}</code>: {m}
              </li>
            ))}
          </ul>
        )}
      </div>
    );
  }
  if (form.done) return <p class="form-done" role="status">{form.done}</p>;
  return null;
}

let fieldSeq = 0;
const useId = (): string => useState(() => `f${++fieldSeq}`)[0];

interface FieldProps {
  /** The API's name for the field (`applicant.phone`): its errors show here. */
  name: string;
  label: string;
  form: FormState;
  hint?: string;
  children: (attrs: { id: string; 'data-field': string; 'aria-invalid'?: 'true'; 'aria-describedby'?: string; name: string }) => ComponentChildren;
}

/** A labelled field with its hint and the API's error for it, tied by aria-describedby. */
export function Field({ name, label, form, hint, children }: FieldProps): JSX.Element {
  const id = useId();
  const err = form.fieldError(name);
  const described = [hint ? `${id}-hint` : '', err ? `${id}-err` : ''].filter(Boolean).join(' ');
  return (
    <div class={`field${err ? ' invalid' : ''}`}>
      <label for={id}>{label}</label>
      {children({ id, 'data-field': name, name, ...(err ? { 'aria-invalid': 'true' as const } : {}), ...(described ? { 'aria-describedby': described } : {}) })}
      {hint && (
        <small id={`${id}-hint`} class="hint">
          {hint}
        </small>
      )}
      {err && (
        <small id={`${id}-err`} class="field-error">
          {err}
        </small>
      )}
    </div>
  );
}

/** Reads a form's named controls as strings (empty ones left out). */
export function formValues(e: Event): Record<string, string> {
  e.preventDefault();
  const data = new FormData(e.currentTarget as HTMLFormElement);
  const out: Record<string, string> = {};
  for (const [k, v] of data.entries()) if (typeof v === 'string' && v.trim() !== '') out[k] = v.trim();
  return out;
}

// ---------- formatting ----------

const kyiv = { timeZone: 'Europe/Kyiv' } as const;
export const fmtDateTime = (iso?: string | null): string =>
  iso ? new Date(iso).toLocaleString('uk-UA', { ...kyiv, day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' }) : '—';
/** The applicant as the card names them: name, phone, email — or, for analysts, the pseudonym the API gives instead. */
export const fmtApplicant = (a: { name: string; phone: string; email?: string } | { pseudonym: string }): string =>
  'pseudonym' in a ? `${a.pseudonym} (псевдонім, без персональних даних)` : `${a.name}, ${a.phone}${a.email ? `, ${a.email}` : ''}`;
export const fmtDate = (iso?: string | null): string => (iso ? new Date(iso).toLocaleDateString('uk-UA', { ...kyiv }) : '—');

export const STATUS_UK: Record<string, string> = {
  in_progress: 'На виконанні',
  executor_change_requested: 'Запит на зміну виконавця',
  additional_control_requested: 'Запит на додатковий контроль',
  strategic_plan_requested: 'Запит на включення до планів СЕР',
  strategic_plan: 'Включено до планів СЕР',
  closure_proposed: 'Запропоновано до закриття',
  rework: 'Повернуто на доопрацювання',
  closed: 'Закрито',
  rating_disputed: 'Негативна оцінка на перевірці',
};

export const ROLE_UK: Record<Role, string> = {
  operator: 'Оператор',
  executor: 'Виконавець',
  manager: 'Керівник',
  ict: 'Відділ ІКТ',
  analyst: 'Аналітик',
  admin: 'Адміністратор',
  applicant: 'Заявник',
};

const UNIT_UK: Record<Category['term']['unit'], [string, string, string]> = {
  hours: ['година', 'години', 'годин'],
  working_hours: ['робоча година', 'робочі години', 'робочих годин'],
  working_days: ['робочий день', 'робочі дні', 'робочих днів'],
};
const plural = (n: number, forms: [string, string, string]): string => {
  const m10 = n % 10;
  const m100 = n % 100;
  if (m10 === 1 && m100 !== 11) return forms[0];
  if (m10 >= 2 && m10 <= 4 && (m100 < 12 || m100 > 14)) return forms[1];
  return forms[2];
};
export const fmtTerm = (t: Category['term']): string => `${t.amount} ${plural(t.amount, UNIT_UK[t.unit])}`;

/** "2 д 03:15:20" until the deadline, or how long ago it passed. */
export function fmtRemaining(ms: number): string {
  const sign = ms < 0 ? '−' : '';
  let s = Math.floor(Math.abs(ms) / 1000);
  const d = Math.floor(s / 86400);
  s -= d * 86400;
  const hh = String(Math.floor(s / 3600)).padStart(2, '0');
  const mm = String(Math.floor((s % 3600) / 60)).padStart(2, '0');
  const ss = String(s % 60).padStart(2, '0');
  return `${sign}${d > 0 ? `${d} д ` : ''}${hh}:${mm}:${ss}`;
}

export function useNow(everyMs = 1000): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(t);
  }, [everyMs]);
  return now;
}

/** A live countdown to a deadline (8.1.5): overdue in red, the last day marked. */
export function Countdown({ deadlineAt, done }: { deadlineAt: string | null; done?: boolean }): JSX.Element {
  const now = useNow();
  if (!deadlineAt) return <span>без терміну</span>;
  if (done) return <span>термін був до {fmtDateTime(deadlineAt)}</span>;
  const left = new Date(deadlineAt).getTime() - now;
  const cls = left < 0 ? 'badge overdue' : left < 24 * 3600_000 ? 'badge due-soon' : 'badge';
  return (
    <span class="countdown">
      <span class={cls} role="timer" aria-live="off" title={`до ${fmtDateTime(deadlineAt)}`}>
        {left < 0 ? `прострочено на ${fmtRemaining(-left)}` : `залишилось ${fmtRemaining(left)}`}
      </span>
    </span>
  );
}

export function StatusBadge({ status }: { status: string }): JSX.Element {
  return <span class={`status status-${status}`}>{STATUS_UK[status] ?? status}</span>;
}
