/**
 * The notifications' Ukrainian texts. Each template describes a message as data — a subject (with
 * the request number, so mail clients thread it and people can search for it), paragraphs, a table
 * of fields and a short SMS — and one renderer turns that into plain text and HTML, so the two
 * versions cannot drift apart. Pure: no clock, no I/O.
 */
import { DateTime } from 'luxon';
import type { TemplateName } from '../../contracts/notification.ts';
import type { MemoEvent, RequestEvent, RequestSummary } from '../../contracts/events.ts';
import { REPAIR_WORK_KIND_LABELS_UK, type LinkedRequest, type RepairWorkEvent } from '../../contracts/repair-works.ts';
import { STATUS_LABELS_UK, type ClosureProposal, type RequestStatus } from '../../contracts/request.ts';

export interface Rendered {
  subject: string;
  text: string;
  html: string;
  /** The same news in one short line, for SMS and messengers. */
  sms: string;
}

export interface TemplateOptions {
  /** IANA zone the recipients read times in (Europe/Kyiv). */
  timeZone: string;
  /** Who signs the messages, e.g. "Контакт-центр «1520» м. Кривий Ріг". */
  senderName: string;
}

export interface Message {
  subject: string;
  greeting?: string;
  paragraphs: string[];
  fields: Array<[label: string, value: string | undefined]>;
  closing?: string[];
  sms: string;
}

const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

export function render(m: Message, opts: TemplateOptions): Rendered {
  const fields = m.fields.filter((f): f is [string, string] => f[1] !== undefined && f[1] !== '');
  const footer = `З повагою,\n${opts.senderName}\n\nЦей лист надіслано автоматично, відповідати на нього не потрібно.`;
  const text = [
    ...(m.greeting ? [m.greeting] : []),
    ...m.paragraphs,
    ...(fields.length ? [fields.map(([k, v]) => `${k}: ${v}`).join('\n')] : []),
    ...(m.closing ?? []),
    footer,
  ].join('\n\n');
  const para = (s: string): string => `<p>${escapeHtml(s).replace(/\n/g, '<br>')}</p>`;
  const table = fields.length
    ? `<table cellpadding="4" cellspacing="0" border="0" style="border-collapse:collapse">${fields
        .map(([k, v]) => `<tr><th align="left" valign="top" style="padding-right:12px">${escapeHtml(k)}</th><td>${escapeHtml(v).replace(/\n/g, '<br>')}</td></tr>`)
        .join('')}</table>`
    : '';
  const html = [
    '<!doctype html><html lang="uk"><head><meta charset="utf-8">',
    `<title>${escapeHtml(m.subject)}</title></head>`,
    '<body style="font-family:Arial,Helvetica,sans-serif;font-size:14px;color:#222">',
    ...(m.greeting ? [para(m.greeting)] : []),
    ...m.paragraphs.map(para),
    table,
    ...(m.closing ?? []).map(para),
    `<p style="color:#666;font-size:12px">${escapeHtml(footer).replace(/\n/g, '<br>')}</p>`,
    '</body></html>',
  ].join('');
  return { subject: m.subject, text: `${text}\n`, html, sms: m.sms };
}

export const when = (iso: string | null | undefined, opts: TemplateOptions): string | undefined => {
  if (!iso) return undefined;
  const dt = DateTime.fromISO(iso, { setZone: true });
  return dt.isValid ? dt.setZone(opts.timeZone).setLocale('uk').toFormat("d MMMM yyyy 'р.' 'о' HH:mm") : iso;
};

const dateOnly = (isoDate: string): string => {
  const dt = DateTime.fromISO(isoDate);
  return dt.isValid ? dt.setLocale('uk').toFormat("d MMMM yyyy 'р.'") : isoDate;
};

const addressLine = (a: RequestSummary['address']): string =>
  [a.district ? `${a.district} р-н` : undefined, a.street, `буд. ${a.building}`, a.apartment ? `кв. ${a.apartment}` : undefined].filter(Boolean).join(', ');

const statusLabel = (s: string): string => STATUS_LABELS_UK[s as RequestStatus] ?? s;

const deadlineText = (r: RequestSummary, opts: TemplateOptions): string => when(r.deadlineAt, opts) ?? 'без строку (включено до планів СЕР)';

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);

/** A phrase for an SMS line: at most `max` characters, without a full stop of its own (the line adds one). */
const shorten = (s: string, max: number): string => {
  const t = s.trim().replace(/[.\s]+$/, '');
  return t.length <= max ? t : `${t.slice(0, max - 1)}…`;
};

const shortDate = (isoDate: string): string => {
  const dt = DateTime.fromISO(isoDate);
  return dt.isValid ? dt.toFormat('dd.MM.yyyy') : isoDate;
};

/** 5.7 grounds for refusing a request, by the gateway's codes (data/memos.schema.ts); others are shown as given. */
const REFUSAL_REASONS: Record<string, string> = {
  obscene_language: 'нецензурна лексика',
  insults: 'образи',
  degrading_workers: 'приниження гідності працівників',
  incitement_to_hatred: 'заклики до національної, расової чи релігійної ворожнечі',
  calls_to_overthrow: 'заклики до повалення конституційного ладу',
};

