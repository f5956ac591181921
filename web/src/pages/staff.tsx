/** Managers and analysts (sign-offs, memo approvals, reports with charts), ICT (block, unblock) and the admin (users, executors, Classifier, calendar). */
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { api, call, download, type Role, type Schemas } from '../api';
import { Field, fmtDateTime, fmtTerm, FormMessage, formValues, hasRole, Loading, ROLE_UK, useForm, useLoad, useSession } from '../ui';
import { RequestList } from './cabinet';
import { MemoList } from './operator';

export function ManagerDesk(): JSX.Element {
  const s = useSession();
  const manager = hasRole(s, 'manager');
  const signoffs = useLoad(async () => (manager ? call(api.GET('/requests', { params: { query: { status: 'additional_control_requested', pageSize: 100 } } })) : undefined), [manager]);
  const memos = useLoad(async () => (manager ? call(api.GET('/memos')) : undefined), [manager]);
  return (
    <section>
      <h1>{manager ? 'Керівник' : 'Аналітик'}</h1>
      {manager && (
        <>
          <section>
            <h2>Подовження після пропущеного терміну додаткового контролю — на погодження (п. 8.2.2)</h2>
            <Loading what={signoffs} />
            <RequestList items={(signoffs.data?.items ?? []).filter((c) => c.pending?.kind === 'manager_approval')} />
          </section>
          <section>
            <h2>Службові записки на погодження (п. 5.7)</h2>
            <Loading what={memos} />
            <MemoList memos={(memos.data?.items ?? []).filter((m) => m.status === 'pending_approval')} action={(m) => <MemoDecision memo={m} onDone={memos.reload} />} />
          </section>
        </>
      )}
      <Reports />
    </section>
  );
}

function MemoDecision({ memo, onDone }: { memo: Schemas['Memo']; onDone: () => void }): JSX.Element {
  const form = useForm();
  const decide = (approve: boolean) => (e: Event) => {
    e.preventDefault();
    const note = ((e.currentTarget as HTMLButtonElement).form?.elements.namedItem('note') as HTMLInputElement | null)?.value ?? '';
    void form.run(async () => {
      await call(api.POST('/memos/{id}/approval', { params: { path: { id: memo.id } }, body: { approve, note } }));
      onDone();
    });
  };
  return (
    <form aria-label={`Рішення щодо записки ${memo.phone}`} onSubmit={(e) => e.preventDefault()}>
      <Field name="note" label="Примітка" form={form}>{(a) => <input {...a} />}</Field>
      <button type="button" onClick={decide(true)} disabled={form.busy}>Погодити блокування</button>{' '}
      <button type="button" class="secondary" onClick={decide(false)} disabled={form.busy}>Відхилити</button>
      <FormMessage form={form} fields={['note']} />
    </form>
  );
}

const REPORTS: Array<{ id: string; title: string; period: 'date' | 'week' | 'month' }> = [
  { id: 'daily-indicators', title: 'Показники дня (п. 10.4)', period: 'date' },
  { id: 'daily-by-category', title: 'За категоріями за день (п. 9.1.1)', period: 'date' },
  { id: 'weekly-by-district', title: 'За районами за тиждень (п. 9.1.2)', period: 'week' },
  { id: 'monthly-topics', title: 'Найчастіші теми місяця (п. 9.1.3.1)', period: 'month' },
  { id: 'overdue-by-executor', title: 'Прострочені за виконавцями (п. 9.2.1)', period: 'week' },
  { id: 'ineffective-executors', title: 'Неефективні виконавці (п. 9.2.2)', period: 'week' },
];

