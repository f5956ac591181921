/**
 * Online consultations (2.9): a resident asks a question in the cabinet (an operator records one
 * asked by phone), the thread with the Contact Center's workers, their internal notes (staff only —
 * the API never sends them to a resident), closing, rating, conversion into a request; and the
 * scheduled consultation sessions residents book. Every rule is the API's; the pages show its answers.
 */
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { api, call, newIdempotencyKey, type Schemas } from '../api';
import { Countdown, Field, fmtApplicant, fmtDateTime, fmtTerm, FormMessage, formValues, hasRole, Loading, navigate, useForm, useLoad, useSession, type FormState } from '../ui';
import { AddressFields, addressOf, useReference } from './cabinet';

type StaffCard = Schemas['Consultation'];
type ResidentCard = Schemas['ResidentConsultation'];
type AnyCard = StaffCard | ResidentCard | Schemas['AnalystConsultation'];
type StaffSession = Schemas['ConsultationSession'];

/** The consultation part of the Classifier: categories whose code starts so (domain/consultations.ts). */
const isConsultation = (code: string): boolean => code.toUpperCase().startsWith('CONSULT-');

export const CONSULTATION_STATUS_UK: Record<AnyCard['status'], string> = {
  awaiting_reply: 'Очікує відповіді',
  answered: 'Надано відповідь',
  closed: 'Закрито',
  converted: 'Перетворено на звернення',
};

const ROLE_FROM_UK = { resident: 'Заявник', staff: 'Контакт-центр' } as const;

function ConsultationStatus({ card: c }: { card: Pick<AnyCard, 'status' | 'overdue'> }): JSX.Element {
  return (
    <>
      <span class={`status status-${c.status}`}>{CONSULTATION_STATUS_UK[c.status]}</span>
      {c.overdue && <span class="badge overdue">прострочено</span>}
    </>
  );
}

function ReplyDue({ card: c }: { card: Pick<AnyCard, 'replyDueAt' | 'status'> }): JSX.Element {
  if (!c.replyDueAt) return <span>{c.status === 'awaiting_reply' ? '—' : 'відповідь надано'}</span>;
  return <>{fmtDateTime(c.replyDueAt)} <Countdown deadlineAt={c.replyDueAt} /></>;
}

// ---------- asking ----------

/** A resident's question from the cabinet, or an operator's record of one asked by phone. */
export function AskQuestion(): JSX.Element {
  const s = useSession();
  const form = useForm();
  const ref = useReference();
  const [code, setCode] = useState('');
  const [key, setKey] = useState(newIdempotencyKey);
  const categories = ref.categories.filter((c) => isConsultation(c.code));
  const chosen = categories.find((c) => c.code === code);
  const byPhone = hasRole(s, 'operator');
  const submit = (e: Event): void => {
    const v = formValues(e);
    void form.run(async () => {
      const res = await call(
        api.POST('/consultations', {
          params: { header: { 'idempotency-key': key } },
          body: {
            categoryCode: v.categoryCode ?? '',
            question: v.question ?? '',
            ...(v.subject ? { subject: v.subject } : {}),
            ...(byPhone ? { applicant: { name: v['applicant.name'] ?? '', phone: v['applicant.phone'] ?? '', ...(v['applicant.email'] ? { email: v['applicant.email'] } : {}) } } : {}),
          },
        }),
      );
      setKey(newIdempotencyKey());
      navigate(`/consultations/${res.number}?new=1`);
    });
  };
  return (
    <section class="narrow">
      <h1>{byPhone ? 'Записати питання, поставлене телефоном' : 'Поставити питання'}</h1>
      <p class="muted">Консультацію надають працівники Контакт-центру (п. 2.9); термін відповіді залежить від теми.</p>
      <form onSubmit={submit} noValidate>
        {byPhone && (
          <fieldset>
            <legend>Заявник</legend>
            <Field name="applicant.phone" label="Телефон" form={form}>{(a) => <input {...a} type="tel" required autoComplete="off" />}</Field>
            <Field name="applicant.name" label="Прізвище та ім’я" form={form}>{(a) => <input {...a} required />}</Field>
            <Field name="applicant.email" label="Email (необов’язково)" form={form}>{(a) => <input {...a} type="email" />}</Field>
          </fieldset>
        )}
        <Field name="categoryCode" label="Тема консультації" form={form} hint={chosen ? `Термін відповіді: ${fmtTerm(chosen.term)}` : 'Від теми залежить термін відповіді'}>
          {(a) => (
            <select {...a} required value={code} onChange={(e) => setCode(e.currentTarget.value)}>
              <option value="">— оберіть тему —</option>
              {categories.map((c) => (
                <option key={c.code} value={c.code}>{c.name} — відповідь за {fmtTerm(c.term)}</option>
              ))}
            </select>
          )}
        </Field>
        <Field name="subject" label="Коротко, про що питання (необов’язково)" form={form}>{(a) => <input {...a} maxLength={200} />}</Field>
        <Field name="question" label="Ваше питання" form={form}>{(a) => <textarea {...a} rows={6} required maxLength={4000} />}</Field>
        <button type="submit" disabled={form.busy}>{form.busy ? 'Надсилаємо…' : byPhone ? 'Записати питання' : 'Надіслати питання'}</button>
        <FormMessage form={form} fields={['categoryCode', 'subject', 'question', 'applicant.name', 'applicant.phone', 'applicant.email']} />
      </form>
    </section>
  );
}