/** The card an executor needs to act on a request without opening it. */
function requestFields(r: RequestSummary, opts: TemplateOptions): Message['fields'] {
  return [
    ['Номер звернення', r.number],
    ['Категорія', r.categoryName ? `${r.categoryName} (${r.categoryCode})` : r.categoryCode],
    ['Адреса', addressLine(r.address)],
    ['Заявник', `${r.applicant.name}, ${r.applicant.phone}`],
    ['Зміст звернення', r.description],
    ['Зареєстровано', when(r.registeredAt, opts)],
    ['Термін виконання', deadlineText(r, opts)],
    ['Стан', statusLabel(r.status)],
  ];
}

const COLLEAGUES = 'Шановні колеги!';
const dear = (name: string): string => `Шановний(а) ${name}!`;

/** Why a request came back: the workflow names the clause in `details.origin`. */
const REWORK_ORIGINS: Record<string, string> = {
  '9.2.4': 'за результатами розгляду пропозиції про закриття (п. 9.2.4 Регламенту)',
  '9.2.5': 'за результатами вибіркового опитування заявника (п. 9.2.5 Регламенту)',
  '10.2.2': 'за результатами перевірки негативної оцінки заявника (п. 10.2.2 Регламенту)',
  '9.2.3': 'оскільки заявник не підтвердив виконання повторного звернення (п. 9.2.3 Регламенту)',
};

const reworkOrigin = (details: Record<string, unknown>): string | undefined => {
  const key = str(details.origin);
  return key ? REWORK_ORIGINS[key] : undefined;
};

const INFORMED_VIA: Record<ClosureProposal['applicantInformedVia'], string> = {
  email: 'електронною поштою',
  landline: 'за стаціонарним телефоном',
  mobile: 'за мобільним телефоном',
  sms: 'SMS-повідомленням',
  messenger: 'через месенджер',
  in_person: 'особисто',
  letter: 'листом',
};

/** Decisions on the executor's own requests (8.2.1–8.2.3): what the executor reads in the subject. */
const DECISIONS: Partial<Record<RequestEvent['type'], { title: string; body: string }>> = {
  'request.executor_change_rejected': {
    title: 'запит на зміну виконавця відхилено',
    body: 'Оператор Контакт-центру відхилив ваш запит на зміну виконавця (п. 8.2.1 Регламенту). Звернення залишається на виконанні у вашій організації.',
  },
  'request.additional_control_approved': {
    title: 'додатковий контроль погоджено',
    body: 'Ваш запит на додатковий контроль погоджено (п. 8.2.2 Регламенту). Звернення перебуває на додатковому контролі з новим терміном виконання.',
  },
  'request.additional_control_rejected': {
    title: 'запит на додатковий контроль відхилено',
    body: 'Ваш запит на додатковий контроль відхилено (п. 8.2.2 Регламенту). Звернення слід виконати в установлений термін.',
  },
  'request.strategic_plan_approved': {
    title: 'включено до планів СЕР',
    body: 'Звернення включено до планів соціально-економічного розвитку міста (п. 8.2.3 Регламенту); звичайний строк виконання на нього більше не поширюється.',
  },
  'request.strategic_plan_rejected': {
    title: 'запит на включення до планів СЕР відхилено',
    body: 'Ваш запит на включення звернення до планів соціально-економічного розвитку відхилено (п. 8.2.3 Регламенту). Звернення слід виконати в установлений термін.',
  },
};

export const decisionEventTypes = Object.keys(DECISIONS) as Array<RequestEvent['type']>;

/** The 7.5 result as the applicant reads it. */
const resultFields = (result: ClosureProposal): Message['fields'] => [
  ['Результат', result.result],
  ['Підрозділ, що виконав роботу', result.unit],
  ['Підприємство', result.enterprise],
  ['Прізвище виконавця', result.executorSurname],
  ['Телефон виконавця', result.executorPhone],
  // 7.5: the Regulation's words for the date the executor gives.
  ['Дата складення інформації', dateOnly(result.date)],
  ['Як вас поінформовано', INFORMED_VIA[result.applicantInformedVia]],
];

const noteFields = (details: Record<string, unknown>): Message['fields'] => [['Примітка оператора', str(details.note)]];

/**
 * What a watch waits for (details.awaiting, domain/request-transitions.ts `WATCHES`): the phrase after
 * "чекає на", the clause, and what the one reminded is asked to do.
 */
const AWAITED: Record<string, { what: string; clause: string; ask: string; clockStops?: true }> = {
  closure_review: { what: 'розгляд пропозиції про закриття', clause: '9.2.4', ask: 'Погодьте закриття, якщо звернення вирішено в повному обсязі, або поверніть його на доопрацювання.' },
  executor_change: { what: 'рішення щодо зміни виконавця', clause: '8.2.1', ask: 'Погодьте зміну виконавця або відмовте в ній.', clockStops: true },
  additional_control: { what: 'рішення щодо додаткового контролю', clause: '8.2.2', ask: 'Погодьте продовження терміну або відмовте в ньому.', clockStops: true },
  manager_approval: { what: 'погодження керівником подовження терміну', clause: '8.2.2', ask: 'Погодьте подовження терміну або відмовте в ньому.' },
  strategic_plan: { what: 'рішення щодо включення до планів СЕР', clause: '8.2.3', ask: 'Включіть звернення до планів соціально-економічного розвитку або відмовте в цьому.', clockStops: true },
  rating_check: { what: 'перевірку негативної оцінки заявника', clause: '10.2.1', ask: 'Перевірте оцінку: підтвердіть її (звернення повернеться на доопрацювання) або не підтвердіть.' },
  planned_works: { what: 'виконання робіт, запланованих у планах СЕР', clause: '8.2.3', ask: 'Зв’яжіться з виконавцем щодо стану робіт.' },
};

