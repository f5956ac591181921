/**
 * A request's page: the full card (status, term and live countdown, address, applicant, result,
 * comments, history, files) and the actions the signed-in role may take in its status. Whether an
 * action is allowed is decided by the API (the request's workflow); the page only offers the likely
 * ones and shows the refusal next to the field it names.
 */
import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { api, call, downloadAttachment, upload, type Card } from '../api';
import { Countdown, Field, fmtApplicant, fmtDate, fmtDateTime, FormMessage, formValues, hasRole, Loading, STATUS_UK, StatusBadge, useForm, useLoad, useSession, type FormState } from '../ui';

const INFORMED_VIA: Record<string, string> = {
  email: 'електронною поштою',
  landline: 'за стаціонарним телефоном',
  mobile: 'за мобільним телефоном',
  sms: 'SMS',
  messenger: 'у месенджері',
  in_person: 'особисто',
  letter: 'листом',
};

const ACTION_UK: Record<string, string> = {
  registered: 'Зареєстровано',
  accepted: 'Прийнято в роботу',
  commented: 'Коментар',
  executor_change_requested: 'Запит на зміну виконавця',
  executor_changed: 'Змінено виконавця',
  executor_change_rejected: 'У зміні виконавця відмовлено',
  additional_control_requested: 'Запит на додатковий контроль',
  additional_control_approved: 'Додатковий контроль погоджено',
  additional_control_rejected: 'У додатковому контролі відмовлено',
  closure_proposed: 'Запропоновано до закриття',
  closed: 'Закрито',
  rework: 'Повернуто на доопрацювання',
  rated: 'Оцінено заявником',
  overdue: 'Прострочено',
  applicant_confirmed: 'Заявник підтвердив виконання',
  applicant_not_confirmed: 'Заявник не підтвердив виконання',
  awaiting_reminder: 'Нагадування',
  awaiting_escalated: 'Ескалація',
  co_executor_involved: 'Залучено співвиконавця',
  part_proposed: 'Співвиконавець запропонував свою частину виконаною',
};

/** 9.2.3: how the applicant's word reached the Contact Center. */
const CONFIRMATION_CHANNEL_UK: Record<string, string> = {
  cabinet: 'кабінет',
  phone_call: 'дзвінок заявника',
  telegram: 'Telegram',
};

/** 8.2.x: a stopped time as hours and minutes. */
const fmtHours = (ms: number): string => {
  const minutes = Math.round(ms / 60_000);
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h > 0 ? `${h} год ${m} хв` : `${m} хв`;
};

export type CardSetter = (c: Card) => void;

export function RequestPage({ number }: { number: string }): JSX.Element {
  const s = useSession();
  const loaded = useLoad(() => call(api.GET('/requests/{number}', { params: { path: { number } } })), [number, s?.token]);
  const [card, setCard] = useState<Card>();
  const c = card?.number === number ? card : loaded.data;
  const fresh = new URLSearchParams(location.search).has('new');
  if (!s) return <p>Увійдіть, щоб побачити звернення. <a href={`/login?next=/requests/${number}`}>Увійти</a></p>;
  if (!c) return <Loading what={loaded} />;
  return (
    <section>
      {fresh && <p class="form-done" role="status">Звернення зареєстровано: № {c.number}.</p>}
      <h1>Звернення {c.number}</h1>
      <CardView card={c} />
      <Actions card={c} onCard={setCard} />
      <Comments card={c} />
      <History card={c} />
    </section>
  );
}

