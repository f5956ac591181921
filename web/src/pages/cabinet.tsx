/** The resident's cabinet: confirming the phone by SMS, filing a request with photos, "my requests". */
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { api, call, newIdempotencyKey, session, upload, type Card, type Category } from '../api';
import { Countdown, Field, fmtDateTime, fmtTerm, FormMessage, formValues, Loading, navigate, StatusBadge, useForm, useLoad, useSession, type FormState } from '../ui';

export function PhoneConfirm(): JSX.Element {
  const s = useSession();
  const send = useForm();
  const confirm = useForm();
  if (!s) return <p>Увійдіть, щоб підтвердити номер.</p>;
  if (s.user.phoneVerifiedAt) {
    return (
      <section class="narrow">
        <h1>Номер підтверджено</h1>
        <p>Номер {s.user.phone} підтверджено {fmtDateTime(s.user.phoneVerifiedAt)}. Звернення, які оператор зареєстрував за дзвінками з нього, теж у вашому кабінеті.</p>
        <p><a href="/cabinet">До моїх звернень</a></p>
      </section>
    );
  }
  return (
    <section class="narrow">
      <h1>Підтвердження номера телефону</h1>
      <p>Ми надішлемо SMS із шестизначним кодом на {s.user.phone}. Після підтвердження у кабінеті з’являться й звернення, подані з цього номера телефоном.</p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void send.run(async () => {
            const r = await call(api.POST('/auth/phone-verification'));
            return `Код надіслано на ${r.sentTo}; він дійсний до ${fmtDateTime(r.expiresAt)}.`;
          });
        }}
      >
        <button type="submit" disabled={send.busy}>Надіслати код</button>
        <FormMessage form={send} />
      </form>
      <form
        onSubmit={(e) => {
          const v = formValues(e);
          void confirm.run(async () => {
            const user = await call(api.POST('/auth/phone-verification/confirm', { body: { code: v.code ?? '' } }));
            session.updateUser(user);
          });
        }}
        noValidate
      >
        <Field name="code" label="Код із SMS" form={confirm}>
          {(a) => <input {...a} inputMode="numeric" autoComplete="one-time-code" pattern="\d{6}" maxLength={6} required />}
        </Field>
        <button type="submit" disabled={confirm.busy}>Підтвердити</button>
        <FormMessage form={confirm} fields={['code']} />
      </form>
      <p><a href="/cabinet">Пропустити</a></p>
    </section>
  );
}

export function useReference(): { categories: Category[]; districts: string[] } {
  const cats = useLoad(() => call(api.GET('/classifier')), []);
  const districts = useLoad(() => call(api.GET('/districts')), []);
  return { categories: (cats.data ?? []).filter((c) => c.active), districts: (districts.data ?? []).filter((d) => d.active).map((d) => d.name) };
}

/** The address fields (district from the city's list), shared by the resident's and the operator's forms. */
export function AddressFields({ form, districts, onChange }: { form: FormState; districts: string[]; onChange?: () => void }): JSX.Element {
  return (
    <fieldset>
      <legend>Адреса</legend>
      <Field name="address.district" label="Район" form={form}>
        {(a) => (
          <select {...a} required onChange={onChange}>
            <option value="">— оберіть район —</option>
            {districts.map((d) => <option key={d} value={d}>{d}</option>)}
          </select>
        )}
      </Field>
      <Field name="address.street" label="Вулиця" hint="Наприклад, вул. Героїв АТО" form={form}>
        {(a) => <input {...a} required autoComplete="address-line1" onChange={onChange} />}
      </Field>
      <div class="row">
        <Field name="address.building" label="Будинок" form={form}>
          {(a) => <input {...a} required onChange={onChange} />}
        </Field>
        <Field name="address.apartment" label="Квартира" form={form}>
          {(a) => <input {...a} />}
        </Field>
      </div>
    </fieldset>
  );
}

export const addressOf = (v: Record<string, string>) => ({
  district: v['address.district'] ?? '',
  street: v['address.street'] ?? '',
  building: v['address.building'] ?? '',
  ...(v['address.apartment'] ? { apartment: v['address.apartment'] } : {}),
});