const awaitedOf = (d: Record<string, unknown>): { what: string; clause: string; ask: string; clockStops?: true } => {
  const known = AWAITED[str(d.awaiting) ?? ''];
  return known ? { ...known, clause: str(d.clause) ?? known.clause } : { what: 'дію працівника', clause: str(d.clause) ?? '', ask: 'Просимо невідкладно відреагувати.' };
};

/** Who was reminded, in the dative ("нагадування …") and the nominative ("… не відреагував"). */
const ROLE_DATIVE: Record<string, string> = { operator: 'операторам Контакт-центру', manager: 'керівнику', admin: 'адміністратору', executor: 'виконавцю' };
const ROLE_NOMINATIVE: Record<string, string> = { operator: 'оператори Контакт-центру не відреагували', manager: 'керівник не відреагував', admin: 'адміністратор не відреагував', executor: 'виконавець не відреагував' };

const greetingFor = (role: unknown): string => (role === 'manager' ? 'Шановний керівнику!' : COLLEAGUES);
const clauseRef = (clause: string): string => (clause ? ` (п. ${clause} Регламенту)` : '');

/**
 * A staff reminder's card: enough to find the request, none of the applicant's personal data (name,
 * phone, email) nor what they wrote: the one reminded opens the request in the Contact Center's software.
 */
function staffWatchFields(r: RequestSummary, d: Record<string, unknown>, opts: TemplateOptions): Message['fields'] {
  return [
    ['Номер звернення', r.number],
    ['Категорія', r.categoryName ? `${r.categoryName} (${r.categoryCode})` : r.categoryCode],
    ['Виконавець', r.executor.name],
    ['Зареєстровано', when(r.registeredAt, opts)],
    ['Термін виконання', deadlineText(r, opts)],
    ['Стан', statusLabel(r.status)],
    ['Запропонований термін', when(str(d.proposedDeadline), opts)],
    ['Запланована дата робіт', str(d.plannedDate) ? dateOnly(str(d.plannedDate)!) : undefined],
  ];
}

/** A short card of the request for its executor's notices about co-executors (8.2.1): enough to find it. */
function briefFields(r: RequestSummary, opts: TemplateOptions): Message['fields'] {
  return [
    ['Номер звернення', r.number],
    ['Категорія', r.categoryName ? `${r.categoryName} (${r.categoryCode})` : r.categoryCode],
    ['Адреса', addressLine(r.address)],
    ['Термін виконання', deadlineText(r, opts)],
  ];
}

/** An executor named in the details (8.2.1 `coExecutor`, `executor`): its name, else its id. */
const executorName = (v: unknown, fallback: string): string => {
  const x = v as { name?: unknown } | undefined;
  return str(x?.name) ?? fallback;
};

/** 8.2.1 `remaining`: the co-executors whose part is not done yet (their ids). */
const remainingOf = (d: Record<string, unknown>): string[] => (Array.isArray(d.remaining) ? d.remaining.filter((x): x is string => typeof x === 'string') : []);