// ---------- lists ----------

type ListItem = Pick<AnyCard, 'number' | 'status' | 'overdue' | 'replyDueAt' | 'categoryName' | 'subject' | 'registeredAt'> & { applicant?: { name: string; phone: string; email?: string } | { pseudonym: string } };

function ConsultationList({ items, staff }: { items: ListItem[]; staff?: boolean }): JSX.Element {
  return (
    <ul class="list consultations">
      {items.map((c) => (
        <li key={c.number} class="item">
          <a href={`/consultations/${c.number}`} class="req-number">{c.number}</a> <ConsultationStatus card={c} />
          <div>{c.categoryName} · {c.subject}</div>
          {staff && c.applicant && <div>{fmtApplicant(c.applicant)}</div>}
          <div>Поставлено {fmtDateTime(c.registeredAt)} · Відповідь до: <ReplyDue card={c} /></div>
        </li>
      ))}
    </ul>
  );
}

/** The resident's "my consultations": status and reply deadline; the thread is on each one's page. */
export function MyConsultations(): JSX.Element {
  const s = useSession();
  const list = useLoad(() => call(api.GET('/consultations')), [s?.token]);
  return (
    <section>
      <h1>Мої консультації</h1>
      <p><a class="button" href="/consultations/new">Поставити питання</a> <a class="button secondary" href="/consultation-sessions">Консультаційні сесії</a></p>
      <Loading what={list} />
      {list.data && list.data.items.length === 0 && <p>Питань ще немає.</p>}
      <ConsultationList items={list.data?.items ?? []} />
    </section>
  );
}

/** The workers' queue: the consultations not yet closed, waiting ones first, the soonest due first; overdue marked. */
export function ConsultationQueue(): JSX.Element {
  const s = useSession();
  const [overdueOnly, setOverdueOnly] = useState(false);
  const list = useLoad(() => call(api.GET('/consultations', { params: { query: overdueOnly ? { overdue: 'true' } : {} } })), [s?.token, overdueOnly]);
  return (
    <section>
      <h1>Консультації</h1>
      <p>
        {hasRole(s, 'operator') && <><a class="button" href="/consultations/new">Записати питання з телефону</a>{' '}</>}
        <a class="button secondary" href="/consultation-sessions">Консультаційні сесії</a>
      </p>
      <div class="check">
        <input type="checkbox" id="overdue-only" checked={overdueOnly} onChange={(e) => setOverdueOnly(e.currentTarget.checked)} />
        <label for="overdue-only">Лише прострочені</label>
      </div>
      <Loading what={list} />
      {list.data && list.data.items.length === 0 && <p>Відкритих консультацій немає.</p>}
      <ConsultationList items={list.data?.items ?? []} staff />
    </section>
  );
}

// ---------- one consultation ----------