function CardView({ card: c }: { card: Card }): JSX.Element {
  const s = useSession();
  const staff = !!s && s.user.role !== 'applicant';
  const ui = useLoad(async () => (staff ? call(api.GET('/ui-config')) : undefined), [staff]);
  const temporal = ui.data?.temporalUiUrl
    ? `${ui.data.temporalUiUrl.replace(/\/$/, '')}/namespaces/${encodeURIComponent(ui.data.temporalNamespace)}/workflows/${encodeURIComponent(`request-${c.number}`)}`
    : undefined;
  return (
    <div class="card">
      <dl>
        <dt>Стан</dt>
        <dd><StatusBadge status={c.status} />{c.overdue && <span class="badge overdue">прострочено</span>}{c.underAdditionalControl && <span class="badge">на додатковому контролі</span>}</dd>
        <dt>Термін виконання</dt>
        <dd>{fmtDateTime(c.deadlineAt)} <Countdown deadlineAt={c.deadlineAt} done={c.status === 'closed' || c.status === 'strategic_plan'} /></dd>
        <dt>Категорія</dt><dd>{c.categoryName ?? ''} ({c.categoryCode})</dd>
        <dt>Виконавець</dt><dd>{c.executor.name}</dd>
        {coExecutorsOf(c).length > 0 && <><dt>Співвиконавці (п. 8.2.1)</dt><dd><CoExecutors card={c} /></dd></>}
        <dt>Адреса</dt><dd>{c.address.district} район, {c.address.street}, буд. {c.address.building}{c.address.apartment ? `, кв. ${c.address.apartment}` : ''}</dd>
        <dt>Заявник</dt><dd>{fmtApplicant(c.applicant)}</dd>
        <dt>Канал</dt><dd>{c.channel === 'web' ? 'сайт' : 'телефон'}</dd>
        <dt>Зареєстровано</dt><dd>{fmtDateTime(c.registeredAt)}</dd>
        {c.acceptedAt && <><dt>Прийнято в роботу</dt><dd>{fmtDateTime(c.acceptedAt)}</dd></>}
        <dt>Опис</dt><dd class="pre">{c.description}</dd>
        {c.repeatOf && <><dt>Повторне</dt><dd>повторює <a href={`/requests/${c.repeatOf}`}>{c.repeatOf}</a> ({c.repeatCount}-е)</dd></>}
        {c.repairWork && <><dt>Відомі роботи</dt><dd>{c.repairWork.title}, {c.repairWork.executorName}, орієнтовно до {fmtDateTime(c.repairWork.expectedEndAt)}</dd></>}
        {c.clockStoppedAt && (
          <><dt>Термін виконавця</dt><dd data-testid="clock-stopped">Термін виконавця зупинено з {fmtDateTime(c.clockStoppedAt)} (рішення Контакт-центру)</dd></>
        )}
        {!!c.clockStoppedMs && <><dt>Час рішень Контакт-центру</dt><dd data-testid="clock-stopped-total">усього {fmtHours(c.clockStoppedMs)} (на цей час термін виконавця подовжувався, п. 8.2)</dd></>}
        {c.pending && (
          <>
            <dt>Очікує</dt>
            <dd>
              {PENDING_UK[c.pending.kind] ?? c.pending.kind} з {fmtDateTime(c.pending.since)}{c.pending.reason ? `: ${c.pending.reason}` : ''}{c.pending.proposedDeadline ? ` (новий термін ${fmtDateTime(c.pending.proposedDeadline)})` : ''}
              {c.watch && <WatchLine watch={c.watch} />}
            </dd>
          </>
        )}
        {!c.pending && c.watch && <><dt>Очікує</dt><dd>{WATCH_UK[c.watch.awaiting] ?? c.watch.awaiting} з {fmtDateTime(c.watch.since)}<WatchLine watch={c.watch} /></dd></>}
        {c.applicantConfirmation && <><dt>Слово заявника (п. 9.2.3)</dt><dd data-testid="applicant-word">{fmtWord(c.applicantConfirmation)}</dd></>}
        {c.reviewableAt && c.status === 'closure_proposed' && <><dt>Розгляд можливий з</dt><dd>{fmtDateTime(c.reviewableAt)}</dd></>}
        {c.result && (
          <>
            <dt>Результат (п. 7.5)</dt>
            <dd>
              {c.result.result}. Підрозділ: {c.result.unit}; підприємство: {c.result.enterprise}; виконавець: {c.result.executorSurname}, {c.result.executorPhone}; дата складення інформації: {fmtDate(c.result.date)}; заявника поінформовано {INFORMED_VIA[c.result.applicantInformedVia] ?? c.result.applicantInformedVia}.
            </dd>
          </>
        )}
        {c.strategicPlan && <><dt>План СЕР</dt><dd>{c.strategicPlan.planYear ?? ''} {c.strategicPlan.plannedDate ?? ''}</dd></>}
        {c.closedAt && <><dt>Закрито</dt><dd>{fmtDateTime(c.closedAt)}</dd></>}
        {c.rating && <><dt>Оцінка</dt><dd>{c.rating.score} з 5{c.rating.comment ? ` — ${c.rating.comment}` : ''}</dd></>}
        {c.attachmentIds.length > 0 && (
          <>
            <dt>Файли</dt>
            <dd>
              <ul class="inline">
                {c.attachmentIds.map((id, i) => (
                  <li key={id}><button type="button" class="link" onClick={() => void downloadAttachment(id).catch((e: Error) => alert(e.message))}>Файл {i + 1}</button></li>
                ))}
              </ul>
            </dd>
          </>
        )}
      </dl>
      {temporal && <p><a href={temporal} target="_blank" rel="noopener">Процес звернення в Temporal UI</a></p>}
    </div>
  );
}

/** 8.2.1: the executors brought in beside the request's executor, each for a part of the work. */
type CoExecutor = NonNullable<Card['coExecutors']>[number];
const coExecutorsOf = (c: Card): CoExecutor[] => c.coExecutors ?? [];
/** 8.2.1: the co-executors whose part is not done yet: the request's closure waits for them. */
const partsOpen = (c: Card): CoExecutor[] => coExecutorsOf(c).filter((x) => !x.part);

function CoExecutors({ card }: { card: Card }): JSX.Element {
  return (
    <ul class="list co-executors" data-testid="co-executors">
      {coExecutorsOf(card).map((x) => (
        <li key={x.executor.id} class="item" data-testid="co-executor" data-executor={x.executor.id}>
          <strong>{x.executor.name}</strong> — {x.task}
          <br />
          {x.part ? (
            <span data-testid="part-done">
              <span class="badge">частину виконано</span> {x.part.result} (дата складення інформації: {fmtDate(x.part.date)}; запропоновано {fmtDateTime(x.part.at)})
            </span>
          ) : (
            <span class="badge due-soon" data-testid="part-open">частина ще не виконана</span>
          )}
        </li>
      ))}
    </ul>
  );
}