/** Request templates: the event, the request it is about, and the options. */
function requestMessage(template: TemplateName, e: RequestEvent, opts: TemplateOptions, result?: ClosureProposal): Message {
  const r = e.data.request;
  const n = r.number;
  const d = e.data.details;
  switch (template) {
    case 'executor.new_request':
      return {
        subject: `Звернення № ${n}: нове звернення на виконання`,
        greeting: COLLEAGUES,
        paragraphs: [
          `До вашої організації (${r.executor.name}) надійшло звернення № ${n}, зареєстроване в Контакт-центрі (п. 5.12 Регламенту).`,
          `Просимо оперативно взяти його в роботу (п. 8.1.2) та виконати до ${deadlineText(r, opts)}.`,
        ],
        fields: requestFields(r, opts),
        sms: `Нове звернення № ${n}: ${shorten(r.description, 60)}. Термін: до ${deadlineText(r, opts)}.`,
      };
    case 'executor.acceptance_reminder':
      return {
        subject: `Звернення № ${n}: нагадування — звернення ще не взято в роботу`,
        greeting: COLLEAGUES,
        paragraphs: [`Звернення № ${n} досі не взято в роботу. Просимо невідкладно відреагувати на нього в програмному забезпеченні Контакт-центру (п. 8.1.2 Регламенту).`],
        fields: requestFields(r, opts),
        sms: `Звернення № ${n} не взято в роботу. Термін: до ${deadlineText(r, opts)}.`,
      };
    case 'executor.reassigned':
      return {
        subject: `Звернення № ${n}: передано вам на виконання`,
        greeting: COLLEAGUES,
        paragraphs: [
          `За рішенням оператора Контакт-центру звернення № ${n} передано на виконання вашій організації (${r.executor.name}) (п. 8.2.1 Регламенту).`,
          `Просимо взяти його в роботу та виконати до ${deadlineText(r, opts)}.`,
        ],
        fields: [...requestFields(r, opts), ...noteFields(d)],
        sms: `Звернення № ${n} передано вам на виконання. Термін: до ${deadlineText(r, opts)}.`,
      };
    case 'executor.co_executor_task': {
      const co = executorName(d.coExecutor, 'співвиконавець');
      const task = str(d.task) ?? '';
      return {
        subject: `Звернення № ${n}: вас залучено до виконання як співвиконавця`,
        greeting: COLLEAGUES,
        paragraphs: [
          `Оператор Контакт-центру залучив вашу організацію (${co}) до виконання звернення № ${n} як співвиконавця (п. 8.2.1 Регламенту). Виконавець звернення — ${r.executor.name}.`,
          `Ваше завдання: ${task}`,
          `Просимо виконати свою частину робіт до ${deadlineText(r, opts)} і запропонувати її виконаною в програмному забезпеченні Контакт-центру, зазначивши результат і дату складення інформації. Звернення буде запропоновано до закриття, коли всі частини робіт буде виконано.`,
        ],
        fields: [['Завдання співвиконавця', task], ['Виконавець звернення', r.executor.name], ...requestFields(r, opts)],
        sms: `Вас залучено співвиконавцем звернення № ${n}: ${shorten(task, 60)}. Термін: до ${deadlineText(r, opts)}.`,
      };
    }
    case 'executor.co_executor_added': {
      const co = executorName(d.coExecutor, 'співвиконавець');
      return {
        subject: `Звернення № ${n}: залучено співвиконавця — ${co}`,
        greeting: COLLEAGUES,
        paragraphs: [
          `До виконання звернення № ${n} залучено співвиконавця: ${co} (п. 8.2.1 Регламенту). Звернення залишається на виконанні у вашій організації.`,
          ...(d.onRequest === true ? [`Так Контакт-центр розглянув ваш запит на зміну виконавця: замість заміни виконавця залучено співвиконавця. Термін виконання знову спливає ${deadlineText(r, opts)}.`] : []),
          'Співвиконавець запропонує свою частину виконаною в програмному забезпеченні Контакт-центру; запропонувати звернення до закриття можна буде, коли всі частини робіт буде виконано.',
        ],
        fields: [['Співвиконавець', co], ['Завдання співвиконавця', str(d.task)], ...briefFields(r, opts)],
        sms: `Звернення № ${n}: залучено співвиконавця — ${shorten(co, 60)}.`,
      };
    }
    case 'executor.part_proposed': {
      const co = executorName(d.executor, str(d.executorId) ?? 'співвиконавець');
      const remaining = remainingOf(d);
      const date = str(d.date);
      return {
        subject: remaining.length === 0 ? `Звернення № ${n}: усі частини робіт виконано — можна запропонувати до закриття` : `Звернення № ${n}: співвиконавець виконав свою частину`,
        greeting: COLLEAGUES,
        paragraphs: [
          `Співвиконавець ${co} запропонував свою частину робіт за зверненням № ${n} виконаною (п. 8.2.1 Регламенту).`,
          remaining.length === 0
            ? 'Усі співвиконавці виконали свої частини: тепер ви можете запропонувати звернення до закриття із зазначенням результату (п. 7.5, 8.3 Регламенту).'
            : `Ще не виконали свою частину: ${remaining.join(', ')}. Запропонувати звернення до закриття можна буде, коли всі частини робіт буде виконано.`,
        ],
        fields: [
          ['Співвиконавець', co],
          ['Результат', str(d.result)],
          ['Дата складення інформації', date ? dateOnly(date) : undefined],
          ['Ще не виконали свою частину', remaining.length ? remaining.join(', ') : 'усі частини виконано'],
          ...briefFields(r, opts),
        ],
        sms:
          remaining.length === 0
            ? `Звернення № ${n}: усі частини робіт виконано, можна запропонувати до закриття.`
            : `Звернення № ${n}: ${shorten(co, 40)} виконав свою частину; ще чекаємо: ${remaining.length}.`,
      };
    }
    case 'executor.decision': {
      const decision = DECISIONS[e.type] ?? { title: 'рішення оператора', body: 'Оператор Контакт-центру ухвалив рішення щодо вашого запиту.' };
      return {
        subject: `Звернення № ${n}: ${decision.title}`,
        greeting: COLLEAGUES,
        paragraphs: [decision.body],
        fields: [...requestFields(r, opts), ...noteFields(d)],
        sms: `Звернення № ${n}: ${decision.title}.`,
      };
    }
    case 'executor.rework': {
      const why = reworkOrigin(d);
      return {
        subject: `Звернення № ${n}: повернуто на доопрацювання`,
        greeting: COLLEAGUES,
        paragraphs: [
          `Звернення № ${n} повернуто вашій організації на доопрацювання${why ? ` ${why}` : ''} (п. 10.3 Регламенту).`,
          `Новий термін виконання: ${deadlineText(r, opts)}.`,
        ],
        fields: [...noteFields(d), ...requestFields(r, opts)],
        sms: `Звернення № ${n} повернуто на доопрацювання. Новий термін: ${deadlineText(r, opts)}.`,
      };
    }
    case 'executor.deadline_reminder':
      return {
        subject: `Звернення № ${n}: нагадування про термін виконання`,
        greeting: COLLEAGUES,
        paragraphs: [
          `Нагадуємо: термін виконання звернення № ${n} спливає ${deadlineText(r, opts)}.`,
          'Якщо роботу виконано, запропонуйте звернення до закриття із зазначенням результату (п. 7.5, 8.3 Регламенту).',
        ],
        fields: requestFields(r, opts),
        sms: `Звернення № ${n}: термін спливає ${deadlineText(r, opts)}.`,
      };
    case 'executor.overdue':
      return {
        subject: `Звернення № ${n}: порушено термін виконання`,
        greeting: COLLEAGUES,
        paragraphs: [
          `Термін виконання звернення № ${n} (${deadlineText(r, opts)}) минув, а пропозицію про закриття не подано.`,
          'Звернення залишається на контролі Контакт-центру як прострочене. Просимо невідкладно виконати його.',
        ],
        fields: requestFields(r, opts),
        sms: `Звернення № ${n} прострочено (термін ${deadlineText(r, opts)}).`,
      };
    case 'executor.repeated': {
      const count = typeof d.repeatedCount === 'number' ? d.repeatedCount : undefined;
      return {
        subject: `Звернення № ${n}: надійшло повторне звернення${str(d.repeat) ? ` № ${str(d.repeat)}` : ''}`,
        greeting: COLLEAGUES,
        paragraphs: [
          `З тієї ж адреси і з того ж питання надійшло повторне звернення${str(d.repeat) ? ` № ${str(d.repeat)}` : ''}${count ? ` (повторних звернень: ${count})` : ''}.`,
          `Звернення № ${n} залишається на контролі до повного виконання робіт і підтвердження виконання заявником (п. 9.2.3 Регламенту).`,
        ],
        fields: [...requestFields(r, opts), ['Повторні звернення', Array.isArray(d.repeatedBy) ? d.repeatedBy.filter((x) => typeof x === 'string').join(', ') : undefined]],
        sms: `Звернення № ${n}: надійшло повторне звернення${str(d.repeat) ? ` № ${str(d.repeat)}` : ''}. Залишається на контролі до підтвердження заявником.`,
      };
    }
    case 'manager.extension_to_sign_off':
    case 'manager.extension_reminder': {
      const reminder = template === 'manager.extension_reminder';
      const deadline = when(str(d.deadline), opts);
      return {
        subject: `Звернення № ${n}: ${reminder ? 'нагадування — ' : ''}подовження терміну чекає на ваше погодження`,
        greeting: 'Шановний керівнику!',
        paragraphs: [
          reminder
            ? `Запит виконавця (${r.executor.name}) на подовження терміну додаткового контролю за зверненням № ${n} понад робочий день чекає на ваше погодження (п. 8.2.2 Регламенту).`
            : `Виконавець (${r.executor.name}) не виконав звернення № ${n} у термін додаткового контролю і просить подовжити термін знову; оператор погодив запит. Подовження після пропущеного терміну додаткового контролю потребує вашого погодження та відповідальної особи (п. 8.2.2 Регламенту).`,
          'Погодьте або відхиліть його в програмному забезпеченні Контакт-центру.',
        ],
        fields: [
          ['Запропонований термін', deadline],
          ['Відповідальна особа', str(d.responsiblePerson)],
          ['Обґрунтування', str(d.reason)],
          ...noteFields(d),
          ...requestFields(r, opts),
        ],
        sms: `Звернення № ${n}: подовження терміну${deadline ? ` до ${deadline}` : ''} чекає на ваше погодження.`,
      };
    }
    case 'operator.closure_reviewable': {
      const proposed = when(str(d.proposedAt), opts);
      return {
        subject: `Звернення № ${n}: пропозиція про закриття чекає на розгляд`,
        greeting: COLLEAGUES,
        paragraphs: [
          `Виконавець (${r.executor.name}) запропонував закрити звернення № ${n}${proposed ? ` ${proposed}` : ''}, у неробочий час. Її можна розглянути з початку робочого дня (п. 9.2.4 Регламенту).`,
          'Погодьте закриття, якщо звернення вирішено в повному обсязі, або поверніть його на доопрацювання.',
        ],
        fields: requestFields(r, opts),
        sms: `Звернення № ${n}: пропозиція про закриття чекає на розгляд.`,
      };
    }
    case 'staff.awaiting_reminder': {
      const a = awaitedOf(d);
      const since = when(str(d.since), opts);
      const escalateAt = when(str(d.escalateAt), opts);
      return {
        subject: `Звернення № ${n}: нагадування — чекає на ${a.what}`,
        greeting: greetingFor(d.role),
        paragraphs: [
          `Звернення № ${n}${since ? ` з ${since}` : ''} чекає на ${a.what}${clauseRef(a.clause)}. ${a.ask}`,
          ...(a.clockStops ? ['Поки Контакт-центр ухвалює рішення, термін виконавця зупинено: зволікання з рішенням затримує виконання звернення.'] : []),
          ...(escalateAt ? [`Якщо до ${escalateAt} рішення не буде, про це буде повідомлено ${d.role === 'manager' ? 'адміністратора' : 'керівника'}.`] : []),
        ],
        fields: [['Чекає з', since], ...staffWatchFields(r, d, opts)],
        sms: `Звернення № ${n}: нагадування — чекає на ${a.what}${since ? ` з ${since}` : ''}.`,
      };
    }
    case 'staff.awaiting_escalated': {
      const a = awaitedOf(d);
      const since = when(str(d.since), opts);
      const remindedAt = when(str(d.remindedAt), opts);
      const reminded = str(d.remindedRole) ?? '';
      const who = reminded === 'executor' ? `виконавцю (${r.executor.name})` : (ROLE_DATIVE[reminded] ?? 'відповідальному працівнику');
      const didNot = reminded === 'executor' ? `виконавець (${r.executor.name}) не відреагував` : (ROLE_NOMINATIVE[reminded] ?? 'відповідальний працівник не відреагував');
      return {
        subject: `Звернення № ${n}: ескалація — досі чекає на ${a.what}`,
        greeting: greetingFor(d.role),
        paragraphs: [
          `Звернення № ${n}${since ? ` з ${since}` : ''} чекає на ${a.what}${clauseRef(a.clause)}.`,
          `Нагадування ${who} надіслано${remindedAt ? ` ${remindedAt}` : ''}, але ${didNot}: дії досі немає. Просимо забезпечити рішення. ${a.ask}`,
        ],
        fields: [['Чекає з', since], ['Нагадано', remindedAt], ...staffWatchFields(r, d, opts)],
        sms: `Звернення № ${n}: ескалація — досі чекає на ${a.what}${since ? ` з ${since}` : ''}, нагадування не виконано.`,
      };
    }
    case 'executor.planned_works_due': {
      const planned = str(d.plannedDate);
      const escalateAt = when(str(d.escalateAt), opts);
      return {
        subject: `Звернення № ${n}: минула запланована дата робіт за планом СЕР`,
        greeting: COLLEAGUES,
        paragraphs: [
          `Звернення № ${n} включено до планів соціально-економічного розвитку${planned ? ` із запланованою датою робіт ${dateOnly(planned)}` : ''}, і ця дата минула (п. 8.2.3 Регламенту).`,
          'Якщо роботу виконано, запропонуйте звернення до закриття із зазначенням результату (п. 7.5, 8.3 Регламенту); якщо ні — повідомте Контакт-центр коментарем про стан робіт.',
          ...(escalateAt ? [`Якщо до ${escalateAt} відповіді не буде, про це буде повідомлено оператора Контакт-центру.`] : []),
        ],
        fields: [['Запланована дата робіт', planned ? dateOnly(planned) : undefined], ...requestFields(r, opts)],
        sms: `Звернення № ${n}: минула запланована дата робіт за планом СЕР${planned ? ` (${shortDate(planned)})` : ''}. Запропонуйте закриття або повідомте про стан робіт.`,
      };
    }
    case 'applicant.registered': {
      const outage = knownOutage(d, opts);
      return {
        subject: `Ваше звернення зареєстровано за № ${n}`,
        greeting: dear(r.applicant.name),
        paragraphs: [
          `Ваше звернення зареєстровано в Контакт-центрі за № ${n} і передано на виконання: ${r.executor.name}.`,
          ...(outage ? [outage.paragraph] : []),
          `Термін розгляду: до ${deadlineText(r, opts)}. Зберігайте номер звернення — за ним можна дізнатися про його стан.`,
        ],
        fields: [
          ['Номер звернення', n],
          ['Зареєстровано', when(r.registeredAt, opts)],
          ['Категорія', r.categoryName ?? r.categoryCode],
          ['Адреса', addressLine(r.address)],
          ['Виконавець', r.executor.name],
          ['Термін розгляду', `до ${deadlineText(r, opts)}`],
          ...(outage ? outage.fields : []),
        ],
        sms: `Ваше звернення зареєстровано за № ${n}. Виконавець: ${r.executor.name}. Термін: до ${deadlineText(r, opts)}.${outage ? ` ${outage.sms}` : ''}`,
      };
    }
    case 'applicant.closed': {
      if (!result) throw new Error('a closure notice needs the 7.5 result fields');
      return {
        subject: `Звернення № ${n}: виконано`,
        greeting: dear(r.applicant.name),
        paragraphs: [`Ваше звернення № ${n} виконано та закрито. Результат розгляду:`],
        fields: resultFields(result),
        closing: ['Ви можете оцінити якість виконання у своєму кабінеті на сайті Контакт-центру; незадовільна оцінка повертає звернення на перевірку (п. 10.1 Регламенту).'],
        sms: `Звернення № ${n} виконано: ${shorten(result.result, 60)}. ${result.enterprise}, ${result.executorSurname}, тел. ${result.executorPhone}, ${shortDate(result.date)}.`,
      };
    }
    case 'applicant.confirmation_requested':
      return {
        subject: `Звернення № ${n}: підтвердьте, будь ласка, виконання`,
        greeting: dear(r.applicant.name),
        paragraphs: [
          `Виконавець (${r.executor.name}) повідомив, що роботу за вашим зверненням № ${n} виконано.`,
          'Оскільки звернення повторне, його буде закрито лише після вашого підтвердження (п. 9.2.3 Регламенту). Підтвердіть, будь ласка, виконання у своєму кабінеті на сайті Контакт-центру або зателефонуйте до Контакт-центру.',
        ],
        fields: result ? resultFields(result) : [['Номер звернення', n]],
        sms: `Звернення № ${n}: виконавець повідомив про виконання. Підтвердьте, будь ласка, у кабінеті або за телефоном Контакт-центру.`,
      };
    case 'applicant.rework':
      return {
        subject: `Звернення № ${n}: повернуто виконавцю на доопрацювання`,
        greeting: dear(r.applicant.name),
        paragraphs: [`Ваше звернення № ${n} повернуто виконавцю (${r.executor.name}) на доопрацювання.`, `Новий термін виконання: ${deadlineText(r, opts)}.`],
        fields: [['Номер звернення', n], ['Виконавець', r.executor.name], ['Новий термін', deadlineText(r, opts)]],
        sms: `Звернення № ${n} повернуто на доопрацювання. Новий термін: ${deadlineText(r, opts)}.`,
      };
    default:
      throw new Error(`template ${template} is not a request template`);
  }
}

