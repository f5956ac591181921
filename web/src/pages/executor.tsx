/** The executor's desk: the queue by deadline (overdue and due today marked) and the repair works (8.1.6). */
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { api, call, newIdempotencyKey, type Card, type Schemas } from '../api';
import { Field, fmtDateTime, FormMessage, formValues, Loading, useForm, useLoad, useSession } from '../ui';
import { RequestList, useReference } from './cabinet';

const kyivDay = (d: Date | string): string => new Date(d).toLocaleDateString('sv-SE', { timeZone: 'Europe/Kyiv' });

export function ExecutorQueue(): JSX.Element {
  const s = useSession();
  const [status, setStatus] = useState('in_progress,rework,closure_proposed,executor_change_requested,additional_control_requested,strategic_plan_requested');
  const list = useLoad(() => call(api.GET('/requests', { params: { query: { status, pageSize: 100, sort: 'deadlineAt' } } })), [status, s?.token]);
  const today = kyivDay(new Date());
  const mark = (c: Card): JSX.Element | null => {
    if (!c.deadlineAt || c.status === 'closed') return null;
    if (c.overdue || new Date(c.deadlineAt).getTime() < Date.now()) return <span class="badge overdue">прострочено</span>;
    if (kyivDay(c.deadlineAt) === today) return <span class="badge due-soon">термін сьогодні</span>;
    return null;
  };
  return (
    <section>
      <h1>Черга виконавця</h1>
      <div class="field">
        <label for="ex-status">Показати</label>
        <select id="ex-status" value={status} onChange={(e) => setStatus(e.currentTarget.value)}>
          <option value="in_progress,rework,closure_proposed,executor_change_requested,additional_control_requested,strategic_plan_requested">Відкриті</option>
          <option value="in_progress,rework">Потребують виконання</option>
          <option value="closure_proposed">Запропоновані до закриття</option>
          <option value="strategic_plan">У планах СЕР</option>
          <option value="closed">Закриті (за 31 день)</option>
        </select>
      </div>
      <Loading what={list} />
      {list.data && <p>Усього: {list.data.total}. Впорядковано за терміном.</p>}
      <RequestList items={list.data?.items ?? []} extra={mark} />
    </section>
  );
}

const toInstant = (local?: string): string => (local ? new Date(local).toISOString() : '');
const localNow = (offsetMin = 0): string => {
  const d = new Date(Date.now() + offsetMin * 60_000);
  d.setMinutes(d.getMinutes() - d.getTimezoneOffset());
  return d.toISOString().slice(0, 16);
};

