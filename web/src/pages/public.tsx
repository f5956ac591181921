/** Public pages (no sign-in): home, the Classifier, a status look-up, the repair-works and news feed, sign-in and sign-up. */
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { api, call, session, type Schemas } from '../api';
import { Field, fmtDateTime, fmtTerm, FormMessage, formValues, Loading, navigate, StatusBadge, useForm, useLoad, useSession } from '../ui';

export function Home(): JSX.Element {
  const s = useSession();
  return (
    <section>
      <h1>Міський контакт-центр 1520</h1>
      <p>Тут можна подати звернення до міських служб, дізнатися його стан і оцінити результат.</p>
      <ul class="tiles">
        <li><a href="/file">Подати звернення</a></li>
        <li><a href="/status">Перевірити стан звернення</a></li>
        <li><a href="/classifier">Класифікатор і терміни виконання</a></li>
        <li><a href="/feed">Аварійні та планові роботи, новини</a></li>
        {!s && <li><a href="/signup">Зареєструватися в кабінеті</a></li>}
      </ul>
      <Feed compact />
    </section>
  );
}

export function Classifier(): JSX.Element {
  const cats = useLoad(() => call(api.GET('/classifier')), []);
  const executors = useExecutorNames();
  const [q, setQ] = useState('');
  const words = q.toLowerCase().split(/\s+/).filter(Boolean);
  const shown = (cats.data ?? []).filter((c) => words.every((w) => `${c.code} ${c.name}`.toLowerCase().includes(w)));
  return (
    <section>
      <h1>Класифікатор звернень</h1>
      <p>Кожна категорія має виконавця і термін, у який звернення має бути виконано.</p>
      <div class="field">
        <label for="cls-q">Пошук за словами</label>
        <input id="cls-q" type="search" value={q} onInput={(e) => setQ(e.currentTarget.value)} />
      </div>
      <Loading what={cats} />
      <table>
        <caption class="sr-only">Категорії Класифікатора</caption>
        <thead>
          <tr><th scope="col">Код</th><th scope="col">Категорія</th><th scope="col">Виконавець</th><th scope="col">Термін</th><th scope="col">Термін доопрацювання</th></tr>
        </thead>
        <tbody>
          {shown.map((c) => (
            <tr key={c.code}>
              <td>{c.code}</td>
              <td>{c.name}</td>
              <td>{executors[c.executorId] ?? c.executorId}</td>
              <td>{fmtTerm(c.term)}</td>
              <td>{fmtTerm(c.reworkTerm)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** Executor names for display; staff read them from the API, everyone else sees the ids. */
export function useExecutorNames(): Record<string, string> {
  const s = useSession();
  const staff = !!s && s.user.role !== 'applicant';
  const ex = useLoad(async () => (staff ? call(api.GET('/executors')) : []), [staff]);
  return Object.fromEntries((ex.data ?? []).map((e) => [e.id, e.name]));
}

export function StatusLookup(): JSX.Element {
  const form = useForm();
  const [found, setFound] = useState<Schemas['PublicRequestStatus']>();
  const submit = (e: Event): void => {
    const v = formValues(e);
    void form.run(async () => {
      setFound(undefined);
      setFound(await call(api.GET('/public/requests/{number}', { params: { path: { number: (v.number ?? '').toUpperCase() }, query: { phone: v.phone ?? '' } } })));
    });
  };
  return (
    <section>
      <h1>Стан звернення</h1>
      <form onSubmit={submit} noValidate>
        <Field name="number" label="Номер звернення" hint="Наприклад, KR-2026-000123" form={form}>
          {(a) => <input {...a} required autoComplete="off" />}
        </Field>
        <Field name="phone" label="Телефон, з якого подано звернення" form={form}>
          {(a) => <input {...a} type="tel" required autoComplete="tel" />}
        </Field>
        <button type="submit" disabled={form.busy}>Перевірити</button>
        <FormMessage form={form} fields={['number', 'phone']} />
      </form>
      {found && (
        <dl class="card" aria-live="polite">
          <dt>Номер</dt><dd>{found.number}</dd>
          <dt>Стан</dt><dd><StatusBadge status={found.status} /></dd>
          <dt>Категорія</dt><dd>{found.categoryName ?? found.categoryCode}</dd>
          <dt>Виконавець</dt><dd>{found.executorName}</dd>
          <dt>Зареєстровано</dt><dd>{fmtDateTime(found.registeredAt)}</dd>
          <dt>Термін</dt><dd>{fmtDateTime(found.deadlineAt)}{found.overdue ? ' (прострочено)' : ''}</dd>
          {found.closedAt && <><dt>Закрито</dt><dd>{fmtDateTime(found.closedAt)}</dd></>}
        </dl>
      )}
    </section>
  );
}

export function Feed({ compact = false }: { compact?: boolean }): JSX.Element {
  const works = useLoad(() => call(api.GET('/public/repair-works', { params: { query: { pageSize: compact ? 5 : 50 } } })), [compact]);
  const news = useLoad(() => call(api.GET('/public/news')), []);
  const H = compact ? 'h2' : 'h1';
  return (
    <section>
      <H>Аварійні та планові роботи</H>
      <p><a href="/api/v1/public/feed.atom">Стрічка Atom</a></p>
      <Loading what={works} />
      {works.data && works.data.items.length === 0 && <p>Зараз робіт немає.</p>}
      <ul class="list">
        {works.data?.items.map((w) => (
          <li key={w.id} class="item">
            <strong>{w.kind === 'emergency' ? 'Аварійні роботи' : 'Планові роботи'}: {w.title}</strong>
            <div>{w.district}, {w.street}{w.buildings.length ? `, буд. ${w.buildings.join(', ')}` : ' (уся вулиця)'}</div>
            <div>{fmtDateTime(w.startsAt)} — орієнтовно до {fmtDateTime(w.expectedEndAt)}{w.overdue ? ' (затримується)' : ''}</div>
            <div class="muted">{w.executor.name}</div>
          </li>
        ))}
      </ul>
      <h2>Новини</h2>
      {!compact && <PostNews onPosted={news.reload} />}
      <Loading what={news} />
      <ul class="list">
        {news.data?.items.map((n) => (
          <li key={n.id} class="item">
            <strong>{n.title}</strong> <span class="muted">{fmtDateTime(n.publishFrom)}</span>
            <p>{n.body}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function Login(): JSX.Element {
  const form = useForm();
  const next = new URLSearchParams(location.search).get('next');
  const submit = (e: Event): void => {
    const v = formValues(e);
    void form.run(async () => {
      const s = await call(api.POST('/auth/login', { body: { login: v.login ?? '', password: v.password ?? '' } }));
      session.set(s);
      navigate(next?.startsWith('/') ? next : homeOf(s.user.role), true);
    });
  };
  return (
    <section class="narrow">
      <h1>Вхід</h1>
      <form onSubmit={submit} noValidate>
        <Field name="login" label="Логін або номер телефону" form={form}>
          {(a) => <input {...a} required autoComplete="username" autoFocus />}
        </Field>
        <Field name="password" label="Пароль" form={form}>
          {(a) => <input {...a} type="password" required autoComplete="current-password" />}
        </Field>
        <button type="submit" disabled={form.busy}>Увійти</button>
        <FormMessage form={form} fields={['login', 'password']} />
      </form>
      <p>Ще немає кабінету? <a href="/signup">Зареєструйтеся за номером телефону</a>.</p>
    </section>
  );
}

export function homeOf(role: string): string {
  switch (role) {
    case 'applicant':
      return '/cabinet';
    case 'operator':
      return '/operator/call';
    case 'executor':
      return '/executor';
    case 'manager':
    case 'analyst':
      return '/manager';
    case 'ict':
      return '/ict';
    case 'admin':
      return '/admin';
    default:
      return '/';
  }
}

export function Signup(): JSX.Element {
  const form = useForm();
  // Two steps: the details (the server starts an attempt and sends an SMS code, answering alike whether
  // or not the number already has a cabinet), then the code, which opens the cabinet with the phone
  // confirmed. The code counts only with the attempt it was sent for, so the confirmation names it.
  const [sent, setSent] = useState<{ phone: string; sentTo: string; attemptId: string } | null>(null);
  const submit = (e: Event): void => {
    const v = formValues(e);
    void form.run(async () => {
      const phone = v.phone ?? '';
      const r = await call(api.POST('/auth/register', { body: { phone, password: v.password ?? '', name: v.name ?? '', ...(v.email ? { email: v.email } : {}) } }));
      setSent({ phone, sentTo: r.sentTo, attemptId: r.attemptId });
      return `Код надіслано на ${r.sentTo}.`;
    });
  };
  const confirm = (e: Event): void => {
    const v = formValues(e);
    void form.run(async () => {
      if (!sent) return;
      const s = await call(api.POST('/auth/register/confirm', { body: { phone: sent.phone, attemptId: sent.attemptId, code: v.code ?? '' } }));
      session.set(s);
      // Back to where the resident was going (e.g. filing a request).
      const next = new URLSearchParams(location.search).get('next');
      navigate(next?.startsWith('/') ? next : '/cabinet', true);
    });
  };
  if (sent) {
    return (
      <section class="narrow">
        <h1>Підтвердження номера</h1>
        <p>На номер {sent.sentTo} надіслано SMS-код. Якщо цей номер уже має кабінет, замість коду прийде повідомлення про це: увійдіть із паролем.</p>
        <form onSubmit={confirm} noValidate>
          <Field name="code" label="Код із SMS" form={form}>
            {(a) => <input {...a} required inputMode="numeric" autoComplete="one-time-code" autoFocus />}
          </Field>
          <button type="submit" disabled={form.busy}>Підтвердити і відкрити кабінет</button>
          <FormMessage form={form} fields={['code', 'phone']} />
        </form>
        <p><button type="button" class="link" onClick={() => setSent(null)}>Змінити дані</button></p>
      </section>
    );
  }
  return (
    <section class="narrow">
      <h1>Реєстрація в кабінеті заявника</h1>
      <form onSubmit={submit} noValidate>
        <Field name="phone" label="Номер мобільного телефону" hint="Він буде вашим логіном; на нього надійде SMS-код" form={form}>
          {(a) => <input {...a} type="tel" required autoComplete="tel" />}
        </Field>
        <Field name="name" label="Прізвище та ім’я" form={form}>
          {(a) => <input {...a} required autoComplete="name" />}
        </Field>
        <Field name="email" label="Електронна пошта (необов’язково)" form={form}>
          {(a) => <input {...a} type="email" autoComplete="email" />}
        </Field>
        <Field name="password" label="Пароль" hint="Не менше 8 символів" form={form}>
          {(a) => <input {...a} type="password" required autoComplete="new-password" />}
        </Field>
        <button type="submit" disabled={form.busy}>Отримати SMS-код</button>
        <FormMessage form={form} fields={['phone', 'name', 'email', 'password']} />
      </form>
    </section>
  );
}

/** Operators and managers post news to the public feed (9.1.3.2). */
function PostNews({ onPosted }: { onPosted: () => void }): JSX.Element | null {
  const s = useSession();
  const form = useForm();
  if (!s || !['operator', 'manager'].includes(s.user.role)) return null;
  return (
    <details class="action">
      <summary>Опублікувати новину</summary>
      <form
        aria-label="Опублікувати новину"
        noValidate
        onSubmit={(e) => {
          const el = e.currentTarget;
          const v = formValues(e);
          void form.run(async () => {
            await call(api.POST('/news', { body: { title: v.title ?? '', body: v.body ?? '' } }));
            el.reset();
            onPosted();
            return 'Новину опубліковано.';
          });
        }}
      >
        <Field name="title" label="Заголовок" form={form}>{(a) => <input {...a} />}</Field>
        <Field name="body" label="Текст" form={form}>{(a) => <textarea {...a} rows={4} />}</Field>
        <button type="submit" disabled={form.busy}>Опублікувати</button>
        <FormMessage form={form} fields={['title', 'body']} />
      </form>
    </details>
  );
}