function memoMessage(template: TemplateName, e: MemoEvent, opts: TemplateOptions): Message {
  const m = e.data;
  const fields: Message['fields'] = [
    ['Доповідна записка', `№ ${m.memoId}`],
    ['Номер телефону', m.phone],
    ['Підстава відмови', REFUSAL_REASONS[m.reason] ?? m.reason],
    ['Зміст', m.text],
    ['Склав(ла)', e.actor.name ?? e.actor.id],
    ['Дата', when(e.occurredAt, opts)],
    ['Примітка', m.note],
  ];
  switch (template) {
    case 'manager.memo_to_approve':
      return {
        subject: `Доповідна записка № ${m.memoId}: відмова в прийнятті звернення — потрібне погодження`,
        greeting: 'Шановний керівнику!',
        paragraphs: [
          `Працівник Контакт-центру відмовив у прийнятті звернення з номера ${m.phone} і склав доповідну записку (п. 5.7 Регламенту).`,
          'Просимо розглянути доповідну записку та погодити або відхилити її. Після погодження вона надійде до відділу ІКТ для блокування номера.',
        ],
        fields,
        sms: `Доповідна записка № ${m.memoId} (номер ${m.phone}) чекає на ваше погодження.`,
      };
    case 'manager.memo_reminder':
      return {
        subject: `Нагадування: доповідна записка № ${m.memoId} чекає на погодження`,
        greeting: 'Шановний керівнику!',
        paragraphs: [
          `Доповідна записка № ${m.memoId} про відмову в прийнятті звернення з номера ${m.phone} (п. 5.7 Регламенту) чекає на ваше рішення понад робочий день.`,
          'Просимо погодити або відхилити її.',
        ],
        fields: fields.filter(([label]) => label !== 'Склав(ла)'),
        sms: `Нагадування: доповідна записка № ${m.memoId} (номер ${m.phone}) чекає на ваше погодження.`,
      };
    case 'ict.number_to_block':
      return {
        subject: `Доповідна записка № ${m.memoId} погоджена: заблокуйте номер ${m.phone}`,
        greeting: 'Шановні колеги!',
        paragraphs: [`Керівник погодив доповідну записку № ${m.memoId}. Просимо заблокувати номер ${m.phone} у системі Контакт-центру (п. 5.7 Регламенту).`],
        fields,
        sms: `Погоджено блокування номера ${m.phone} (записка № ${m.memoId}).`,
      };
    case 'ict.block_reminder':
      return {
        subject: `Нагадування: заблокуйте номер ${m.phone} за доповідною запискою № ${m.memoId}`,
        greeting: 'Шановні колеги!',
        paragraphs: [
          `Доповідну записку № ${m.memoId} погоджено керівником понад робочий день тому, але номер ${m.phone} досі не заблоковано (п. 5.7 Регламенту).`,
          'Просимо заблокувати номер у системі Контакт-центру. Якщо номер не буде заблоковано протягом наступного робочого дня, про це буде повідомлено керівників.',
        ],
        fields: fields.filter(([label]) => label !== 'Склав(ла)'),
        sms: `Нагадування: заблокуйте номер ${m.phone} (записка № ${m.memoId}, погоджена понад робочий день тому).`,
      };
    case 'manager.block_overdue':
      return {
        subject: `Доповідна записка № ${m.memoId}: відділ ІКТ не заблокував номер ${m.phone} протягом двох робочих днів`,
        greeting: 'Шановний керівнику!',
        paragraphs: [
          `Доповідну записку № ${m.memoId} погоджено, але відділ ІКТ не заблокував номер ${m.phone} протягом двох робочих днів після погодження, хоча нагадування було надіслано (п. 5.7 Регламенту).`,
          'Просимо вжити заходів, щоб номер було заблоковано.',
        ],
        fields: fields.filter(([label]) => label !== 'Склав(ла)'),
        sms: `Відділ ІКТ два робочі дні не блокує номер ${m.phone} (записка № ${m.memoId}).`,
      };
    default:
      throw new Error(`template ${template} is not a memo template`);
  }
}