/** 9.2.3: the applicant's recorded word: confirmed or not, how, who recorded it and when. */
function fmtWord(w: NonNullable<Card['applicantConfirmation']>): string {
  const how = CONFIRMATION_CHANNEL_UK[w.channel] ?? w.channel;
  const call = w.callAt ? `, дзвінок о ${fmtDateTime(w.callAt)}` : '';
  const by = w.recordedBy ? `; записав(ла) ${w.recordedBy.name ?? w.recordedBy.id}` : '';
  return `${w.confirmed ? 'підтвердив(ла) виконання' : 'не підтвердив(ла) виконання'} — ${how}${call}${by}, ${fmtDateTime(w.at)}${w.note ? `: ${w.note}` : ''}`;
}

/** Who is reminded and when, and when the next role up is told (the card's watch). */
function WatchLine({ watch: w }: { watch: NonNullable<Card['watch']> }): JSX.Element {
  return (
    <small class="muted watch" data-testid="watch">
      {' '}· нагадування {w.remindedAt ? `надіслано ${fmtDateTime(w.remindedAt)}` : fmtDateTime(w.remindAt)} ({ROLE_UK[w.remind] ?? w.remind}) / ескалація {w.escalatedAt ? `надіслано ${fmtDateTime(w.escalatedAt)}` : fmtDateTime(w.escalateAt)} ({ROLE_UK[w.escalateTo] ?? w.escalateTo})
    </small>
  );
}

const ROLE_UK: Record<string, string> = { operator: 'оператор', manager: 'керівник', admin: 'адміністратор', executor: 'виконавець' };

/** What a watch waits for when nothing is pending: the СЕР planned works (8.2.3). */
const WATCH_UK: Record<string, string> = { planned_works: 'виконання робіт за планом СЕР (запланована дата минула)' };

const PENDING_UK: Record<string, string> = {
  executor_change: 'рішення про зміну виконавця',
  additional_control: 'рішення про додатковий контроль',
  manager_approval: 'погодження керівника (подовження після пропущеного терміну додаткового контролю)',
  strategic_plan: 'рішення про включення до планів СЕР',
  closure_review: 'розгляду пропозиції закриття оператором',
  rating_check: 'перевірки негативної оцінки',
  applicant_confirmation: 'підтвердження заявника',
};