function Reports(): JSX.Element {
  const [id, setId] = useState(REPORTS[0]!.id);
  const [period, setPeriod] = useState('');
  const def = REPORTS.find((r) => r.id === id)!;
  const report = useLoad(
    () => call(api.GET('/reports/{report}', { params: { path: { report: id as 'daily-indicators' }, query: period ? { [def.period]: period } : {} } })) as Promise<Schemas['Report']>,
    [id, period],
  );
  return (
    <section>
      <h2>Звіти</h2>
      <div class="row">
        <div class="field">
          <label for="rep-id">Звіт</label>
          <select id="rep-id" value={id} onChange={(e) => { setId(e.currentTarget.value); setPeriod(''); }}>
            {REPORTS.map((r) => <option key={r.id} value={r.id}>{r.title}</option>)}
          </select>
        </div>
        <div class="field">
          <label for="rep-period">{def.period === 'date' ? 'Дата' : def.period === 'week' ? 'Тиждень' : 'Місяць'}</label>
          <input id="rep-period" type={def.period} value={period} onChange={(e) => setPeriod(e.currentTarget.value)} />
        </div>
      </div>
      <Loading what={report} />
      {report.data && <ReportView report={report.data} />}
    </section>
  );
}

type Row = Record<string, unknown>;

/** Ukrainian column names for the reports' fields. */
const FIELD_UK: Record<string, string> = {
  categoryCode: 'Код', categoryName: 'Категорія', district: 'Район', executorId: 'Виконавець', executorName: 'Виконавець',
  registered: 'Зареєстровано', 'registered.total': 'Зареєстровано', 'registered.phone': 'Телефоном', 'registered.web': 'Через сайт',
  phone: 'Телефоном', web: 'Через сайт', repeated: 'Повторні', closed: 'Закрито', overdue: 'Прострочено', accepted: 'Прийнято',
  acceptedWithinFirstWorkingHour: 'Прийнято за першу робочу годину', proposed: 'Запропоновано до закриття', closedOnTime: 'Закрито вчасно',
  closedOnTimePct: 'Закрито вчасно, %', openOverdue: 'Прострочених на кінець дня', reworks: 'Доопрацювань', averageRating: 'Середня оцінка',
  ratings: 'Оцінок', previousMonth: 'Попередній місяць', growth: 'Приріст', growthPct: 'Приріст, %', handled: 'Опрацьовано',
  proposals: 'Пропозицій закриття', negativeRatings: 'Негативних оцінок', overdueShare: 'Частка прострочених', reworkShare: 'Частка доопрацювань',
  negativeRatingShare: 'Частка негативних', repeatShare: 'Частка повторних', ineffective: 'Неефективний', number: 'Номер', deadlineAt: 'Термін',
};
const fieldUk = (k: string): string => FIELD_UK[k] ?? k;

/** One level of nesting flattened: `{registered: {phone: 1}}` → `{'registered.phone': 1}`. */
function flat(r: Row): Row {
  const out: Row = {};
  for (const [k, v] of Object.entries(r)) {
    if (v && typeof v === 'object' && !Array.isArray(v)) for (const [k2, v2] of Object.entries(v as Row)) out[`${k}.${k2}`] = v2;
    else out[k] = v;
  }
  return out;
}

/** A report's rows as a table and its first figure as a bar chart (SVG: no inline styles). */
function ReportView({ report }: { report: Schemas['Report'] }): JSX.Element {
  const data = (report.data ?? {}) as Row;
  const list = Object.values(data).find((v): v is Row[] => Array.isArray(v) && v.length > 0 && typeof v[0] === 'object');
  const rows: Row[] = list
    ? list.map(flat)
    : Object.entries(flat(data)).filter(([, v]) => typeof v === 'number').map(([k, v]) => ({ показник: fieldUk(k), значення: v }));
  const cols = [...new Set(rows.flatMap((r) => Object.keys(r)))].filter((k) => rows.some((r) => ['string', 'number', 'boolean'].includes(typeof r[k])));
  const labelCol = cols.find((k) => typeof rows[0]?.[k] === 'string' && k !== 'categoryCode' && k !== 'executorId') ?? cols.find((k) => typeof rows[0]?.[k] === 'string');
  const valueCol = cols.find((k) => typeof rows[0]?.[k] === 'number');
  const form = useForm();
  return (
    <div>
      <p class="muted">
        Період: {report.period.id} ({fmtDateTime(report.period.from)} — {fmtDateTime(report.period.to)}); сформовано {fmtDateTime(report.generatedAt)}.{' '}
        {(['csv', 'xlsx'] as const).map((f) => (
          <button key={f} type="button" class="link" onClick={() => void form.run(() => download(`/api/v1/reports/${report.report}?format=${f}&${report.period.kind}=${report.period.id}`, `${report.report}-${report.period.id}.${f}`))}>
            {f.toUpperCase()}
          </button>
        ))}
      </p>
      <FormMessage form={form} />
      {labelCol && valueCol && rows.length > 0 && <BarChart title={`${fieldUk(valueCol)}: ${fieldUk(labelCol)}`} items={rows.slice(0, 20).map((r) => ({ label: String(r[labelCol] as string), value: Number(r[valueCol]) || 0 }))} />}
      {rows.length === 0 ? <p class="muted">Даних за період немає.</p> : (
        <div class="table-wrap">
          <table>
            <thead><tr>{cols.map((c) => <th key={c} scope="col">{fieldUk(c)}</th>)}</tr></thead>
            <tbody>{rows.map((r, i) => <tr key={i}>{cols.map((c) => <td key={c}>{cell(r[c])}</td>)}</tr>)}</tbody>
          </table>
        </div>
      )}
    </div>
  );
}

