/**
 * The reporting service's read models (domain/reports.ts says what they hold and why):
 * - `report_requests`: per request (`_id` = its number), the events it went through, each once, and
 *   what the counters hold from it;
 * - `report_periods`: per Kyiv day, ISO week and month (`_id` = `day:2026-11-27`, `week:2026-W48`,
 *   `month:2026-11`), the period's counters and lists as one JSON string (domain/report-counters.ts);
 * - `report_rows`: per Kyiv registration day (`_id` = `YYYY-MM-DD`), the 9.1.3.3 export rows of the
 *   requests registered that day, as one JSON string;
 * - `report_overdue`: the requests overdue now (`_id` = number), a small set;
 * - `report_names`: the names of categories and executors as the events last gave them;
 * - `report_deliveries`: scheduled reports sent, one per run and recipient (a run never sends twice);
 * - `report_samples`: the 9.2.5 spot-check samples, one per working day, with their seed;
 * - `report_leases`: which reporting process writes a request's or a shared document's read models
 *   now (`_id` = `request:<number>`, `periods:<id>`, …), until when (data/leases.repository.ts).
 * The schemas document the shapes; the repository reads and writes them through the driver, since
 * the bodies are free-form (maps mongoose would only cast).
 * Every read and write is keyed by `_id` (DESIGN §5: anything else reads the whole collection on FerretDB).
 */
import { Schema } from 'mongoose';

const mixed = Schema.Types.Mixed;

export const reportRequestSchema = new Schema(
  {
    _id: { type: String, required: true },
    rev: { type: Number, default: 0 },
    events: { type: [mixed], default: [] },
    /** What the period counters hold from this request (a `Contribution`). */
    applied: { type: mixed },
    /** A change of the counters written down before it is made: `{id, deltas}`. */
    pending: { type: mixed },
  },
  { collection: 'report_requests', versionKey: false, strict: false },
);

export const reportPeriodSchema = new Schema(
  {
    _id: { type: String, required: true },
    /** The `PeriodDoc` as JSON. */
    body: { type: String, required: true },
    /** Operations applied here whose request has not yet recorded them done (idempotency). */
    ops: { type: mixed, default: {} },
  },
  { collection: 'report_periods', versionKey: false, minimize: false },
);

export const reportRowsSchema = new Schema({ _id: { type: String, required: true }, body: { type: String, required: true } }, { collection: 'report_rows', versionKey: false });

export const reportOverdueSchema = new Schema(
  {
    _id: { type: String, required: true },
    since: { type: String, required: true },
    executorId: { type: String, required: true },
    categoryCode: { type: String, required: true },
    district: { type: String, required: true },
    deadlineAt: { type: String, default: null },
    /** 8.2.1: the co-executors whose part is open now. */
    coExecutorIds: { type: [String], default: undefined },
    /** 8.2.1: `[{id, from, to?}]`: when each co-executor's part was open while the request is overdue. */
    coSpans: { type: mixed },
  },
  { collection: 'report_overdue', versionKey: false },
);

export const reportNamesSchema = new Schema({ _id: { type: String, required: true }, categories: { type: mixed, default: {} }, executors: { type: mixed, default: {} } }, { collection: 'report_names', versionKey: false, strict: false, minimize: false });

export const reportDeliverySchema = new Schema(
  {
    /** `<run id>|<recipient email>` */
    _id: { type: String, required: true },
    status: { type: String, enum: ['sending', 'sent'], required: true },
    report: { type: String, required: true },
    period: { type: String, required: true },
    attempts: { type: Number, default: 0 },
    messageId: { type: String },
    sentAt: { type: Date },
  },
  { collection: 'report_deliveries', versionKey: false },
);

export const reportSampleSchema = new Schema(
  {
    /** The working day the sample is for (`YYYY-MM-DD`). */
    _id: { type: String, required: true },
    closedOn: { type: String, required: true },
    /** The days whose closures it covers: `closedOn` and the days off after it. */
    closedDays: { type: [String], default: undefined },
    seed: { type: String, required: true },
    share: { type: Number, required: true },
    minPerExecutor: { type: Number, required: true },
    items: { type: [mixed], default: [] },
    drawnAt: { type: Date, required: true },
  },
  { collection: 'report_samples', versionKey: false },
);
export const reportLeaseSchema = new Schema(
  {
    _id: { type: String, required: true },
    owner: { type: String, required: true },
    token: { type: String, required: true },
    until: { type: Date, required: true },
  },
  { collection: 'report_leases', versionKey: false },
);

/** The collections' names, with the schemas that describe them. */
export const REPORT_COLLECTIONS = {
  requests: reportRequestSchema,
  periods: reportPeriodSchema,
  rows: reportRowsSchema,
  overdue: reportOverdueSchema,
  names: reportNamesSchema,
  deliveries: reportDeliverySchema,
  samples: reportSampleSchema,
  leases: reportLeaseSchema,
} as const;
export const collectionName = (s: Schema): string => String(s.get('collection'));