function Comments({ card }: { card: Card }): JSX.Element | null {
  if (card.comments.length === 0) return null;
  return (
    <section>
      <h2>Коментарі</h2>
      <ul class="list">
        {card.comments.map((c, i) => (
          <li key={i} class="item">
            <span class="muted">{fmtDateTime(c.at)} · {c.author.name ?? c.author.role}{c.public ? '' : ' · службовий'}</span>
            <p class="pre">{c.text}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}

function History({ card }: { card: Card }): JSX.Element {
  return (
    <section>
      <h2>Історія</h2>
      <ol class="history">
        {card.history.map((h, i) => (
          <li key={i}>
            <span class="muted">{fmtDateTime(h.at)}</span> {ACTION_UK[h.action] ?? h.action}
            {h.to && h.from !== h.to ? ` → ${h.to ? (STATUS_UK[h.to] ?? h.to) : ''}` : ''}
            {h.actor.name ? ` (${h.actor.name})` : ''}
            {h.note ? `: ${h.note}` : ''}
          </li>
        ))}
      </ol>
    </section>
  );
}

type Post = (path: string, body: unknown) => Promise<Card>;

/**
 * 8.2.1: the bodies of the two co-executor routes (POST /requests/{number}/co-executors for operators,
 * POST /requests/{number}/part for a co-executor), typed here until openapi.d.ts is regenerated with them.
 */
interface InvolveCoExecutorBody {
  executorId: string;
  task: string;
}
interface ProposePartBody {
  result: string;
  /** 7.5: the date the information was written, YYYY-MM-DD. */
  date: string;
}

/** POSTs an action on the request and answers the card after it (the API's answer). */
const postAction =
  (number: string): Post =>
  async (path, body) =>
    call(api.POST(path as '/requests/{number}/acceptance', { params: { path: { number } }, body: body as never }));

function Actions({ card, onCard }: { card: Card; onCard: CardSetter }): JSX.Element | null {
  const s = useSession();
  if (!s) return null;
  const post = postAction(card.number);
  const st = card.status;
  const open = st !== 'closed';
  const working = st === 'in_progress' || st === 'rework';
  const blocks: JSX.Element[] = [];
  // 8.2.1: an executor brought in as a co-executor proposes its own part and comments; nothing else is its to do.
  const mine = s.user.executorId;
  const asCoExecutor = hasRole(s, 'executor') && mine !== card.executorId ? coExecutorsOf(card).find((x) => x.executor.id === mine) : undefined;
  if (asCoExecutor) {
    if (working && !asCoExecutor.part) blocks.push(<PartProposal key="part" post={post} onCard={onCard} task={asCoExecutor.task} />);
  } else if (hasRole(s, 'executor')) {
    if (!card.acceptedAt && working) blocks.push(<SimpleAction key="accept" title="Прийняти в роботу" label="Прийняти в роботу" path="/requests/{number}/acceptance" body={{}} post={post} onCard={onCard} />);
    if (working) blocks.push(<ClosureProposal key="close" post={post} onCard={onCard} executorName={card.executor.name} waitingFor={partsOpen(card)} />);
    if (st === 'in_progress' || st === 'rework') blocks.push(<ExecutorChangeRequest key="chg" post={post} onCard={onCard} />);
    if (st === 'in_progress' || st === 'rework') blocks.push(<AdditionalControlRequest key="ac" post={post} onCard={onCard} card={card} />);
    if (st === 'in_progress' || st === 'rework') blocks.push(<StrategicPlanRequest key="ser" post={post} onCard={onCard} />);
  }
  if (hasRole(s, 'executor', 'operator') && open) blocks.push(<CommentForm key="comment" post={post} onCard={onCard} />);
  if (hasRole(s, 'operator')) {
    if (st === 'closure_proposed') blocks.push(<Review key="review" post={post} onCard={onCard} card={card} />);
    if (st === 'executor_change_requested') blocks.push(<ExecutorChangeDecision key="chgd" post={post} onCard={onCard} />);
    if (working || st === 'executor_change_requested') blocks.push(<CoExecutorInvolvement key="co" post={post} onCard={onCard} card={card} />);
    if (st === 'additional_control_requested' && card.pending?.kind === 'additional_control') blocks.push(<AdditionalControlDecision key="acd" post={post} onCard={onCard} card={card} />);
    if (st === 'strategic_plan_requested') blocks.push(<StrategicPlanDecision key="serd" post={post} onCard={onCard} />);
    if (st === 'rating_disputed') blocks.push(<YesNo key="rv" title="Перевірка негативної оцінки (п. 10.2)" path="/requests/{number}/rating/verification" field="upheld" yes="Оцінку підтверджено" no="Оцінку не підтверджено" post={post} onCard={onCard} />);
    if (st === 'closed') blocks.push(<YesNo key="sc" title="Вибіркова перевірка (п. 9.2.5)" path="/requests/{number}/spot-check" field="confirmed" yes="Заявник підтвердив виконання" no="Заявник не підтвердив" post={post} onCard={onCard} />);
  }
  if (hasRole(s, 'manager') && card.pending?.kind === 'manager_approval') {
    blocks.push(<YesNo key="ma" title="Погодження подовження після пропущеного терміну додаткового контролю (п. 8.2.2)" path="/requests/{number}/additional-control/manager-approval" field="approve" yes="Погодити" no="Відмовити" post={post} onCard={onCard} />);
  }
  if (hasRole(s, 'applicant') && card.pending?.kind === 'applicant_confirmation') {
    blocks.push(<YesNo key="conf" title="Підтвердження виконання повторного звернення (п. 9.2.3)" path="/requests/{number}/confirmation" field="confirmed" yes="Так, проблему вирішено" no="Ні, не вирішено" extra={{ channel: 'cabinet' }} post={post} onCard={onCard} />);
  }
  // 9.2.3: a worker never answers for the applicant; the operator records the applicant's call.
  if (hasRole(s, 'operator') && card.requiresApplicantConfirmation && (st === 'closure_proposed' || card.pending?.kind === 'applicant_confirmation')) {
    blocks.push(<ApplicantCall key="call" post={post} onCard={onCard} />);
  }
  if (hasRole(s, 'applicant') && st === 'closed' && !card.rating && (!card.ratingWindowEndsAt || new Date(card.ratingWindowEndsAt).getTime() > Date.now())) {
    blocks.push(<Rating key="rate" post={post} onCard={onCard} card={card} />);
  }
  if (blocks.length === 0) return null;
  return (
    <section class="actions">
      <h2>Дії</h2>
      {blocks}
    </section>
  );
}

interface ActionProps {
  post: Post;
  onCard: CardSetter;
}

function ActionForm({ title, form, onSubmit, children, submit, blocked }: { title: string; form: FormState; onSubmit: (e: Event) => void; children?: JSX.Element | JSX.Element[]; submit: string; blocked?: JSX.Element }): JSX.Element {
  const id = `blocked-${title.replace(/\W+/g, '-')}`;
  return (
    <details class="action">
      <summary>{title}</summary>
      <form onSubmit={onSubmit} noValidate aria-label={title}>
        {blocked && <div role="note" id={id} class="form-blocked">{blocked}</div>}
        {children}
        <button type="submit" disabled={form.busy || !!blocked} aria-describedby={blocked ? id : undefined}>{submit}</button>
        <FormMessage form={form} fields={collectFields(children)} />
      </form>
    </details>
  );
}

/** The `name`s of the Field children, so the form's message lists only the fields the form lacks. */
function collectFields(children: JSX.Element | JSX.Element[] | undefined): string[] {
  const out: string[] = [];
  const walk = (c: unknown): void => {
    if (Array.isArray(c)) c.forEach(walk);
    else if (c && typeof c === 'object' && 'props' in c) {
      const p = (c as { props: { name?: unknown; children?: unknown } }).props;
      if (typeof p.name === 'string') out.push(p.name);
      walk(p.children);
    }
  };
  walk(children);
  return out;
}

function SimpleAction({ title, label, path, body, post, onCard }: ActionProps & { title: string; label: string; path: string; body: unknown }): JSX.Element {
  const form = useForm();
  return (
    <form
      class="action-inline"
      aria-label={title}
      onSubmit={(e) => {
        e.preventDefault();
        void form.run(async () => onCard(await post(path, body)));
      }}
    >
      <button type="submit" disabled={form.busy}>{label}</button>
      <FormMessage form={form} />
    </form>
  );
}

function CommentForm({ post, onCard }: ActionProps): JSX.Element {
  const form = useForm();
  return (
    <ActionForm
      title="Коментар"
      submit="Додати коментар"
      form={form}
      onSubmit={(e) => {
        const el = e.currentTarget as HTMLFormElement;
        const v = formValues(e);
        void form.run(async () => {
          onCard(await post('/requests/{number}/comments', { text: v.text ?? '', public: v.public === 'on' }));
          el.reset();
          return 'Коментар додано.';
        });
      }}
    >
      <Field name="text" label="Текст коментаря" form={form}>{(a) => <textarea {...a} rows={3} required />}</Field>
      <div class="check">
        <input id="comment-public" type="checkbox" name="public" />
        <label for="comment-public">Публічний (бачить заявник)</label>
      </div>
    </ActionForm>
  );
}

const today = (): string => new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Kyiv' });

function ClosureProposal({ post, onCard, executorName, waitingFor }: ActionProps & { executorName: string; waitingFor: CoExecutor[] }): JSX.Element {
  const form = useForm();
  // 8.2.1: the request is proposed for closure once every co-executor's part is done; the API refuses it before.
  const blocked =
    waitingFor.length > 0 ? (
      <p data-testid="closure-waits">
        Закриття чекає на частини співвиконавців (п. 8.2.1): ще не виконали{' '}
        {waitingFor.map((x, i) => (
          <span key={x.executor.id}>{i > 0 ? ', ' : ''}{x.executor.name} ({x.task})</span>
        ))}
        .
      </p>
    ) : undefined;
  return (
    <ActionForm
      title="Запропонувати закриття (результат за п. 7.5)"
      submit="Запропонувати закриття"
      form={form}
      blocked={blocked}
      onSubmit={(e) => {
        const v = formValues(e);
        void form.run(async () => {
          onCard(await post('/requests/{number}/closure-proposal', v));
          return 'Закриття запропоновано оператору.';
        });
      }}
    >
      <Field name="result" label="Результат виконання" form={form}>{(a) => <textarea {...a} rows={3} />}</Field>
      <Field name="unit" label="Підрозділ" form={form}>{(a) => <input {...a} />}</Field>
      <Field name="enterprise" label="Підприємство" form={form}>{(a) => <input {...a} defaultValue={executorName} />}</Field>
      <Field name="executorSurname" label="Прізвище виконавця" form={form}>{(a) => <input {...a} autoComplete="family-name" />}</Field>
      <Field name="executorPhone" label="Телефон виконавця" form={form}>{(a) => <input {...a} type="tel" />}</Field>
      <Field name="date" label="Дата складення інформації" form={form}>{(a) => <input {...a} type="date" defaultValue={today()} max={today()} />}</Field>
      <Field name="applicantInformedVia" label="Як поінформовано заявника" form={form}>
        {(a) => (
          <select {...a}>
            <option value="">— оберіть —</option>
            {Object.entries(INFORMED_VIA).map(([k, v]) => <option key={k} value={k}>{v}</option>)}
          </select>
        )}
      </Field>
    </ActionForm>
  );
}

/** 8.2.1: a co-executor proposes its part done: what it did, and the 7.5 date the information was written. */
function PartProposal({ post, onCard, task }: ActionProps & { task: string }): JSX.Element {
  const form = useForm();
  return (
    <ActionForm
      title="Запропонувати свою частину виконаною (п. 8.2.1)"
      submit="Запропонувати частину виконаною"
      form={form}
      onSubmit={(e) => {
        const v = formValues(e);
        void form.run(async () => {
          onCard(await post('/requests/{number}/part', { result: v.result ?? '', date: v.date ?? '' } satisfies ProposePartBody));
          return 'Вашу частину запропоновано виконаною.';
        });
      }}
    >
      <p>Ваше завдання: {task}</p>
      <Field name="result" label="Результат виконання вашої частини" form={form}>{(a) => <textarea {...a} rows={3} />}</Field>
      <Field name="date" label="Дата складення інформації" form={form}>{(a) => <input {...a} type="date" defaultValue={today()} max={today()} />}</Field>
    </ActionForm>
  );
}

/** 8.2.1: the operator brings in another executor for a part of the work (on the executor's request for a change too, instead of replacing it). */
function CoExecutorInvolvement({ post, onCard, card }: ActionProps & { card: Card }): JSX.Element {
  const form = useForm();
  const executors = useLoad(() => call(api.GET('/executors')), []);
  const taken = new Set([card.executorId, ...coExecutorsOf(card).map((x) => x.executor.id)]);
  return (
    <ActionForm
      title="Залучити співвиконавця (п. 8.2.1)"
      submit="Залучити співвиконавця"
      form={form}
      onSubmit={(e) => {
        const el = e.currentTarget as HTMLFormElement;
        const v = formValues(e);
        void form.run(async () => {
          onCard(await post('/requests/{number}/co-executors', { executorId: v.executorId ?? '', task: v.task ?? '' } satisfies InvolveCoExecutorBody));
          el.reset();
          return 'Співвиконавця залучено: йому надіслано завдання.';
        });
      }}
    >
      <p>{card.status === 'executor_change_requested' ? 'Це відповідь на запит виконавця про зміну: виконавець залишається, а співвиконавець виконає частину робіт.' : 'Виконавець залишається відповідальним; звернення буде запропоновано до закриття, коли всі частини буде виконано.'}</p>
      <Field name="executorId" label="Співвиконавець" form={form}>
        {(a) => (
          <select {...a}>
            <option value="">— оберіть виконавця —</option>
            {(executors.data ?? []).filter((x) => !taken.has(x.id)).map((x) => <option key={x.id} value={x.id}>{x.name}</option>)}
          </select>
        )}
      </Field>
      <Field name="task" label="Завдання співвиконавця" form={form}>{(a) => <textarea {...a} rows={3} />}</Field>
    </ActionForm>
  );
}

function ExecutorChangeRequest({ post, onCard }: ActionProps): JSX.Element {
  const form = useForm();
  return (
    <ActionForm
      title="Запит на зміну виконавця (п. 8.2.1)"
      submit="Надіслати запит"
      form={form}
      onSubmit={(e) => {
        const v = formValues(e);
        void form.run(async () => {
          onCard(await post('/requests/{number}/executor-change', { reason: v.reason ?? '' }));
          return 'Запит надіслано оператору.';
        });
      }}
    >
      <Field name="reason" label="Обґрунтування" form={form}>{(a) => <textarea {...a} rows={3} />}</Field>
    </ActionForm>
  );
}

async function uploadAll(el: HTMLFormElement): Promise<string[]> {
  const files = [...((el.elements.namedItem('files') as HTMLInputElement | null)?.files ?? [])];
  const ids: string[] = [];
  for (const f of files) ids.push(await upload(f));
  return ids;
}

const Files = ({ form, hint }: { form: FormState; hint: string }): JSX.Element => (
  <Field name="attachmentIds" label="Документи (акт, службова записка, фото)" hint={hint} form={form}>
    {(a) => <input {...a} name="files" type="file" multiple accept="image/jpeg,image/png,image/webp,application/pdf" />}
  </Field>
);

const toInstant = (local?: string): string => (local ? new Date(local).toISOString() : '');

function AdditionalControlRequest({ post, onCard, card }: ActionProps & { card: Card }): JSX.Element {
  const form = useForm();
  // 8.2.2: the card says whether this extension needs the manager and a named responsible person.
  const needsManager = card.extensionNeedsManager === true;
  return (
    <ActionForm
      title="Продовження терміну — додатковий контроль (п. 8.2.2)"
      submit="Надіслати запит"
      form={form}
      onSubmit={(e) => {
        const el = e.currentTarget as HTMLFormElement;
        const v = formValues(e);
        void form.run(async () => {
          const attachmentIds = await uploadAll(el);
          onCard(await post('/requests/{number}/additional-control', { reason: v.reason ?? '', proposedDeadline: toInstant(v.proposedDeadline), attachmentIds, ...(needsManager && v.responsiblePerson ? { responsiblePerson: v.responsiblePerson } : {}) }));
          return 'Запит надіслано оператору.';
        });
      }}
    >
      <Field name="reason" label="Обґрунтування" form={form}>{(a) => <textarea {...a} rows={3} />}</Field>
      <Field name="proposedDeadline" label="Новий термін" form={form}>{(a) => <input {...a} type="datetime-local" />}</Field>
      {needsManager ? (
        <Field name="responsiblePerson" label="Відповідальна особа" hint="Обов’язково: термін додаткового контролю пропущено, подовження погоджує керівник" form={form}>
          {(a) => <input {...a} required />}
        </Field>
      ) : (
        <></>
      )}
      <Files form={form} hint="Хоча б один документ" />
    </ActionForm>
  );
}

function StrategicPlanRequest({ post, onCard }: ActionProps): JSX.Element {
  const form = useForm();
  return (
    <ActionForm
      title="Включення до планів соціально-економічного розвитку (СЕР, п. 8.2.3)"
      submit="Надіслати запит"
      form={form}
      onSubmit={(e) => {
        const el = e.currentTarget as HTMLFormElement;
        const v = formValues(e);
        void form.run(async () => {
          const attachmentIds = await uploadAll(el);
          onCard(await post('/requests/{number}/strategic-plan', { reason: v.reason ?? '', attachmentIds }));
          return 'Запит надіслано оператору.';
        });
      }}
    >
      <Field name="reason" label="Обґрунтування" form={form}>{(a) => <textarea {...a} rows={3} />}</Field>
      <Files form={form} hint="Обґрунтувальні документи" />
    </ActionForm>
  );
}

function Review({ post, onCard, card }: ActionProps & { card: Card }): JSX.Element {
  const form = useForm();
  // 9.2.3: nobody closes a request over its applicant's "not confirmed": it can only go back for rework.
  const objected = card.applicantConfirmed === false;
  const [chosen, setDecision] = useState<'approve' | 'rework'>('approve');
  const decision = objected ? 'rework' : chosen;
  return (
    <ActionForm
      title="Розгляд пропозиції закриття (п. 9.2.4)"
      submit={decision === 'approve' ? 'Закрити звернення' : 'Повернути на доопрацювання'}
      form={form}
      onSubmit={(e) => {
        const v = formValues(e);
        void form.run(async () => {
          onCard(await post('/requests/{number}/review', { decision, note: v.note ?? '' }));
          return decision === 'approve' ? 'Звернення закрито.' : 'Повернуто на доопрацювання.';
        });
      }}
    >
      <p>{card.reviewableAt ? `Розгляд можливий з ${fmtDateTime(card.reviewableAt)}.` : ''}</p>
      {objected ? (
        <p role="note">Заявник не підтвердив виконання (п. 9.2.3): звернення можна лише повернути на доопрацювання.</p>
      ) : (
        <fieldset>
          <legend>Рішення</legend>
          <div class="check"><input type="radio" id="rv-approve" name="decision" checked={decision === 'approve'} onChange={() => setDecision('approve')} /><label for="rv-approve">Погодити закриття</label></div>
          <div class="check"><input type="radio" id="rv-rework" name="decision" checked={decision === 'rework'} onChange={() => setDecision('rework')} /><label for="rv-rework">Повернути на доопрацювання</label></div>
        </fieldset>
      )}
      <Field name="note" label="Примітка" form={form}>{(a) => <textarea {...a} rows={2} />}</Field>
    </ActionForm>
  );
}

/** 9.2.3: the operator records the applicant's call: the word, when they called, and a note; never a word of the operator's own. */
function ApplicantCall({ post, onCard }: ActionProps): JSX.Element {
  const form = useForm();
  const [confirmed, setConfirmed] = useState(true);
  return (
    <ActionForm
      title="Записати дзвінок заявника (п. 9.2.3)"
      submit="Записати дзвінок"
      form={form}
      onSubmit={(e) => {
        const v = formValues(e);
        void form.run(async () => {
          onCard(await post('/requests/{number}/confirmation', { confirmed, channel: 'phone_call', ...(v.callAt ? { callAt: toInstant(v.callAt) } : {}), note: v.note ?? '' }));
          return confirmed ? 'Дзвінок записано: заявник підтвердив виконання.' : 'Дзвінок записано: заявник не підтвердив, звернення повернуто на доопрацювання.';
        });
      }}
    >
      <p>Лише зі слів заявника, який зателефонував; підтвердити замість заявника не можна.</p>
      <fieldset>
        <legend>Що сказав заявник</legend>
        <div class="check"><input type="radio" id="call-y" name="call-v" checked={confirmed} onChange={() => setConfirmed(true)} /><label for="call-y">Заявник підтвердив виконання</label></div>
        <div class="check"><input type="radio" id="call-n" name="call-v" checked={!confirmed} onChange={() => setConfirmed(false)} /><label for="call-n">Заявник не підтвердив виконання</label></div>
      </fieldset>
      <Field name="callAt" label="Час дзвінка" form={form}>{(a) => <input {...a} type="datetime-local" />}</Field>
      <Field name="note" label="Що сказав заявник (примітка)" form={form}>{(a) => <textarea {...a} rows={2} />}</Field>
    </ActionForm>
  );
}

function YesNo({ title, path, field, yes, no, extra, post, onCard }: ActionProps & { title: string; path: string; field: string; yes: string; no: string; extra?: Record<string, unknown> }): JSX.Element {
  const form = useForm();
  const [value, setValue] = useState(true);
  const id = path.replace(/\W+/g, '-');
  return (
    <ActionForm
      title={title}
      submit="Зберегти рішення"
      form={form}
      onSubmit={(e) => {
        const v = formValues(e);
        void form.run(async () => {
          onCard(await post(path, { [field]: value, note: v.note ?? '', ...extra }));
          return 'Рішення збережено.';
        });
      }}
    >
      <fieldset>
        <legend>Рішення</legend>
        <div class="check"><input type="radio" id={`${id}-y`} name={`${id}-v`} checked={value} onChange={() => setValue(true)} /><label for={`${id}-y`}>{yes}</label></div>
        <div class="check"><input type="radio" id={`${id}-n`} name={`${id}-v`} checked={!value} onChange={() => setValue(false)} /><label for={`${id}-n`}>{no}</label></div>
      </fieldset>
      <Field name="note" label="Примітка" form={form}>{(a) => <textarea {...a} rows={2} />}</Field>
    </ActionForm>
  );
}

function ExecutorChangeDecision({ post, onCard }: ActionProps): JSX.Element {
  const form = useForm();
  const executors = useLoad(() => call(api.GET('/executors')), []);
  return (
    <ActionForm
      title="Рішення про зміну виконавця (п. 8.2.1)"
      submit="Зберегти рішення"
      form={form}
      onSubmit={(e) => {
        const v = formValues(e);
        void form.run(async () => {
          onCard(await post('/requests/{number}/executor-change/decision', { approve: !!v.executorId, ...(v.executorId ? { executorId: v.executorId } : {}), note: v.note ?? '' }));
          return 'Рішення збережено.';
        });
      }}
    >
      <Field name="executorId" label="Новий виконавець (порожньо — відмовити)" form={form}>
        {(a) => (
          <select {...a}>
            <option value="">— відмовити у зміні —</option>
            {(executors.data ?? []).map((x) => <option key={x.id} value={x.id}>{x.name}</option>)}
          </select>
        )}
      </Field>
      <Field name="note" label="Примітка" form={form}>{(a) => <textarea {...a} rows={2} />}</Field>
    </ActionForm>
  );
}

function AdditionalControlDecision({ post, onCard, card }: ActionProps & { card: Card }): JSX.Element {
  const form = useForm();
  const [approve, setApprove] = useState(true);
  const proposed = card.pending?.proposedDeadline;
  return (
    <ActionForm
      title="Рішення про додатковий контроль (п. 8.2.2)"
      submit="Зберегти рішення"
      form={form}
      onSubmit={(e) => {
        const v = formValues(e);
        void form.run(async () => {
          onCard(await post('/requests/{number}/additional-control/decision', { approve, ...(approve && v.deadline ? { deadline: toInstant(v.deadline) } : {}), note: v.note ?? '' }));
          return 'Рішення збережено.';
        });
      }}
    >
      <p>Запропоновано: {fmtDateTime(proposed)}. Документи — у файлах звернення.</p>
      <fieldset>
        <legend>Рішення</legend>
        <div class="check"><input type="radio" id="acd-y" name="acd" checked={approve} onChange={() => setApprove(true)} /><label for="acd-y">Погодити</label></div>
        <div class="check"><input type="radio" id="acd-n" name="acd" checked={!approve} onChange={() => setApprove(false)} /><label for="acd-n">Відмовити</label></div>
      </fieldset>
      <Field name="deadline" label="Інший термін (необов’язково)" form={form}>{(a) => <input {...a} type="datetime-local" />}</Field>
      <Field name="note" label="Примітка" form={form}>{(a) => <textarea {...a} rows={2} />}</Field>
    </ActionForm>
  );
}

function StrategicPlanDecision({ post, onCard }: ActionProps): JSX.Element {
  const form = useForm();
  const [approve, setApprove] = useState(true);
  return (
    <ActionForm
      title="Рішення про включення до планів СЕР (п. 8.2.3)"
      submit="Зберегти рішення"
      form={form}
      onSubmit={(e) => {
        const v = formValues(e);
        void form.run(async () => {
          onCard(
            await post('/requests/{number}/strategic-plan/decision', {
              approve,
              ...(v.planYear ? { planYear: Number(v.planYear) } : {}),
              ...(v.plannedDate ? { plannedDate: v.plannedDate } : {}),
              note: v.note ?? '',
            }),
          );
          return 'Рішення збережено.';
        });
      }}
    >
      <fieldset>
        <legend>Рішення</legend>
        <div class="check"><input type="radio" id="spd-y" name="spd" checked={approve} onChange={() => setApprove(true)} /><label for="spd-y">Включити до плану</label></div>
        <div class="check"><input type="radio" id="spd-n" name="spd" checked={!approve} onChange={() => setApprove(false)} /><label for="spd-n">Відмовити</label></div>
      </fieldset>
      <Field name="planYear" label="Рік плану" form={form}>{(a) => <input {...a} type="number" min={2000} max={2100} />}</Field>
      <Field name="plannedDate" label="Запланована дата робіт" form={form}>{(a) => <input {...a} type="date" />}</Field>
      <Field name="note" label="Примітка" form={form}>{(a) => <textarea {...a} rows={2} />}</Field>
    </ActionForm>
  );
}

function Rating({ post, onCard, card }: ActionProps & { card: Card }): JSX.Element {
  const form = useForm();
  return (
    <ActionForm
      title="Оцініть виконання (п. 10.1)"
      submit="Оцінити"
      form={form}
      onSubmit={(e) => {
        const v = formValues(e);
        void form.run(async () => {
          onCard(await post('/requests/{number}/rating', { score: Number(v.score ?? 0), ...(v.comment ? { comment: v.comment } : {}) }));
          return 'Дякуємо за оцінку!';
        });
      }}
    >
      <fieldset data-field="score" tabIndex={-1}>
        <legend>Оцінка{card.ratingWindowEndsAt ? ` (можна до ${fmtDateTime(card.ratingWindowEndsAt)})` : ''}</legend>
        <div class="stars">
          {[1, 2, 3, 4, 5].map((n) => (
            <span key={n} class="check">
              <input type="radio" id={`score-${n}`} name="score" value={String(n)} />
              <label for={`score-${n}`}>{n}</label>
            </span>
          ))}
        </div>
        {form.fieldError('score') && <small class="field-error">{form.fieldError('score')}</small>}
      </fieldset>
      <Field name="comment" label="Коментар (необов’язково)" form={form}>{(a) => <textarea {...a} rows={2} />}</Field>
    </ActionForm>
  );
}