function BarChart({ title, items }: { title: string; items: Array<{ label: string; value: number }> }): JSX.Element {
  const max = Math.max(1, ...items.map((i) => i.value));
  const h = 22;
  return (
    <svg class="chart" viewBox={`0 0 600 ${items.length * h + 10}`} role="img" aria-label={title}>
      <title>{title}</title>
      {items.map((it, i) => (
        <g key={i} transform={`translate(0 ${i * h + 5})`}>
          <text x="0" y="15" class="chart-label">{it.label.slice(0, 28)}</text>
          <rect x="220" y="3" height="14" width={Math.max(1, (it.value / max) * 330)} class="chart-bar" />
          <text x={225 + (it.value / max) * 330} y="15" class="chart-value">{it.value}</text>
        </g>
      ))}
    </svg>
  );
}

export function IctDesk(): JSX.Element {
  const memos = useLoad(() => call(api.GET('/memos')), []);
  const blocked = useLoad(() => call(api.GET('/blocked-numbers', { params: { query: { includeUnblocked: 'true' } } })), []);
  const reload = (): void => {
    memos.reload();
    blocked.reload();
  };
  return (
    <section>
      <h1>Відділ ІКТ: блокування номерів (п. 5.7)</h1>
      <h2>Погоджені записки — заблокувати номер</h2>
      <Loading what={memos} />
      <MemoList memos={(memos.data?.items ?? []).filter((m) => m.status === 'approved')} action={(m) => <BlockButton memo={m} onDone={reload} />} />
      <h2>Заблоковані номери</h2>
      <Loading what={blocked} />
      <ul class="list">
        {(blocked.data ?? []).map((b) => (
          <li key={`${b.phone}-${b.blockedAt}`} class="item">
            <strong>{b.phone}</strong> заблоковано {fmtDateTime(b.blockedAt)}
            {b.unblocked ? <span class="muted"> · розблоковано {fmtDateTime(b.unblocked.at)}: {b.unblocked.reason}</span> : <Unblock phone={b.phone} onDone={reload} />}
          </li>
        ))}
      </ul>
    </section>
  );
}

function BlockButton({ memo, onDone }: { memo: Schemas['Memo']; onDone: () => void }): JSX.Element {
  const form = useForm();
  return (
    <form aria-label={`Заблокувати ${memo.phone}`} onSubmit={(e) => { e.preventDefault(); void form.run(async () => { await call(api.POST('/memos/{id}/block', { params: { path: { id: memo.id } }, body: {} })); onDone(); }); }}>
      <button type="submit" disabled={form.busy}>Заблокувати {memo.phone}</button>
      <FormMessage form={form} />
    </form>
  );
}

function Unblock({ phone, onDone }: { phone: string; onDone: () => void }): JSX.Element {
  const form = useForm();
  return (
    <form aria-label={`Розблокувати ${phone}`} noValidate onSubmit={(e) => { const v = formValues(e); void form.run(async () => { await call(api.DELETE('/blocked-numbers/{phone}', { params: { path: { phone } }, body: { reason: v.reason ?? '' } })); onDone(); }); }}>
      <Field name="reason" label="Підстава розблокування" form={form}>{(a) => <input {...a} />}</Field>
      <button type="submit" disabled={form.busy}>Розблокувати</button>
      <FormMessage form={form} fields={['reason']} />
    </form>
  );
}

