/** A request card as the workflow projects it, for tests of the read model that write cards directly. */
import type { RequestCard } from '../../contracts/request.ts';

/** A registered request at `version` (one history entry per version), with `over` on top. */
export function cardOf(number: string, version: number, over: Partial<RequestCard> = {}): RequestCard {
  return {
    number,
    version,
    status: 'in_progress',
    channel: 'phone',
    categoryCode: 'WATER-LEAK',
    categoryName: 'Витік води',
    executorId: 'vodokanal',
    executor: { id: 'vodokanal', name: 'КП «Кривбасводоканал»', email: 'dispatch@vodokanal.example.org' },
    district: 'Центрально-Міський',
    address: { district: 'Центрально-Міський', street: 'вул. Поштова', building: '12' },
    applicant: { name: 'Наталія Шевченко', phone: '+380671234567', userId: 'app-natalia' },
    description: 'Тече вода в підвалі',
    attachmentIds: [],
    registeredAt: '2026-03-10T08:00:00.000Z',
    deadlineAt: '2026-03-13T15:00:00.000Z',
    overdue: false,
    overdueCount: 0,
    missedDeadlines: [],
    repeatedBy: [],
    underAdditionalControl: false,
    additionalControlCount: 0,
    repeatCount: 0,
    requiresApplicantConfirmation: false,
    reworkCount: 0,
    inspections: [],
    comments: [],
    history: Array.from({ length: version }, (_, i) => ({ at: `2026-03-10T08:0${i}:00.000Z`, actor: { id: 'op-1', role: 'operator' }, action: `step-${i + 1}` })),
    ...over,
  };
}
