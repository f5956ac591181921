/**
 * Consultations in the reports (2.9 → 9.1.1, 10.4): counted as their own kind, beside the requests.
 * Each consultation event sets fields of the consultation's entry in the document of the Kyiv day it
 * happened (`$set` of fixed values: an event applied twice changes nothing), and a day's counts are
 * read from those entries. Pure: the reporting service keeps the documents.
 */
import { DateTime } from 'luxon';
import type { ConsultationEvent } from '../contracts/consultations.ts';
import { REPORT_ZONE } from './reports.ts';

/** One consultation's part in a day: registered, answered (late), overdue, closed, converted, rated. */
export interface ConsultationDayEntry {
  c: string;
  n: string;
  ch: 'phone' | 'web';
  reg?: 1;
  ans?: 1;
  late?: 1;
  ov?: 1;
  cl?: 1;
  conv?: 1;
  r?: number;
}

export interface ConsultationDayDoc {
  _id: string;
  entries?: Record<string, ConsultationDayEntry>;
}

/** The fields an event sets on its consultation's entry of the day, or nothing for an event not counted. */
export function consultationPatch(e: ConsultationEvent): { day: string; number: string; set: ConsultationDayEntry } | undefined {
  const c = e.data.consultation;
  const base: ConsultationDayEntry = { c: c.categoryCode, n: c.categoryName, ch: c.channel };
  const flags: Partial<Record<ConsultationEvent['type'], Partial<ConsultationDayEntry>>> = {
    'consultation.registered': { reg: 1 },
    'consultation.replied': c.overdue ? { ans: 1, late: 1 } : { ans: 1 },
    'consultation.overdue': { ov: 1 },
    'consultation.closed': { cl: 1 },
    'consultation.converted': { conv: 1 },
    ...(typeof e.data.details.score === 'number' ? { 'consultation.rated': { r: e.data.details.score } } : {}),
  };
  const set = flags[e.type];
  if (!set) return undefined;
  const day = DateTime.fromISO(e.occurredAt, { zone: REPORT_ZONE }).toISODate() ?? e.occurredAt.slice(0, 10);
  return { day, number: c.number, set: { ...base, ...set } };
}

/** A day's (or days') consultations: registered by channel, answered (and late), overdue, closed, converted, ratings; by category. */
export function consultationCounts(docs: ReadonlyArray<ConsultationDayDoc | null>) {
  const t = { registered: 0, phone: 0, web: 0, answered: 0, answeredLate: 0, overdue: 0, closed: 0, converted: 0, ratings: 0, ratingSum: 0 };
  const byCategory = new Map<string, { categoryCode: string; categoryName: string; registered: number; answered: number; closed: number; converted: number }>();
  for (const e of docs.flatMap((d) => Object.values(d?.entries ?? {}))) {
    const row = byCategory.get(e.c) ?? { categoryCode: e.c, categoryName: e.n, registered: 0, answered: 0, closed: 0, converted: 0 };
    byCategory.set(e.c, row);
    if (e.reg) {
      t.registered += 1;
      t[e.ch] += 1;
      row.registered += 1;
    }
    if (e.ans) {
      t.answered += 1;
      row.answered += 1;
    }
    if (e.late) t.answeredLate += 1;
    if (e.ov) t.overdue += 1;
    if (e.cl) {
      t.closed += 1;
      row.closed += 1;
    }
    if (e.conv) {
      t.converted += 1;
      row.converted += 1;
    }
    if (typeof e.r === 'number') {
      t.ratings += 1;
      t.ratingSum += e.r;
    }
  }
  const { ratingSum, ...totals } = t;
  return {
    ...totals,
    averageRating: t.ratings > 0 ? Math.round((ratingSum / t.ratings) * 100) / 100 : null,
    byCategory: [...byCategory.values()].sort((a, b) => b.registered - a.registered || a.categoryCode.localeCompare(b.categoryCode)),
  };
}
export type ConsultationCounts = ReturnType<typeof consultationCounts>;