const ROLES: Role[] = ['operator', 'executor', 'manager', 'ict', 'analyst', 'admin', 'applicant'];

export function AdminDesk(): JSX.Element {
  const [tab, setTab] = useState<'users' | 'executors' | 'classifier' | 'calendar'>('users');
  const tabs = { users: 'Користувачі', executors: 'Виконавці', classifier: 'Класифікатор', calendar: 'Календар' } as const;
  return (
    <section>
      <h1>Адміністрування</h1>
      <div role="tablist" class="tabs">
        {Object.entries(tabs).map(([k, v]) => (
          <button key={k} role="tab" type="button" aria-selected={tab === k} class={tab === k ? 'tab active' : 'tab'} onClick={() => setTab(k as typeof tab)}>{v}</button>
        ))}
      </div>
      {tab === 'users' && <Users />}
      {tab === 'executors' && <Executors />}
      {tab === 'classifier' && <ClassifierAdmin />}
      {tab === 'calendar' && <CalendarAdmin />}
    </section>
  );
}

function Users(): JSX.Element {
  const users = useLoad(() => call(api.GET('/users', { params: { query: { pageSize: 100 } } })), []);
  const executors = useLoad(() => call(api.GET('/executors')), []);
  const form = useForm();
  return (
    <section>
      <h2>Новий користувач</h2>
      <form noValidate onSubmit={(e) => {
        const el = e.currentTarget;
        const v = formValues(e);
        void form.run(async () => {
          await call(api.POST('/users', { body: { login: v.login ?? '', password: v.password ?? '', role: (v.role ?? 'operator') as Role, name: v.name ?? '', ...(v.executorId ? { executorId: v.executorId } : {}), ...(v.phone ? { phone: v.phone } : {}), ...(v.email ? { email: v.email } : {}) } }));
          el.reset();
          users.reload();
          return 'Користувача створено.';
        });
      }}>
        <div class="row">
          <Field name="login" label="Логін" form={form}>{(a) => <input {...a} autoComplete="off" />}</Field>
          <Field name="password" label="Пароль" form={form}>{(a) => <input {...a} type="password" autoComplete="new-password" />}</Field>
        </div>
        <div class="row">
          <Field name="name" label="Ім’я" form={form}>{(a) => <input {...a} />}</Field>
          <Field name="role" label="Роль" form={form}>{(a) => <select {...a}>{ROLES.map((r) => <option key={r} value={r}>{ROLE_UK[r]}</option>)}</select>}</Field>
          <Field name="executorId" label="Виконавець (для ролі «Виконавець»)" form={form}>{(a) => <select {...a}><option value="">—</option>{(executors.data ?? []).map((x) => <option key={x.id} value={x.id}>{x.name}</option>)}</select>}</Field>
        </div>
        <div class="row">
          <Field name="phone" label="Телефон" form={form}>{(a) => <input {...a} type="tel" />}</Field>
          <Field name="email" label="Email" form={form}>{(a) => <input {...a} type="email" />}</Field>
        </div>
        <button type="submit" disabled={form.busy}>Створити</button>
        <FormMessage form={form} fields={['login', 'password', 'name', 'role', 'executorId', 'phone', 'email']} />
      </form>
      <h2>Користувачі</h2>
      <Loading what={users} />
      <table>
        <thead><tr><th scope="col">Логін</th><th scope="col">Ім’я</th><th scope="col">Роль</th><th scope="col">Виконавець</th><th scope="col">Активний</th></tr></thead>
        <tbody>{(users.data?.items ?? []).map((u) => <UserRow key={u.id} user={u} onChange={users.reload} />)}</tbody>
      </table>
    </section>
  );
}