/** 8.1.6: what the applicant is told of the known outage their call was linked to (the workflow puts it in `details.repairWork`). */
function knownOutage(d: Record<string, unknown>, opts: TemplateOptions): { paragraph: string; fields: Message['fields']; sms: string } | undefined {
  const w = d.repairWork as { id?: unknown; kind?: unknown; title?: unknown; expectedEndAt?: unknown; executorName?: unknown } | undefined;
  const end = str(w?.expectedEndAt);
  if (!w || !end) return undefined;
  const kind = w.kind === 'planned' ? 'планові' : 'аварійні';
  return {
    paragraph: `За вашою адресою відомо про ${kind} роботи (${str(w.title) ?? 'ремонтні роботи'}), які виконує ${str(w.executorName) ?? 'виконавець'}; їх завершення очікується ${when(end, opts)}. Ваше звернення пов’язано з ними.`,
    fields: [
      ['Ремонтні роботи', `${str(w.title) ?? ''} (№ ${str(w.id) ?? ''})`],
      ['Очікуване завершення робіт', when(end, opts)],
    ],
    sms: `Відомо про ${kind} роботи за адресою, завершення очікується ${when(end, opts)}.`,
  };
}

const workPlace = (w: RepairWorkEvent['data']['work']): string => `${w.district} р-н, ${w.street}${w.buildings.length ? `, буд. ${w.buildings.join(', ')}` : ' (вся вулиця)'}`;

