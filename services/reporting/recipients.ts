/**
 * Who receives the scheduled reports (9.1.1, 9.1.2: the mayor, the deputies and the executive
 * secretary by their areas of responsibility; 9.2.2: the deputies and the executive secretary;
 * 10.4: the Contact Center's staff). A recipient with `categories` or `districts` gets only that
 * slice; without them, everything. 9.2.1 goes to each executor and its responsible person, taken
 * from the executors directory (8.1.1), not from this list.
 */
import { z } from 'zod';

export const SCHEDULED_REPORTS = ['daily-by-category', 'weekly-by-district', 'monthly-topics', 'ineffective-executors', 'daily-indicators'] as const;

export const recipientSchema = z.object({
  name: z.string().min(1),
  email: z.string().email(),
  position: z.enum(['mayor', 'deputy', 'executive_secretary', 'contact_center']),
  reports: z.array(z.enum(SCHEDULED_REPORTS)).min(1),
  /** The Classifier categories the recipient is responsible for (9.1.1 slice). */
  categories: z.array(z.string().min(1)).optional(),
  /** The districts the recipient is responsible for (9.1.2 slice). */
  districts: z.array(z.string().min(1)).optional(),
});
export type Recipient = z.infer<typeof recipientSchema>;
export const recipientsSchema = z.array(recipientSchema);

/** The development defaults; a deployment sets REPORT_RECIPIENTS. */
export const DEFAULT_RECIPIENTS: Recipient[] = [
  { name: 'Міський голова', email: 'mayor@city.example.org', position: 'mayor', reports: ['daily-by-category', 'weekly-by-district', 'monthly-topics'] },
  { name: 'Заступник міського голови (ЖКГ)', email: 'deputy.housing@city.example.org', position: 'deputy', reports: ['daily-by-category', 'weekly-by-district', 'monthly-topics', 'ineffective-executors'], categories: ['WATER-01', 'WATER-02', 'HEAT-01', 'HEAT-02', 'LIFT-01'] },
  { name: 'Керуючий справами виконкому', email: 'secretary@city.example.org', position: 'executive_secretary', reports: ['daily-by-category', 'weekly-by-district', 'monthly-topics', 'ineffective-executors'] },
  { name: 'Контакт-центр «1520»', email: 'cc1520@city.example.org', position: 'contact_center', reports: ['daily-indicators'] },
];

/**
 * A recipient's slice of a built report (9.1.1: its categories; 9.1.2: its districts): rows outside
 * its areas are left out and the totals are those of its rows. Other reports go whole.
 */
export function sliceFor<T extends { report: string; data: unknown }>(built: T, r: Pick<Recipient, 'categories' | 'districts'>): T {
  if (built.report === 'daily-by-category' && r.categories) {
    const d = built.data as { rows: Array<{ categoryCode: string; registered: number }>; total: number };
    const rows = d.rows.filter((x) => r.categories!.includes(x.categoryCode));
    return { ...built, data: { ...d, rows, total: rows.reduce((a, x) => a + x.registered, 0) } };
  }
  if (built.report === 'weekly-by-district' && r.districts) {
    const d = built.data as { rows: Array<{ district: string; registered: number; closed: number; overdue: number }> };
    const rows = d.rows.filter((x) => r.districts!.includes(x.district));
    const sum = (k: 'registered' | 'closed' | 'overdue'): number => rows.reduce((a, x) => a + x[k], 0);
    return { ...built, data: { ...d, rows, total: { registered: sum('registered'), closed: sum('closed'), overdue: sum('overdue') } } };
  }
  return built;
}