export function NewWebRequest(): JSX.Element {
  const s = useSession();
  const form = useForm();
  const ref = useReference();
  const [code, setCode] = useState('');
  const [key, setKey] = useState(newIdempotencyKey);
  if (!s) {
    return (
      <section class="narrow">
        <h1>Подати звернення</h1>
        <p>Звернення через сайт подається з кабінету заявника: так ви бачитимете його стан, коментарі та зможете оцінити виконання.</p>
        <p><a class="button" href="/login?next=/file">Увійти</a> <a class="button secondary" href="/signup?next=/file">Зареєструватися</a></p>
        <p>Або зателефонуйте на номер <strong>1520</strong>.</p>
      </section>
    );
  }
  if (s.user.role === 'operator') {
    navigate('/operator/call', true);
    return <p />;
  }
  // Consultation topics (2.9) are asked as questions, not filed as requests.
  const categories = ref.categories.filter((c) => !c.code.toUpperCase().startsWith('CONSULT-'));
  const chosen = categories.find((c) => c.code === code);
  const submit = (e: Event): void => {
    const formEl = e.currentTarget as HTMLFormElement;
    const v = formValues(e);
    const files = [...((formEl.elements.namedItem('photos') as HTMLInputElement | null)?.files ?? [])];
    void form.run(async () => {
      const attachmentIds: string[] = [];
      for (const f of files) attachmentIds.push(await upload(f));
      const res = await call(
        api.POST('/requests', {
          params: { header: { 'idempotency-key': key } },
          body: { address: addressOf(v), categoryCode: v.categoryCode ?? '', description: v.description ?? '', ...(attachmentIds.length ? { attachmentIds } : {}) },
        }),
      );
      setKey(newIdempotencyKey());
      navigate(`/requests/${res.number}?new=1`);
    });
  };
  return (
    <section class="narrow">
      <h1>Нове звернення</h1>
      <p class="muted">Маєте питання, а не проблему? <a href="/consultations/new">Поставте питання Контакт-центру</a>.</p>
      <form onSubmit={submit} noValidate>
        <Field name="categoryCode" label="Що сталося (категорія Класифікатора)" form={form} hint={chosen ? `Термін виконання: ${fmtTerm(chosen.term)}` : 'Від категорії залежать виконавець і термін'}>
          {(a) => (
            <select {...a} required value={code} onChange={(e) => setCode(e.currentTarget.value)}>
              <option value="">— оберіть категорію —</option>
              {categories.map((c) => (
                <option key={c.code} value={c.code}>{c.name} — {fmtTerm(c.term)}</option>
              ))}
            </select>
          )}
        </Field>
        <AddressFields form={form} districts={ref.districts} />
        <Field name="description" label="Опис проблеми" form={form}>
          {(a) => <textarea {...a} rows={5} required maxLength={4000} />}
        </Field>
        <Field name="attachments" label="Фото (необов’язково)" hint="JPEG, PNG, WebP або PDF, до 10 МБ кожен" form={form}>
          {(a) => <input {...a} name="photos" type="file" accept="image/jpeg,image/png,image/webp,application/pdf" multiple />}
        </Field>
        <button type="submit" disabled={form.busy}>{form.busy ? 'Надсилаємо…' : 'Подати звернення'}</button>
        <FormMessage form={form} fields={['categoryCode', 'address.district', 'address.street', 'address.building', 'address.apartment', 'description', 'attachments']} />
      </form>
    </section>
  );
}

export function MyRequests(): JSX.Element {
  const s = useSession();
  const list = useLoad(() => call(api.GET('/requests', { params: { query: { pageSize: 100, sort: '-registeredAt' } } })), [s?.token]);
  if (!s) return <p>Увійдіть, щоб побачити свої звернення. <a href="/login?next=/cabinet">Увійти</a></p>;
  return (
    <section>
      <h1>Мої звернення</h1>
      <p><a class="button" href="/file">Подати нове звернення</a> <a class="button secondary" href="/cabinet/consultations">Мої консультації</a> <a class="button secondary" href="/consultation-sessions">Консультаційні сесії</a>{!s.user.phoneVerifiedAt && <> <a href="/cabinet/phone">Підтвердити номер телефону</a></>}</p>
      <Loading what={list} />
      {list.data && list.data.items.length === 0 && <p>Звернень ще немає.</p>}
      <RequestList items={list.data?.items ?? []} />
    </section>
  );
}

/** Requests as cards: number, status, category, address and the live countdown. */
export function RequestList({ items, extra }: { items: Card[]; extra?: (c: Card) => JSX.Element | null }): JSX.Element {
  return (
    <ul class="list requests">
      {items.map((c) => (
        <li key={c.number} class="item">
          <a href={`/requests/${c.number}`} class="req-number">{c.number}</a> <StatusBadge status={c.status} />
          {c.overdue && <span class="badge overdue">прострочено</span>}
          <div>{c.categoryName ?? c.categoryCode} · {c.address.district}, {c.address.street}, {c.address.building}</div>
          <div>Термін: {fmtDateTime(c.deadlineAt)} <Countdown deadlineAt={c.deadlineAt} done={c.status === 'closed'} /></div>
          {extra?.(c)}
        </li>
      ))}
    </ul>
  );
}