function repairWorkFields(e: RepairWorkEvent, opts: TemplateOptions): Message['fields'] {
  const w = e.data.work;
  return [
    ['Ремонтні роботи', `${w.title} (№ ${w.id})`],
    ['Вид', REPAIR_WORK_KIND_LABELS_UK[w.kind]],
    ['Адреса', workPlace(w)],
    ['Початок', when(w.startsAt, opts)],
    ['Очікуване завершення', when(w.expectedEndAt, opts)],
    ['Фактичне завершення', when(w.actualEndAt, opts)],
  ];
}

function repairWorkMessage(template: TemplateName, e: RepairWorkEvent, opts: TemplateOptions, linked: LinkedRequest[] = []): Message {
  const w = e.data.work;
  switch (template) {
    case 'executor.repair_work_overdue':
      return {
        subject: `Ремонтні роботи № ${w.id}: минув очікуваний час завершення`,
        greeting: COLLEAGUES,
        paragraphs: [
          `Очікуваний час завершення робіт № ${w.id} (${when(w.expectedEndAt, opts)}) минув, а картку не закрито (п. 8.1.6 Регламенту).`,
          'Якщо роботи завершено, закрийте картку із зазначенням фактичного часу завершення; якщо ні — продовжте очікуваний час із зазначенням причини.',
        ],
        fields: repairWorkFields(e, opts),
        sms: `Роботи № ${w.id}: минув очікуваний час завершення, картку не закрито.`,
      };
    case 'executor.repair_work_reminder':
      return {
        subject: `Ремонтні роботи № ${w.id}: нагадування — картку не закрито`,
        greeting: COLLEAGUES,
        paragraphs: [`Нагадуємо: картку ремонтних робіт № ${w.id} досі не закрито, хоча очікуваний час завершення (${when(w.expectedEndAt, opts)}) минув (п. 8.1.6 Регламенту).`],
        fields: repairWorkFields(e, opts),
        sms: `Роботи № ${w.id}: картку досі не закрито.`,
      };
    case 'executor.linked_work_closed':
      return {
        subject: `Ремонтні роботи № ${w.id} завершено: звернення, пов’язані з ними (${linked.length})`,
        greeting: COLLEAGUES,
        paragraphs: [
          `Ремонтні роботи № ${w.id} (${workPlace(w)}) завершено ${when(w.actualEndAt, opts) ?? ''}.`,
          `З ними пов’язано звернення вашої організації, що ще перебувають на виконанні: ${linked.map((r) => `№ ${r.number}`).join(', ')}. Якщо їх вирішено, запропонуйте їх до закриття — усі разом або кожне окремо (п. 7.5, 8.3 Регламенту).`,
        ],
        fields: [...repairWorkFields(e, opts), ['Примітка виконавця', str(e.data.details.note)], ['Пов’язані звернення', linked.map((r) => r.number).join('\n')]],
        sms: `Роботи № ${w.id} завершено. Пов’язані звернення: ${linked.map((r) => r.number).join(', ')}.`,
      };
    default:
      throw new Error(`template ${template} is not a repair-work template`);
  }
}

/** Renders a repair-work notification (8.1.6); a closure notice lists the executor's linked requests. */
export function renderRepairWork(template: TemplateName, event: RepairWorkEvent, opts: TemplateOptions, linked?: LinkedRequest[]): Rendered {
  return render(repairWorkMessage(template, event, opts, linked), opts);
}

/** Renders a request notification; `applicant.closed` needs the 7.5 result (`applicant.confirmation_requested` shows it when given). */
export function renderRequest(template: TemplateName, event: RequestEvent, opts: TemplateOptions, result?: ClosureProposal): Rendered {
  return render(requestMessage(template, event, opts, result), opts);
}

/** Renders a 5.7 memo notification. */
export function renderMemo(template: TemplateName, event: MemoEvent, opts: TemplateOptions): Rendered {
  return render(memoMessage(template, event, opts), opts);
}