function UserRow({ user: u, onChange }: { user: Schemas['User']; onChange: () => void }): JSX.Element {
  const form = useForm();
  return (
    <tr>
      <td>{u.login}</td><td>{u.name}</td><td>{ROLE_UK[u.role]}</td><td>{u.executorId ?? ''}</td>
      <td>
        <button type="button" class="secondary" disabled={form.busy} onClick={() => void form.run(async () => { await call(api.PUT('/users/{id}', { params: { path: { id: u.id } }, body: { active: !u.active } })); onChange(); })}>
          {u.active ? 'Так — деактивувати' : 'Ні — активувати'}
        </button>
        <FormMessage form={form} />
      </td>
    </tr>
  );
}

function Executors(): JSX.Element {
  const list = useLoad(() => call(api.GET('/executors')), []);
  const form = useForm();
  return (
    <section>
      <h2>Новий виконавець</h2>
      <form noValidate onSubmit={(e) => {
        const el = e.currentTarget;
        const v = formValues(e);
        void form.run(async () => {
          await call(api.POST('/executors', { body: { id: v.id ?? '', name: v.name ?? '', email: v.email ?? '', ...(v.phone ? { phone: v.phone } : {}), responsiblePerson: { name: v['responsiblePerson.name'] ?? '', phone: v['responsiblePerson.phone'] ?? '', email: v['responsiblePerson.email'] ?? '' } } }));
          el.reset();
          list.reload();
          return 'Виконавця додано.';
        });
      }}>
        <div class="row">
          <Field name="id" label="Ідентифікатор" form={form}>{(a) => <input {...a} />}</Field>
          <Field name="name" label="Назва" form={form}>{(a) => <input {...a} />}</Field>
        </div>
        <div class="row">
          <Field name="email" label="Email" form={form}>{(a) => <input {...a} type="email" />}</Field>
          <Field name="phone" label="Телефон" form={form}>{(a) => <input {...a} type="tel" />}</Field>
        </div>
        <fieldset>
          <legend>Відповідальна особа (п. 8.1.1)</legend>
          <div class="row">
            <Field name="responsiblePerson.name" label="Ім’я" form={form}>{(a) => <input {...a} />}</Field>
            <Field name="responsiblePerson.phone" label="Телефон" form={form}>{(a) => <input {...a} type="tel" />}</Field>
            <Field name="responsiblePerson.email" label="Email" form={form}>{(a) => <input {...a} type="email" />}</Field>
          </div>
        </fieldset>
        <button type="submit" disabled={form.busy}>Додати</button>
        <FormMessage form={form} fields={['id', 'name', 'email', 'phone', 'responsiblePerson.name', 'responsiblePerson.phone', 'responsiblePerson.email']} />
      </form>
      <Loading what={list} />
      <table>
        <thead><tr><th scope="col">Ід.</th><th scope="col">Назва</th><th scope="col">Email</th><th scope="col">Відповідальна особа</th></tr></thead>
        <tbody>{(list.data ?? []).map((x) => <tr key={x.id}><td>{x.id}</td><td>{x.name}</td><td>{x.email}</td><td>{x.responsiblePerson.name}, {x.responsiblePerson.phone}</td></tr>)}</tbody>
      </table>
    </section>
  );
}

const UNITS = { hours: 'години', working_hours: 'робочі години', working_days: 'робочі дні' } as const;

