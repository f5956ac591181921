/**
 * The operator's desk: the call form (keyboard first; the caller's phone shows at once whether the
 * number is blocked, their earlier requests and known outages at the address) and the queues of
 * decisions waiting for an operator.
 */
import type { JSX } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, call, newIdempotencyKey, type Card, type Category, type Schemas } from '../api';
import { Field, fmtDateTime, fmtTerm, FormMessage, formValues, Loading, navigate, useForm, useLoad, type FormState } from '../ui';
import { AddressFields, addressOf, RequestList, useReference } from './cabinet';

/** `WATER-02 — Низький тиск води` or the bare code or the exact name → the category. */
function categoryOf(input: string, all: Category[]): Category | undefined {
  const t = input.trim().toLowerCase();
  if (!t) return undefined;
  const code = t.split(/\s+—\s+|\s+-\s+/)[0] ?? t;
  return all.find((c) => c.code.toLowerCase() === code) ?? all.find((c) => c.name.toLowerCase() === t);
}

const label = (c: Category): string => `${c.code} — ${c.name}`;

/** What is known about the caller's number: blocked (5.7) and their earlier requests. */
function CallerInfo({ phone }: { phone: string }): JSX.Element | null {
  const digits = phone.replace(/\D/g, '');
  const ready = digits.length >= 10;
  const blocked = useLoad(async () => (ready ? call(api.GET('/blocked-numbers', { params: { query: { phone } } })) : undefined), [ready ? phone : '']);
  const earlier = useLoad(async () => (ready ? call(api.GET('/requests', { params: { query: { q: digits.slice(-9), pageSize: 10, sort: '-registeredAt' } } })) : undefined), [ready ? phone : '']);
  if (!ready) return null;
  const items = (blocked.data as { items?: Schemas['BlockedNumber'][] } | Schemas['BlockedNumber'][] | undefined) ?? [];
  const list = Array.isArray(items) ? items : (items.items ?? []);
  const active = list.filter((b) => !b.unblocked);
  return (
    <aside class="caller" aria-live="polite" aria-label="Відомості про номер">
      {blocked.error ? <p class="error">Не вдалося перевірити блокування: {blocked.error.apiMessage}</p> : active.length > 0 ? (
        <p class="alert" role="alert">Номер заблоковано з {fmtDateTime(active[0]?.blockedAt)} (п. 5.7): звернення не реєструється.</p>
      ) : blocked.data ? (
        <p class="ok">Номер не заблоковано.</p>
      ) : null}
      {earlier.data && (
        <details open={earlier.data.items.length > 0}>
          <summary>Попередні звернення з цього номера: {earlier.data.total}</summary>
          <RequestList items={earlier.data.items} />
        </details>
      )}
    </aside>
  );
}

function Outages({ district, street, building, category }: { district: string; street: string; building: string; category?: string }): JSX.Element | null {
  const ready = !!district && street.length > 2;
  const key = `${district}|${street}|${building}|${category ?? ''}`;
  const active = useLoad(
    async () => (ready ? call(api.GET('/repair-works/active', { params: { query: { district, street, ...(building ? { building } : {}), ...(category ? { category } : {}) } } })) : undefined),
    [ready ? key : ''],
  );
  if (!active.data) return null;
  if (!active.data.known) return <p class="ok" aria-live="polite">За цією адресою робіт не зареєстровано.</p>;
  return (
    <div class="alert" role="status" aria-live="polite">
      <strong>Відомі роботи за адресою:</strong>
      <ul>
        {active.data.works.map((w) => (
          <li key={w.id}>{w.kind === 'emergency' ? 'Аварійні' : 'Планові'}: {w.title} ({w.executor.name}), орієнтовно до {fmtDateTime(w.expectedEndAt)}</li>
        ))}
      </ul>
    </div>
  );
}

