/**
 * 9.1.3.3 "other materials on request": the ad-hoc export's rows. One row per request, a pure
 * function of the request's events as the reporting service keeps them, stored under the Kyiv day it
 * was registered; the columns with their Ukrainian headers, shared by the CSV and XLSX writers.
 */
import { z } from 'zod';
import { dayOf, type FactEvent } from './reports.ts';

export const exportRowSchema = z.object({
  number: z.string(),
  registeredAt: z.string(),
  channel: z.enum(['phone', 'web']),
  categoryCode: z.string(),
  categoryName: z.string(),
  district: z.string(),
  executorId: z.string(),
  executorName: z.string(),
  status: z.string(),
  deadlineAt: z.string().nullable(),
  overdue: z.boolean(),
  everOverdue: z.boolean(),
  acceptedAt: z.string().nullable(),
  closedAt: z.string().nullable(),
  rating: z.number().nullable(),
  repeatOf: z.string().nullable(),
  /** 8.2.x: hours the executor's clock stood still while the Contact Center decided its requests (two decimals). */
  decisionHours: z.number().nonnegative(),
});
export type ExportRow = z.infer<typeof exportRowSchema>;
/** The stored row: names are filled in when read (they change rarely and live apart). */
export type StoredExportRow = Omit<ExportRow, 'categoryName' | 'executorName'>;

/** The request's row now, from its events in any order. */
export function exportRowOf(number: string, events: readonly FactEvent[]): { day: string; row: StoredExportRow } {
  const evs = [...events].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.id < b.id ? -1 : 1));
  const last = evs.at(-1)!;
  let acceptedAt: string | null = null;
  let closedAt: string | null = null;
  let rating: number | null = null;
  let everOverdue = false;
  let stoppedMs = 0;
  for (const ev of evs) {
    stoppedMs += ev.clockStoppedMs ?? 0;
    if (ev.type === 'request.accepted' && acceptedAt === null) acceptedAt = ev.at;
    if (ev.type === 'request.closed') closedAt = ev.at;
    if (ev.type === 'request.rated' && ev.score !== undefined) rating = ev.score;
    if (ev.overdue || ev.type === 'request.overdue') everOverdue = true;
  }
  const registeredAt = new Date(last.registeredAt).toISOString();
  return {
    day: dayOf(registeredAt),
    row: {
      number,
      registeredAt,
      channel: last.channel,
      categoryCode: last.categoryCode,
      district: last.district,
      executorId: last.executorId,
      status: last.status,
      deadlineAt: last.deadlineAt,
      overdue: last.overdue,
      everOverdue,
      acceptedAt,
      closedAt,
      rating,
      repeatOf: evs.find((e) => e.repeatOf)?.repeatOf ?? null,
      decisionHours: Math.round(stoppedMs / 36_000) / 100,
    },
  };
}

/** The export's columns, in order, with the headers of the CSV and XLSX files. */
export const EXPORT_COLUMNS: ReadonlyArray<{ key: keyof ExportRow; header: string; width: number }> = [
  { key: 'number', header: 'Номер звернення', width: 18 },
  { key: 'registeredAt', header: 'Зареєстровано', width: 26 },
  { key: 'channel', header: 'Канал', width: 8 },
  { key: 'categoryCode', header: 'Код категорії', width: 14 },
  { key: 'categoryName', header: 'Категорія', width: 40 },
  { key: 'district', header: 'Район', width: 22 },
  { key: 'executorId', header: 'Виконавець (код)', width: 16 },
  { key: 'executorName', header: 'Виконавець', width: 36 },
  { key: 'status', header: 'Статус', width: 22 },
  { key: 'deadlineAt', header: 'Термін виконання', width: 26 },
  { key: 'overdue', header: 'Прострочене зараз', width: 12 },
  { key: 'everOverdue', header: 'Було прострочене', width: 12 },
  { key: 'acceptedAt', header: 'Прийнято в роботу', width: 26 },
  { key: 'closedAt', header: 'Закрито', width: 26 },
  { key: 'rating', header: 'Оцінка заявника', width: 10 },
  { key: 'repeatOf', header: 'Повторне до', width: 18 },
  { key: 'decisionHours', header: 'Час рішень КЦ, год', width: 12 },
];