function ClassifierAdmin(): JSX.Element {
  const list = useLoad(() => call(api.GET('/classifier', { params: { query: { includeInactive: 'true' } } })), []);
  const executors = useLoad(() => call(api.GET('/executors')), []);
  const form = useForm();
  return (
    <section>
      <h2>Нова категорія</h2>
      <form noValidate onSubmit={(e) => {
        const el = e.currentTarget;
        const v = formValues(e);
        void form.run(async () => {
          await call(api.POST('/classifier', { body: {
            code: v.code ?? '', name: v.name ?? '', executorId: v.executorId ?? '',
            term: { amount: Number(v['term.amount']), unit: (v['term.unit'] ?? 'hours') as keyof typeof UNITS },
            reworkTerm: { amount: Number(v['reworkTerm.amount']), unit: (v['reworkTerm.unit'] ?? 'hours') as keyof typeof UNITS },
          } }));
          el.reset();
          list.reload();
          return 'Категорію додано.';
        });
      }}>
        <div class="row">
          <Field name="code" label="Код" form={form}>{(a) => <input {...a} />}</Field>
          <Field name="name" label="Назва" form={form}>{(a) => <input {...a} />}</Field>
          <Field name="executorId" label="Виконавець" form={form}>{(a) => <select {...a}>{(executors.data ?? []).map((x) => <option key={x.id} value={x.id}>{x.name}</option>)}</select>}</Field>
        </div>
        <div class="row">
          <Field name="term.amount" label="Термін" form={form}>{(a) => <input {...a} type="number" min={1} />}</Field>
          <Field name="term.unit" label="Одиниця" form={form}>{(a) => <select {...a}>{Object.entries(UNITS).map(([k, v]) => <option key={k} value={k}>{v}</option>)}</select>}</Field>
          <Field name="reworkTerm.amount" label="Термін доопрацювання" form={form}>{(a) => <input {...a} type="number" min={1} />}</Field>
          <Field name="reworkTerm.unit" label="Одиниця" form={form}>{(a) => <select {...a}>{Object.entries(UNITS).map(([k, v]) => <option key={k} value={k}>{v}</option>)}</select>}</Field>
        </div>
        <button type="submit" disabled={form.busy}>Додати</button>
        <FormMessage form={form} fields={['code', 'name', 'executorId', 'term.amount', 'term.unit', 'reworkTerm.amount', 'reworkTerm.unit']} />
      </form>
      <Loading what={list} />
      <table>
        <thead><tr><th scope="col">Код</th><th scope="col">Назва</th><th scope="col">Виконавець</th><th scope="col">Термін</th><th scope="col">Діє</th></tr></thead>
        <tbody>{(list.data ?? []).map((c) => <CategoryRow key={c.code} cat={c} onChange={list.reload} />)}</tbody>
      </table>
    </section>
  );
}

function CategoryRow({ cat: c, onChange }: { cat: Schemas['Category']; onChange: () => void }): JSX.Element {
  const form = useForm();
  return (
    <tr>
      <td>{c.code}</td><td>{c.name}</td><td>{c.executorId}</td><td>{fmtTerm(c.term)} / {fmtTerm(c.reworkTerm)}</td>
      <td>
        <button type="button" class="secondary" disabled={form.busy} onClick={() => void form.run(async () => { await call(api.PUT('/classifier/{code}', { params: { path: { code: c.code } }, body: { active: !c.active } as never })); onChange(); })}>
          {c.active ? 'Так — вивести з ужитку' : 'Ні — відновити'}
        </button>
        <FormMessage form={form} />
      </td>
    </tr>
  );
}

function CalendarAdmin(): JSX.Element {
  const cal = useLoad(() => call(api.GET('/calendar')), []);
  const form = useForm();
  if (!cal.data) return <Loading what={cal} />;
  return (
    <section>
      <h2>Робочий календар</h2>
      <p>Часовий пояс {cal.data.timeZone}. Формат — JSON, як у <code>PUT /calendar</code>: робочі години за днями тижня, свята, перенесені робочі дні, воєнний стан.</p>
      <form noValidate onSubmit={(e) => {
        const v = formValues(e);
        void form.run(async () => {
          let body: unknown;
          try {
            body = JSON.parse(v.calendar ?? '');
          } catch {
            throw new (await import('../api')).ApiError(400, 'invalid_input', 'не JSON', { calendar: 'Неправильний JSON' }, {});
          }
          await call(api.PUT('/calendar', { body: body as Schemas['WorkingCalendar'] }));
          cal.reload();
          return 'Календар збережено.';
        });
      }}>
        <Field name="calendar" label="Календар (JSON)" form={form}>{(a) => <textarea {...a} rows={20} class="mono" defaultValue={JSON.stringify(cal.data, null, 2)} />}</Field>
        <button type="submit" disabled={form.busy}>Зберегти</button>
        <FormMessage form={form} fields={['calendar']} />
      </form>
    </section>
  );
}

const cell = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? v.toString() : typeof v === 'boolean' ? (v ? 'так' : 'ні') : v == null ? '' : JSON.stringify(v));