export function RepairWorks(): JSX.Element {
  const s = useSession();
  const ref = useReference();
  const form = useForm();
  const [key, setKey] = useState(newIdempotencyKey);
  const list = useLoad(() => call(api.GET('/repair-works', { params: { query: { pageSize: 50 } } })), [s?.token]);
  const executors = useLoad(async () => (s?.user.role === 'operator' ? call(api.GET('/executors')) : []), [s?.user.role]);
  const submit = (e: Event): void => {
    const el = e.currentTarget as HTMLFormElement;
    const v = formValues(e);
    const categoryCodes = [...((el.elements.namedItem('categoryCodes') as HTMLSelectElement | null)?.selectedOptions ?? [])].map((o) => o.value);
    void form.run(async () => {
      await call(
        api.POST('/repair-works', {
          params: { header: { 'idempotency-key': key } },
          body: {
            kind: (v.kind ?? 'emergency') as 'emergency' | 'planned',
            ...(v.executorId ? { executorId: v.executorId } : {}),
            district: v.district ?? '',
            street: v.street ?? '',
            buildings: (v.buildings ?? '').split(/[,;]\s*/).filter(Boolean),
            categoryCodes,
            ...(v.title ? { title: v.title } : {}),
            description: v.description ?? '',
            startsAt: toInstant(v.startsAt),
            expectedEndAt: toInstant(v.expectedEndAt),
          },
        }),
      );
      setKey(newIdempotencyKey());
      el.reset();
      list.reload();
      return 'Роботи зареєстровано.';
    });
  };
  return (
    <section>
      <h1>Аварійні та планові роботи (п. 8.1.6)</h1>
      <details class="action">
        <summary>Зареєструвати роботи</summary>
        <form onSubmit={submit} noValidate aria-label="Зареєструвати роботи">
          <Field name="kind" label="Вид" form={form}>
            {(a) => (
              <select {...a}>
                <option value="emergency">Аварійні (вже почалися)</option>
                <option value="planned">Планові (не раніше ніж за 24 год)</option>
              </select>
            )}
          </Field>
          {s?.user.role === 'operator' && (
            <Field name="executorId" label="Виконавець" form={form}>
              {(a) => <select {...a}>{(executors.data ?? []).map((x) => <option key={x.id} value={x.id}>{x.name}</option>)}</select>}
            </Field>
          )}
          <Field name="district" label="Район" form={form}>
            {(a) => <select {...a}><option value="">— оберіть —</option>{ref.districts.map((d) => <option key={d}>{d}</option>)}</select>}
          </Field>
          <Field name="street" label="Вулиця" form={form}>{(a) => <input {...a} />}</Field>
          <Field name="buildings" label="Будинки через кому (порожньо — уся вулиця)" form={form}>{(a) => <input {...a} />}</Field>
          <Field name="categoryCodes" label="Категорії, які пояснюють роботи" hint="Ctrl або Shift — кілька" form={form}>
            {(a) => <select {...a} name="categoryCodes" multiple size={6}>{ref.categories.map((c) => <option key={c.code} value={c.code}>{c.code} — {c.name}</option>)}</select>}
          </Field>
          <Field name="title" label="Заголовок" form={form}>{(a) => <input {...a} />}</Field>
          <Field name="description" label="Опис" form={form}>{(a) => <textarea {...a} rows={3} />}</Field>
          <Field name="startsAt" label="Початок" form={form}>{(a) => <input {...a} type="datetime-local" defaultValue={localNow(-5)} />}</Field>
          <Field name="expectedEndAt" label="Орієнтовне завершення" form={form}>{(a) => <input {...a} type="datetime-local" defaultValue={localNow(240)} />}</Field>
          <button type="submit" disabled={form.busy}>Зареєструвати</button>
          <FormMessage form={form} fields={['kind', 'executorId', 'district', 'street', 'buildings', 'categoryCodes', 'title', 'description', 'startsAt', 'expectedEndAt']} />
        </form>
      </details>
      <Loading what={list} />
      {list.data && list.data.items.length === 0 && <p class="muted">Робіт ще не зареєстровано.</p>}
      <ul class="list">
        {list.data?.items.map((w) => <RepairWorkItem key={w.id} work={w} onChange={list.reload} />)}
      </ul>
    </section>
  );
}

function RepairWorkItem({ work: w, onChange }: { work: Schemas['RepairWork']; onChange: () => void }): JSX.Element {
  const close = useForm();
  return (
    <li class="item">
      <strong>{w.id}</strong> {w.kind === 'emergency' ? 'аварійні' : 'планові'} · {w.status === 'closed' ? 'завершено' : w.status === 'planned' ? 'заплановано' : 'тривають'}
      {w.overdue && <span class="badge overdue">затримуються</span>}
      <div>{w.title}: {w.district}, {w.street}{w.buildings.length ? `, ${w.buildings.join(', ')}` : ''}</div>
      <div>{fmtDateTime(w.startsAt)} — {fmtDateTime(w.actualEndAt ?? w.expectedEndAt)} · пов’язаних звернень: {w.linkedRequests}</div>
      {w.status !== 'closed' && (
        <details class="action">
          <summary>Завершити роботи</summary>
          <form
            noValidate
            aria-label={`Завершити ${w.id}`}
            onSubmit={(e) => {
              const v = formValues(e);
              void close.run(async () => {
                await call(api.POST('/repair-works/{id}/close', { params: { path: { id: w.id } }, body: { actualEndAt: toInstant(v.actualEndAt), note: v.note ?? '' } }));
                onChange();
              });
            }}
          >
            <Field name="actualEndAt" label="Фактичне завершення" form={close}>{(a) => <input {...a} type="datetime-local" defaultValue={localNow()} />}</Field>
            <Field name="note" label="Примітка" form={close}>{(a) => <input {...a} />}</Field>
            <button type="submit" disabled={close.busy}>Завершити</button>
            <FormMessage form={close} fields={['actualEndAt', 'note']} />
          </form>
        </details>
      )}
    </li>
  );
}