export function ConsultationPage({ number }: { number: string }): JSX.Element {
  const s = useSession();
  const loaded = useLoad(() => call(api.GET('/consultations/{number}', { params: { path: { number } } })), [number, s?.token]);
  const [card, setCard] = useState<AnyCard>();
  const c = card?.number === number ? card : loaded.data;
  const fresh = new URLSearchParams(location.search).has('new');
  if (!s) return <p>Увійдіть, щоб побачити консультацію. <a href={`/login?next=/consultations/${number}`}>Увійти</a></p>;
  if (!c) return <Loading what={loaded} />;
  const staff = s.user.role !== 'applicant';
  return (
    <section>
      {fresh && <p class="form-done" role="status">Питання зареєстровано: № {c.number}.</p>}
      <h1>Консультація {c.number}</h1>
      <div class="card">
        <dl>
          <dt>Стан</dt><dd><ConsultationStatus card={c} /></dd>
          <dt>Тема</dt><dd>{c.categoryName} ({c.categoryCode})</dd>
          <dt>Термін відповіді</dt><dd>{fmtTerm(c.term)}</dd>
          <dt>Відповідь до</dt><dd><ReplyDue card={c} /></dd>
          <dt>Питання</dt><dd>{c.subject}</dd>
          {staff && <><dt>Заявник</dt><dd>{fmtApplicant(c.applicant)}</dd></>}
          <dt>Канал</dt><dd>{c.channel === 'web' ? 'сайт' : 'телефон'}</dd>
          <dt>Зареєстровано</dt><dd>{fmtDateTime(c.registeredAt)}</dd>
          {c.silenceCloseAt && <><dt>Закриється без відповіді заявника</dt><dd>{fmtDateTime(c.silenceCloseAt)}</dd></>}
          {c.closedAt && <><dt>Закрито</dt><dd>{fmtDateTime(c.closedAt)}{c.closeReason === 'silence' ? ' (заявник не відповів)' : c.closeReason === 'answered' ? ' (заявник отримав відповідь)' : ''}</dd></>}
          {c.rating && <><dt>Оцінка</dt><dd>{c.rating.score} з 5{c.rating.comment ? ` — ${c.rating.comment}` : ''}</dd></>}
          {c.convertedTo && <><dt>Перетворено на звернення</dt><dd><a href={`/requests/${c.convertedTo.number}`}>{c.convertedTo.number}</a> ({c.convertedTo.categoryCode})</dd></>}
        </dl>
      </div>
      {staff && <TemporalLink number={c.number} />}
      <Thread card={c} />
      {'internalNotes' in c && <InternalNotes notes={(c as StaffCard).internalNotes} />}
      <ConsultationActions card={c} onCard={setCard} />
    </section>
  );
}

/** Staff: the consultation's workflow in the Temporal UI (its id as contracts/wire.ts `consultationWorkflowId` makes it). */
function TemporalLink({ number }: { number: string }): JSX.Element | null {
  const ui = useLoad(() => call(api.GET('/ui-config')), []);
  if (!ui.data?.temporalUiUrl) return null;
  const href = `${ui.data.temporalUiUrl.replace(/\/$/, '')}/namespaces/${encodeURIComponent(ui.data.temporalNamespace)}/workflows/${encodeURIComponent(`consultation-${number}`)}`;
  return <p><a href={href} target="_blank" rel="noopener noreferrer">Процес консультації в Temporal UI</a></p>;
}

function Thread({ card }: { card: AnyCard }): JSX.Element {
  return (
    <section aria-labelledby="thread-h">
      <h2 id="thread-h">Листування</h2>
      <ol class="list thread">
        {card.messages.map((m, i) => (
          <li key={i} class={`item message from-${m.from}`}>
            <div class="muted">{ROLE_FROM_UK[m.from]}{m.author.name ? ` · ${m.author.name}` : ''} · {fmtDateTime(m.at)}</div>
            <div class="pre">{m.text}</div>
          </li>
        ))}
      </ol>
    </section>
  );
}

