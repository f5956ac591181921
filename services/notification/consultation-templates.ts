/**
 * The Ukrainian texts of the consultation notifications (2.9): the resident's answer, the conversion
 * into a request, the workers' reminder and overdue notice, a session booking's confirmation and
 * reminder. They are built from the event alone, which carries the resident's view of the
 * consultation (never an internal note).
 */
import type { TemplateName } from '../../contracts/notification.ts';
import type { ConsultationEvent, SessionEvent } from '../../contracts/consultations.ts';
import { render, when, type Message, type Rendered, type TemplateOptions } from './templates.ts';

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);

function consultationMessage(template: TemplateName, e: ConsultationEvent, opts: TemplateOptions): Message {
  const c = e.data.consultation;
  const fields: Message['fields'] = [
    ['Консультація', `№ ${c.number}`],
    ['Тема', c.subject],
    ['Категорія', `${c.categoryName} (${c.categoryCode})`],
  ];
  switch (template) {
    case 'applicant.consultation_answered':
      return {
        subject: `Консультація № ${c.number}: надано відповідь`,
        greeting: `Шановний(а) ${c.applicant.name}!`,
        paragraphs: [
          `На ваше запитання «${c.subject}» працівник Контакт-центру надав відповідь:`,
          str(e.data.details.text) ?? '',
          'Якщо відповідь вичерпна, позначте консультацію як отриману в особистому кабінеті й оцініть її. Якщо маєте уточнення — напишіть у тій самій консультації.',
        ],
        fields,
        sms: `Консультація № ${c.number}: надано відповідь. Перегляньте її в особистому кабінеті.`,
      };
    case 'applicant.consultation_converted': {
      const request = e.data.details.request as { number?: unknown } | undefined;
      return {
        subject: `Консультація № ${c.number}: зареєстровано звернення № ${str(request?.number) ?? ''}`,
        greeting: `Шановний(а) ${c.applicant.name}!`,
        paragraphs: [`Ваше запитання потребує вирішення виконавцем, тому на його підставі зареєстровано звернення № ${str(request?.number) ?? ''}. Про хід його виконання вас буде повідомлено.`],
        fields,
        sms: `За консультацією № ${c.number} зареєстровано звернення № ${str(request?.number) ?? ''}.`,
      };
    }
    case 'operator.consultation_reply_due':
      return {
        subject: `Консультація № ${c.number}: наближається строк відповіді`,
        greeting: 'Шановні колеги!',
        paragraphs: [`Запитання мешканця чекає на відповідь; строк відповіді — ${when(str(e.data.details.replyDueAt), opts) ?? ''} (п. 2.9 Регламенту).`],
        fields,
        sms: `Консультація № ${c.number}: відповідь до ${when(str(e.data.details.replyDueAt), opts) ?? ''}.`,
      };
    case 'operator.consultation_overdue':
      return {
        subject: `Консультація № ${c.number}: строк відповіді минув`,
        greeting: 'Шановні колеги!',
        paragraphs: [`Строк відповіді на запитання мешканця (${when(str(e.data.details.replyDueAt), opts) ?? ''}) минув, а відповіді не надано (п. 2.9 Регламенту).`],
        fields,
        sms: `Консультація № ${c.number}: строк відповіді минув.`,
      };
    default:
      throw new Error(`template ${template} is not a consultation template`);
  }
}

function sessionMessage(template: TemplateName, e: SessionEvent, opts: TemplateOptions): Message {
  const s = e.data.session;
  const slot = e.data.details.slot as { startsAt?: unknown; endsAt?: unknown } | undefined;
  const booking = e.data.details.booking as { name?: unknown } | undefined;
  const time = `${when(str(slot?.startsAt), opts) ?? ''} – ${when(str(slot?.endsAt), opts)?.split(' о ').at(-1) ?? ''}`;
  const fields: Message['fields'] = [
    ['Тема', s.topic],
    ['Експерт', s.expert],
    ['Час', time],
  ];
  switch (template) {
    case 'applicant.session_booked':
      return {
        subject: `Запис на консультацію «${s.topic}» підтверджено`,
        greeting: `Шановний(а) ${str(booking?.name) ?? ''}!`,
        paragraphs: [`Ви записалися на консультаційну сесію «${s.topic}». ${s.description}`, 'Напередодні ми нагадаємо вам про неї.'],
        fields,
        sms: `Запис на консультацію «${s.topic}» ${time} підтверджено.`,
      };
    case 'applicant.session_reminder':
      return {
        subject: `Нагадування: консультація «${s.topic}» ${when(str(slot?.startsAt), opts) ?? ''}`,
        greeting: `Шановний(а) ${str(booking?.name) ?? ''}!`,
        paragraphs: [`Нагадуємо, що ви записані на консультаційну сесію «${s.topic}».`],
        fields,
        sms: `Нагадуємо: консультація «${s.topic}» ${time}.`,
      };
    default:
      throw new Error(`template ${template} is not a session template`);
  }
}

export function renderConsultation(template: TemplateName, event: ConsultationEvent, opts: TemplateOptions): Rendered {
  return render(consultationMessage(template, event, opts), opts);
}

export function renderSession(template: TemplateName, event: SessionEvent, opts: TemplateOptions): Rendered {
  return render(sessionMessage(template, event, opts), opts);
}