export function CallForm(): JSX.Element {
  const form = useForm();
  const ref = useReference();
  const [phone, setPhone] = useState('');
  // The number as the operator left the field: what the caller checks run on.
  const [checked, setChecked] = useState('');
  const [catInput, setCatInput] = useState('');
  const [addr, setAddr] = useState({ district: '', street: '', building: '' });
  const [key, setKey] = useState(newIdempotencyKey);
  const [registered, setRegistered] = useState<Schemas['Registered']>();
  const formRef = useRef<HTMLFormElement>(null);
  // Consultation categories are questions, not requests (2.9): they are recorded on the consultation form.
  const categories = ref.categories.filter((c) => !c.code.toUpperCase().startsWith('CONSULT-'));
  const cat = categoryOf(catInput, categories);
  const readAddress = (): void => {
    const el = formRef.current;
    if (!el) return;
    const v = (n: string): string => (el.elements.namedItem(n) as HTMLInputElement | null)?.value.trim() ?? '';
    setAddr({ district: v('address.district'), street: v('address.street'), building: v('address.building') });
  };
  useEffect(() => {
    document.querySelector<HTMLInputElement>('[data-field="applicant.phone"]')?.focus();
  }, []);
  useEffect(() => {
    // Alt+N starts the next call from anywhere on the page.
    const onKey = (e: KeyboardEvent): void => {
      if (e.altKey && (e.key === 'n' || e.key === 'т')) {
        e.preventDefault();
        formRef.current?.reset();
        setPhone('');
        setChecked('');
        setCatInput('');
        setRegistered(undefined);
        form.clear();
        document.querySelector<HTMLInputElement>('[data-field="applicant.phone"]')?.focus();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  });
  const submit = (e: Event): void => {
    const v = formValues(e);
    void form.run(async () => {
      const res = await call(
        api.POST('/requests', {
          params: { header: { 'idempotency-key': key } },
          body: {
            applicant: { name: v['applicant.name'] ?? '', phone: v['applicant.phone'] ?? '', ...(v['applicant.email'] ? { email: v['applicant.email'] } : {}) },
            address: addressOf(v),
            categoryCode: cat?.code ?? catInput.trim(),
            description: v.description ?? '',
          },
        }),
      );
      setRegistered(res);
      setKey(newIdempotencyKey());
    });
  };
  return (
    <section>
      <h1>Прийом дзвінка</h1>
      <p class="muted">Tab — наступне поле, Enter — зареєструвати, Alt+N — новий дзвінок.</p>
      {registered && (
        <div class="form-done" role="status">
          Зареєстровано звернення <a href={`/requests/${registered.number}`}>{registered.number}</a>, термін {fmtDateTime(registered.deadlineAt)}
          {registered.repeatOf ? `; повторне до ${registered.repeatOf}` : ''}
          {registered.repairWork ? `; пов’язано з роботами «${registered.repairWork.title}»` : ''}.
        </div>
      )}
      <form ref={formRef} onSubmit={submit} noValidate class="call-form" id="call-form">
        <fieldset>
          <legend>Заявник</legend>
          <Field name="applicant.phone" label="Телефон" form={form}>
            {(a) => <input {...a} type="tel" required value={phone} onInput={(e) => setPhone(e.currentTarget.value)} onChange={(e) => setChecked(e.currentTarget.value)} />}
          </Field>
          <CallerInfo phone={checked} />
          <Field name="applicant.name" label="Прізвище та ім’я" form={form}>{(a) => <input {...a} required />}</Field>
          <Field name="applicant.email" label="Електронна пошта" form={form}>{(a) => <input {...a} type="email" />}</Field>
        </fieldset>
        <Field name="categoryCode" label="Категорія (пошук за словами або кодом)" form={form} hint={cat ? `${cat.name}: термін ${fmtTerm(cat.term)}` : 'Почніть вводити, наприклад «тиск» або «ліфт»'}>
          {(a) => (
            <>
              <input {...a} list="categories" required value={catInput} onInput={(e) => setCatInput(e.currentTarget.value)} autoComplete="off" />
              <datalist id="categories">{categories.map((c) => <option key={c.code} value={label(c)} />)}</datalist>
            </>
          )}
        </Field>
        <AddressFields form={form} districts={ref.districts} onChange={readAddress} />
        <Outages {...addr} category={cat?.code} />
        <Field name="description" label="Суть звернення" form={form}>{(a) => <textarea {...a} rows={4} required />}</Field>
        <button type="submit" disabled={form.busy}>Зареєструвати звернення</button>
        <FormMessage form={form} fields={['applicant.phone', 'applicant.name', 'applicant.email', 'categoryCode', 'address.district', 'address.street', 'address.building', 'address.apartment', 'description']} />
      </form>
      <p><a href="/operator/refusal">Відмова абоненту і службова записка (п. 5.7)</a></p>
    </section>
  );
}

function Queue({ title, status, extra, filter }: { title: string; status: string; extra?: (c: Card) => JSX.Element | null; filter?: (c: Card) => boolean }): JSX.Element {
  const list = useLoad(() => call(api.GET('/requests', { params: { query: { status, pageSize: 50, sort: 'deadlineAt' } } })), [status]);
  const items = (list.data?.items ?? []).filter(filter ?? (() => true));
  return (
    <section>
      <h2>{title} ({items.length})</h2>
      <Loading what={list} />
      {list.data && items.length === 0 && <p class="muted">Порожньо.</p>}
      <RequestList items={items} extra={extra} />
    </section>
  );
}

export function OperatorQueues(): JSX.Element {
  const spot = useLoad(() => call(api.GET('/spot-checks/today')), []);
  const memos = useLoad(() => call(api.GET('/memos')), []);
  const memoList = (memos.data as { items?: Schemas['Memo'][] } | undefined)?.items ?? [];
  return (
    <section>
      <h1>Черги оператора</h1>
      <Queue
        title="Пропозиції закриття на розгляд (п. 9.2.4)"
        status="closure_proposed"
        extra={(c) => (c.reviewableAt ? <div class={new Date(c.reviewableAt).getTime() > Date.now() ? 'muted' : ''}>Розгляд можливий з {fmtDateTime(c.reviewableAt)}</div> : null)}
      />
      <Queue title="Запити на зміну виконавця (п. 8.2.1)" status="executor_change_requested" />
      <Queue title="Запити на додатковий контроль (п. 8.2.2)" status="additional_control_requested" />
      <Queue title="Запити на включення до планів СЕР (п. 8.2.3)" status="strategic_plan_requested" />
      <Queue title="Негативні оцінки на перевірку (п. 10.2)" status="rating_disputed" />
      <section>
        <h2>Вибіркова перевірка на сьогодні (п. 9.2.5)</h2>
        <Loading what={spot} />
        <ul class="list">
          {spot.data?.items.map((i) => (
            <li key={i.number} class="item"><a href={`/requests/${i.number}`}>{i.number}</a> · {i.categoryCode} · {i.district} · закрито {fmtDateTime(i.closedAt)}</li>
          ))}
        </ul>
        {spot.data && spot.data.items.length === 0 && <p class="muted">Порожньо.</p>}
      </section>
      <section>
        <h2>Відмови та службові записки (п. 5.7)</h2>
        <Loading what={memos} />
        <MemoList memos={memoList} />
      </section>
    </section>
  );
}

export const MEMO_STATUS_UK: Record<string, string> = {
  pending_approval: 'на погодженні',
  approved: 'погоджено',
  rejected: 'відхилено',
  blocked: 'номер заблоковано',
  unblocked: 'номер розблоковано',
};
export const REASON_UK: Record<string, string> = {
  obscene_language: 'нецензурна лексика',
  insults: 'образи',
  degrading_workers: 'приниження працівників',
  incitement_to_hatred: 'розпалювання ворожнечі',
  calls_to_overthrow: 'заклики до повалення ладу',
};

export function MemoList({ memos, action }: { memos: Schemas['Memo'][]; action?: (m: Schemas['Memo']) => JSX.Element | null }): JSX.Element {
  if (memos.length === 0) return <p class="muted">Порожньо.</p>;
  return (
    <ul class="list">
      {memos.map((m) => (
        <li key={m.id} class="item">
          <strong>{m.phone}</strong> — {REASON_UK[m.reason] ?? m.reason}, {MEMO_STATUS_UK[m.status] ?? m.status} <span class="muted">{fmtDateTime(m.createdAt)}, {m.createdBy.name ?? m.createdBy.role}</span>
          <p class="pre">{m.text}</p>
          {action?.(m)}
        </li>
      ))}
    </ul>
  );
}

export function Refusal(): JSX.Element {
  const form = useForm();
  const submit = (e: Event): void => {
    const v = formValues(e);
    void form.run(async () => {
      await call(api.POST('/refusals', { body: { phone: v.phone ?? '', reason: (v.reason ?? '') as Schemas['Memo']['reason'], text: v.text ?? '' } }));
      navigate('/operator/queues');
    });
  };
  return (
    <section class="narrow">
      <h1>Відмова абоненту (п. 5.7)</h1>
      <p>Звернення не реєструється; службова записка надходить керівнику на погодження блокування номера.</p>
      <form onSubmit={submit} noValidate>
        <Field name="phone" label="Телефон абонента" form={form}>{(a) => <input {...a} type="tel" required />}</Field>
        <Field name="reason" label="Підстава" form={form}>
          {(a) => (
            <select {...a} required>
              <option value="">— оберіть —</option>
              {Object.entries(REASON_UK).map(([k, v]) => <option key={k} value={k}>{v}</option>)}
            </select>
          )}
        </Field>
        <Field name="text" label="Текст службової записки" form={form}>{(a) => <textarea {...a} rows={4} required />}</Field>
        <button type="submit" disabled={form.busy}>Надіслати записку</button>
        <FormMessage form={form} fields={['phone', 'reason', 'text']} />
      </form>
    </section>
  );
}

export type { FormState };