/** Staff only (the API sends these to no resident): marked so no one mistakes them for the thread. */
function InternalNotes({ notes }: { notes: StaffCard['internalNotes'] }): JSX.Element {
  return (
    <section class="internal" aria-labelledby="notes-h">
      <h2 id="notes-h">Службові нотатки (заявник їх не бачить)</h2>
      {notes.length === 0 ? <p class="muted">Нотаток немає.</p> : (
        <ul class="list">
          {notes.map((n, i) => (
            <li key={i} class="item note">
              <div class="muted">{n.author.name ?? n.author.id} · {fmtDateTime(n.at)}</div>
              <div class="pre">{n.text}</div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function ActionForm({ title, form, onSubmit, children, submit, fields, open }: { title: string; form: FormState; onSubmit: (e: Event) => void; children: JSX.Element | JSX.Element[]; submit: string; fields: string[]; open?: boolean }): JSX.Element {
  return (
    <details class="action" open={open}>
      <summary>{title}</summary>
      <form onSubmit={onSubmit} noValidate aria-label={title}>
        {children}
        <button type="submit" disabled={form.busy}>{submit}</button>
        <FormMessage form={form} fields={fields} />
      </form>
    </details>
  );
}

type Path = '/consultations/{number}/replies' | '/consultations/{number}/messages' | '/consultations/{number}/notes';

/** One text for the thread or the notes: a reply, a follow-up, an internal note. */
function TextAction({ number, path, title, label, submit, done, onCard, open }: { number: string; path: Path; title: string; label: string; submit: string; done: string; onCard: (c: AnyCard) => void; open?: boolean }): JSX.Element {
  const form = useForm();
  return (
    <ActionForm
      title={title}
      submit={submit}
      form={form}
      fields={['text']}
      open={open}
      onSubmit={(e) => {
        const el = e.currentTarget as HTMLFormElement;
        const v = formValues(e);
        void form.run(async () => {
          onCard(await call(api.POST(path, { params: { path: { number } }, body: { text: v.text ?? '' } })));
          el.reset();
          return done;
        });
      }}
    >
      <Field name="text" label={label} form={form}>{(a) => <textarea {...a} rows={4} required />}</Field>
    </ActionForm>
  );
}

/** Scores 1–5 as radios; `field` is the API's name for the score, so its refusal shows here. */
function Stars({ form, legend, field }: { form: FormState; legend: string; field: string }): JSX.Element {
  return (
    <fieldset data-field={field} tabIndex={-1}>
      <legend>{legend}</legend>
      <div class="stars">
        {[1, 2, 3, 4, 5].map((n) => (
          <span key={n} class="check">
            <input type="radio" id={`cscore-${n}`} name="score" value={String(n)} />
            <label for={`cscore-${n}`}>{n}</label>
          </span>
        ))}
      </div>
      {form.fieldError(field) && <small class="field-error">{form.fieldError(field)}</small>}
    </fieldset>
  );
}

function MarkAnswered({ number, onCard }: { number: string; onCard: (c: AnyCard) => void }): JSX.Element {
  const form = useForm();
  return (
    <ActionForm
      title="Я отримав(-ла) відповідь"
      submit="Позначити як отриману"
      form={form}
      fields={['rating.score', 'rating.comment']}
      open
      onSubmit={(e) => {
        const v = formValues(e);
        void form.run(async () => {
          const rating = v.score ? { rating: { score: Number(v.score), ...(v.comment ? { comment: v.comment } : {}) } } : {};
          onCard(await call(api.POST('/consultations/{number}/answered', { params: { path: { number } }, body: rating })));
          return 'Консультацію закрито. Дякуємо!';
        });
      }}
    >
      <Stars form={form} legend="Оцінка відповіді (необов’язково)" field="rating.score" />
      <Field name="rating.comment" label="Коментар до оцінки (необов’язково)" form={form}>{(a) => <textarea {...a} name="comment" rows={2} />}</Field>
    </ActionForm>
  );
}

function RateAnswer({ number, onCard }: { number: string; onCard: (c: AnyCard) => void }): JSX.Element {
  const form = useForm();
  return (
    <ActionForm
      title="Оцініть відповідь"
      submit="Оцінити"
      form={form}
      fields={['score', 'comment']}
      open
      onSubmit={(e) => {
        const v = formValues(e);
        void form.run(async () => {
          onCard(await call(api.POST('/consultations/{number}/rating', { params: { path: { number } }, body: { score: Number(v.score ?? 0), ...(v.comment ? { comment: v.comment } : {}) } })));
          return 'Дякуємо за оцінку!';
        });
      }}
    >
      <Stars form={form} legend="Оцінка" field="score" />
      <Field name="comment" label="Коментар (необов’язково)" form={form}>{(a) => <textarea {...a} rows={2} />}</Field>
    </ActionForm>
  );
}

/** Into a request when the question is really a problem to fix: routed by the Classifier; the page moves to the request. */
function Conversion({ number }: { number: string }): JSX.Element {
  const form = useForm();
  const ref = useReference();
  const categories = ref.categories.filter((c) => !isConsultation(c.code));
  return (
    <ActionForm
      title="Перетворити на звернення"
      submit="Зареєструвати звернення"
      form={form}
      fields={['categoryCode', 'address.district', 'address.street', 'address.building', 'address.apartment', 'description']}
      onSubmit={(e) => {
        const v = formValues(e);
        void form.run(async () => {
          const res = await call(
            api.POST('/consultations/{number}/conversion', {
              params: { path: { number } },
              body: { categoryCode: v.categoryCode ?? '', address: addressOf(v), ...(v.description ? { description: v.description } : {}) },
            }),
          );
          navigate(`/requests/${res.request.number}?new=1`);
        });
      }}
    >
      <Field name="categoryCode" label="Категорія звернення" form={form} hint="Виконавця і термін визначає Класифікатор; питання і листування додаються до опису">
        {(a) => (
          <select {...a} required>
            <option value="">— оберіть категорію —</option>
            {categories.map((c) => <option key={c.code} value={c.code}>{c.name} — {fmtTerm(c.term)}</option>)}
          </select>
        )}
      </Field>
      <AddressFields form={form} districts={ref.districts} />
      <Field name="description" label="Що має зробити виконавець (необов’язково)" form={form}>{(a) => <textarea {...a} rows={3} maxLength={2000} />}</Field>
    </ActionForm>
  );
}

function ConsultationActions({ card: c, onCard }: { card: AnyCard; onCard: (c: AnyCard) => void }): JSX.Element | null {
  const s = useSession();
  if (!s) return null;
  const open = c.status === 'awaiting_reply' || c.status === 'answered';
  const blocks: JSX.Element[] = [];
  if (hasRole(s, 'operator', 'manager') && open) {
    blocks.push(<TextAction key="reply" number={c.number} path="/consultations/{number}/replies" title="Відповісти заявнику" label="Відповідь (її побачить заявник)" submit="Надіслати відповідь" done="Відповідь надіслано." onCard={onCard} open={c.status === 'awaiting_reply'} />);
    blocks.push(<TextAction key="note" number={c.number} path="/consultations/{number}/notes" title="Службова нотатка (заявник її не бачить)" label="Текст нотатки" submit="Додати нотатку" done="Нотатку додано." onCard={onCard} />);
    if (hasRole(s, 'operator')) blocks.push(<TextAction key="ask" number={c.number} path="/consultations/{number}/messages" title="Записати повторне питання заявника (телефоном)" label="Що запитав заявник" submit="Записати" done="Питання записано." onCard={onCard} />);
    blocks.push(<Conversion key="convert" number={c.number} />);
  }
  if (hasRole(s, 'applicant')) {
    if (c.status === 'answered') blocks.push(<MarkAnswered key="answered" number={c.number} onCard={onCard} />);
    if (open) blocks.push(<TextAction key="ask" number={c.number} path="/consultations/{number}/messages" title="Написати ще" label="Ваше повідомлення" submit="Надіслати" done="Повідомлення надіслано." onCard={onCard} />);
    // Rated at once when marked answered, or afterwards (the API keeps the rating window).
    if (c.status === 'closed' && !c.rating) blocks.push(<RateAnswer key="rate" number={c.number} onCard={onCard} />);
  }
  if (blocks.length === 0) return null;
  return (
    <section class="actions" aria-labelledby="actions-h">
      <h2 id="actions-h">Дії</h2>
      {blocks}
    </section>
  );
}

// ---------- scheduled sessions ----------

type AnySession = NonNullable<Awaited<ReturnType<typeof loadSessions>>>['items'][number];
const loadSessions = () => call(api.GET('/consultation-sessions'));
const isStaffSession = (x: AnySession): x is StaffSession => 'history' in x;

/** Residents book a slot and see their bookings; staff publish sessions, see the bookings and record that a slot was held. */
export function Sessions(): JSX.Element {
  const s = useSession();
  const list = useLoad(loadSessions, [s?.token]);
  const [tick, setTick] = useState(0);
  const reload = (): void => {
    setTick(tick + 1);
    list.reload();
  };
  const items = list.data?.items ?? [];
  const resident = hasRole(s, 'applicant');
  const mine = resident ? items.flatMap((x) => (isStaffSession(x) ? [] : x.slots.filter((sl) => sl.bookedByMe).map((sl) => ({ session: x, slot: sl })))) : [];
  return (
    <section>
      <h1>Консультаційні сесії</h1>
      <p class="muted">Сесії з експертами на визначену тему (п. 2.9): {resident ? 'запишіться на зручний час — підтвердження і нагадування надійдуть на пошту.' : 'опублікуйте тему, експерта і час; записи заявників видно нижче.'}</p>
      {resident && (
        <section aria-labelledby="mine-h">
          <h2 id="mine-h">Мої записи</h2>
          {mine.length === 0 ? <p>Записів немає.</p> : (
            <ul class="list">
              {mine.map(({ session, slot }) => (
                <li key={slot.id} class="item">{session.topic} · {session.expert} · {fmtDateTime(slot.startsAt)}–{fmtDateTime(slot.endsAt)}{slot.held ? ' (відбулася)' : ''}</li>
              ))}
            </ul>
          )}
        </section>
      )}
      {hasRole(s, 'operator', 'manager') && <PublishSession onDone={reload} />}
      <h2>Заплановані сесії</h2>
      <Loading what={list} />
      {list.data && items.length === 0 && <p>Запланованих сесій немає.</p>}
      <ul class="list sessions">
        {items.map((x) => (
          <li key={x.id} class="item">
            <h3>{x.topic}</h3>
            <p>Експерт: {x.expert}</p>
            <p class="pre">{x.description}</p>
            {isStaffSession(x) ? <StaffSlots session={x} onDone={reload} /> : <ResidentSlots session={x} onDone={reload} />}
          </li>
        ))}
      </ul>
    </section>
  );
}

function ResidentSlots({ session: x, onDone }: { session: Exclude<AnySession, StaffSession>; onDone: () => void }): JSX.Element {
  return (
    <ul class="list">
      {x.slots.map((sl) => (
        <li key={sl.id}>
          {fmtDateTime(sl.startsAt)}–{fmtDateTime(sl.endsAt)} · вільних місць: {sl.free}{' '}
          {sl.bookedByMe ? <strong>ви записані</strong> : sl.held ? <span>відбулася</span> : <BookSlot sessionId={x.id} slot={sl} onDone={onDone} />}
        </li>
      ))}
    </ul>
  );
}

function BookSlot({ sessionId, slot, onDone }: { sessionId: string; slot: { id: string; startsAt: string }; onDone: () => void }): JSX.Element {
  const form = useForm();
  const title = `Записатися на ${fmtDateTime(slot.startsAt)}`;
  return (
    <form
      class="action-inline"
      aria-label={title}
      onSubmit={(e) => {
        e.preventDefault();
        void form.run(async () => {
          await call(api.POST('/consultation-sessions/{id}/bookings', { params: { path: { id: sessionId } }, body: { slotId: slot.id } }));
          onDone();
        });
      }}
    >
      <button type="submit" disabled={form.busy} aria-label={title}>Записатися</button>
      <FormMessage form={form} />
    </form>
  );
}

function StaffSlots({ session: x, onDone }: { session: StaffSession; onDone: () => void }): JSX.Element {
  return (
    <ul class="list">
      {x.slots.map((sl) => (
        <li key={sl.id} class="item">
          <div>{fmtDateTime(sl.startsAt)}–{fmtDateTime(sl.endsAt)} · записано {sl.bookings.length} з {sl.capacity}</div>
          {sl.bookings.length > 0 && (
            <ul>
              {sl.bookings.map((b) => <li key={b.userId}>{b.name}{b.phone ? `, ${b.phone}` : ''}{b.email ? `, ${b.email}` : ''}</li>)}
            </ul>
          )}
          {sl.held ? <p>Відбулася {fmtDateTime(sl.held.at)}: {sl.held.note}{sl.held.attended !== undefined ? ` (присутніх: ${sl.held.attended})` : ''}</p> : <RecordHeld sessionId={x.id} slot={sl} onDone={onDone} />}
        </li>
      ))}
    </ul>
  );
}

function RecordHeld({ sessionId, slot, onDone }: { sessionId: string; slot: { id: string; startsAt: string }; onDone: () => void }): JSX.Element {
  const form = useForm();
  return (
    <ActionForm
      title={`Сесія ${fmtDateTime(slot.startsAt)} відбулася`}
      submit="Записати"
      form={form}
      fields={['note', 'attended']}
      onSubmit={(e) => {
        const v = formValues(e);
        void form.run(async () => {
          await call(api.POST('/consultation-sessions/{id}/slots/{slotId}/held', { params: { path: { id: sessionId, slotId: slot.id } }, body: { note: v.note ?? '', ...(v.attended ? { attended: Number(v.attended) } : {}) } }));
          onDone();
        });
      }}
    >
      <Field name="note" label="Як пройшла сесія" form={form}>{(a) => <textarea {...a} rows={2} required />}</Field>
      <Field name="attended" label="Присутніх (необов’язково)" form={form}>{(a) => <input {...a} type="number" min={0} inputMode="numeric" />}</Field>
    </ActionForm>
  );
}

/** `datetime-local` (the browser's zone, Kyiv for the city) → an ISO instant the API takes. */
const instant = (local: string | undefined): string => {
  if (!local) return '';
  const d = new Date(local);
  return Number.isNaN(d.getTime()) ? local : d.toISOString();
};

function PublishSession({ onDone }: { onDone: () => void }): JSX.Element {
  const form = useForm();
  const [slots, setSlots] = useState(1);
  const slotFields = Array.from({ length: slots }, (_, i) => [`slots.${i}.startsAt`, `slots.${i}.endsAt`, `slots.${i}.capacity`]).flat();
  return (
    <ActionForm
      title="Опублікувати сесію"
      submit="Опублікувати"
      form={form}
      fields={['topic', 'expert', 'description', 'slots', ...slotFields]}
      onSubmit={(e) => {
        const el = e.currentTarget as HTMLFormElement;
        const v = formValues(e);
        void form.run(async () => {
          await call(
            api.POST('/consultation-sessions', {
              body: {
                topic: v.topic ?? '',
                expert: v.expert ?? '',
                description: v.description ?? '',
                slots: Array.from({ length: slots }, (_, i) => ({ startsAt: instant(v[`slots.${i}.startsAt`]), endsAt: instant(v[`slots.${i}.endsAt`]), capacity: Number(v[`slots.${i}.capacity`] ?? 0) })),
              },
            }),
          );
          el.reset();
          setSlots(1);
          onDone();
          return 'Сесію опубліковано.';
        });
      }}
    >
      <Field name="topic" label="Тема" form={form}>{(a) => <input {...a} required maxLength={300} />}</Field>
      <Field name="expert" label="Експерт" form={form}>{(a) => <input {...a} required maxLength={300} />}</Field>
      <Field name="description" label="Опис" form={form}>{(a) => <textarea {...a} rows={3} required maxLength={4000} />}</Field>
      <>
        {Array.from({ length: slots }, (_, i) => (
          <fieldset key={i}>
            <legend>Час {i + 1}</legend>
            <div class="row">
              <Field name={`slots.${i}.startsAt`} label="Початок" form={form}>{(a) => <input {...a} type="datetime-local" required />}</Field>
              <Field name={`slots.${i}.endsAt`} label="Кінець" form={form}>{(a) => <input {...a} type="datetime-local" required />}</Field>
              <Field name={`slots.${i}.capacity`} label="Місць" form={form}>{(a) => <input {...a} type="number" min={1} max={500} defaultValue="10" required />}</Field>
            </div>
          </fieldset>
        ))}
      </>
      <button type="button" class="secondary" onClick={() => setSlots(slots + 1)}>Додати час</button>
    </ActionForm>
  );
}
