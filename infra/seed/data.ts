/**
 * Seed data for local runs and demos: Kryvyi Rih's districts, executors with their responsible
 * persons (8.1.1), a Classifier of common requests with realistic terms, and one demo user per role.
 * Names and phones are illustrative; emails use the reserved example.org domain.
 */
import type { ExecutorInput } from '../../data/executors.repository.ts';
import type { Category } from '../../domain/classifier.ts';
import type { NewUser } from '../../contracts/users.ts';

/** The seven administrative districts of Kryvyi Rih (address.district). */
export const DISTRICTS = ['Довгинцівський', 'Інгулецький', 'Металургійний', 'Покровський', 'Саксаганський', 'Тернівський', 'Центрально-Міський'] as const;

const person = (name: string, phone: string, email: string) => ({ name, phone, email });

export const EXECUTORS: ExecutorInput[] = [
  { id: 'vodokanal', name: 'КП «Кривбасводоканал»', email: 'dispatch@vodokanal.example.org', phone: '+380564000101', responsiblePerson: person('Олена Коваленко', '+380671000101', 'o.kovalenko@vodokanal.example.org'), active: true },
  { id: 'teplomerezha', name: 'КП «Криворізька тепломережа»', email: 'dispatch@teplo.example.org', phone: '+380564000102', responsiblePerson: person('Андрій Мельник', '+380671000102', 'a.melnyk@teplo.example.org'), active: true },
  { id: 'lift', name: 'КП «Кривбасліфт»', email: 'dispatch@lift.example.org', phone: '+380564000103', responsiblePerson: person('Ігор Шевчук', '+380671000103', 'i.shevchuk@lift.example.org'), active: true },
  { id: 'misksvitlo', name: 'КП «Міськсвітло»', email: 'office@svitlo.example.org', phone: '+380564000104', responsiblePerson: person('Наталія Бондар', '+380671000104', 'n.bondar@svitlo.example.org'), active: true },
  { id: 'ekoresurs', name: 'КП «Кривбасекоресурс»', email: 'office@ekoresurs.example.org', phone: '+380564000105', responsiblePerson: person('Сергій Ткаченко', '+380671000105', 's.tkachenko@ekoresurs.example.org'), active: true },
  { id: 'zelenbud', name: 'КП «Кривбасзеленбуд»', email: 'office@zelenbud.example.org', phone: '+380564000106', responsiblePerson: person('Марія Кравченко', '+380671000106', 'm.kravchenko@zelenbud.example.org'), active: true },
  { id: 'roads', name: 'Департамент розвитку інфраструктури міста', email: 'roads@city.example.org', phone: '+380564000107', responsiblePerson: person('Віктор Олійник', '+380671000107', 'v.oliinyk@city.example.org'), active: true },
  { id: 'housing', name: 'Управління житлово-комунального господарства', email: 'housing@city.example.org', phone: '+380564000108', responsiblePerson: person('Тетяна Савченко', '+380671000108', 't.savchenko@city.example.org'), active: true },
  { id: 'transport', name: 'Управління транспорту і транспортної інфраструктури', email: 'transport@city.example.org', phone: '+380564000109', responsiblePerson: person('Олег Руденко', '+380671000109', 'o.rudenko@city.example.org'), active: true },
  { id: 'social', name: 'Департамент соціальної політики', email: 'social@city.example.org', phone: '+380564000110', responsiblePerson: person('Ірина Мороз', '+380671000110', 'i.moroz@city.example.org'), active: true },
];

const h = (amount: number) => ({ amount, unit: 'hours' as const });
const wh = (amount: number) => ({ amount, unit: 'working_hours' as const });
const wd = (amount: number) => ({ amount, unit: 'working_days' as const });

/** The Classifier: emergencies in round-the-clock hours, the rest in working hours or days. */
export const CATEGORIES: Category[] = [
  { code: 'WATER-01', name: 'Відсутнє холодне водопостачання', executorId: 'vodokanal', term: h(24), reworkTerm: h(12), active: true },
  { code: 'WATER-02', name: 'Низький тиск води', executorId: 'vodokanal', term: wd(3), reworkTerm: wd(2), active: true },
  { code: 'WATER-03', name: 'Пошкодження водопроводу, витік води', executorId: 'vodokanal', term: h(8), reworkTerm: h(8), active: true },
  { code: 'SEWER-01', name: 'Засмічення каналізації', executorId: 'vodokanal', term: h(24), reworkTerm: h(12), active: true },
  { code: 'SEWER-02', name: 'Відкритий або зруйнований каналізаційний люк', executorId: 'vodokanal', term: h(4), reworkTerm: h(4), active: true },
  { code: 'HEAT-01', name: 'Відсутнє опалення', executorId: 'teplomerezha', term: h(24), reworkTerm: h(12), active: true },
  { code: 'HEAT-02', name: 'Недостатня температура опалення в квартирі', executorId: 'teplomerezha', term: wd(3), reworkTerm: wd(2), active: true },
  { code: 'HOTWATER-01', name: 'Відсутнє гаряче водопостачання', executorId: 'teplomerezha', term: wd(2), reworkTerm: wd(1), active: true },
  { code: 'LIFT-01', name: 'Не працює ліфт', executorId: 'lift', term: h(24), reworkTerm: h(8), active: true },
  { code: 'LIFT-02', name: 'Люди застрягли в ліфті', executorId: 'lift', term: h(1), reworkTerm: h(1), active: true },
  { code: 'LIGHT-01', name: 'Не працює вуличне освітлення', executorId: 'misksvitlo', term: wd(5), reworkTerm: wd(3), active: true },
  { code: 'LIGHT-02', name: 'Не працює освітлення під’їзду', executorId: 'housing', term: wd(3), reworkTerm: wd(2), active: true },
  { code: 'WASTE-01', name: 'Невчасний вивіз побутових відходів', executorId: 'ekoresurs', term: wd(2), reworkTerm: wd(1), active: true },
  { code: 'WASTE-02', name: 'Стихійне сміттєзвалище', executorId: 'ekoresurs', term: wd(10), reworkTerm: wd(5), active: true },
  { code: 'TREE-01', name: 'Аварійне дерево', executorId: 'zelenbud', term: wd(5), reworkTerm: wd(3), active: true },
  { code: 'TREE-02', name: 'Обрізка дерев, покіс трави', executorId: 'zelenbud', term: wd(20), reworkTerm: wd(10), active: true },
  { code: 'ROAD-01', name: 'Вибоїна на дорозі', executorId: 'roads', term: wd(10), reworkTerm: wd(5), active: true },
  { code: 'ROAD-02', name: 'Ожеледиця, неприбраний сніг', executorId: 'roads', term: h(24), reworkTerm: h(12), active: true },
  { code: 'HOUSE-01', name: 'Протікання покрівлі', executorId: 'housing', term: wd(5), reworkTerm: wd(3), active: true },
  { code: 'TRANSPORT-01', name: 'Робота громадського транспорту', executorId: 'transport', term: wd(10), reworkTerm: wd(5), active: true },
  { code: 'CONSULT-01', name: 'Консультація щодо субсидій і пільг', executorId: 'social', term: wh(8), reworkTerm: wh(4), active: true },
  { code: 'CONSULT-02', name: 'Консультація з питань ЖКГ', executorId: 'housing', term: wh(8), reworkTerm: wh(4), active: true },
];

/** One demo user per role (the passwords are for local runs only; docs/api.md lists them). */
export const DEMO_USERS: NewUser[] = [
  { login: 'demo.admin', password: 'admin-1520', role: 'admin', name: 'Демо Адміністратор', email: 'admin@1520.example.org' },
  { login: 'operator', password: 'operator-1520', role: 'operator', name: 'Оксана Оператор', email: 'operator@1520.example.org' },
  { login: 'executor', password: 'executor-1520', role: 'executor', name: 'Олена Коваленко', executorId: 'vodokanal', email: 'o.kovalenko@vodokanal.example.org' },
  { login: 'manager', password: 'manager-1520', role: 'manager', name: 'Микола Керівник', email: 'manager@1520.example.org' },
  { login: 'ict', password: 'ict-1520', role: 'ict', name: 'Павло ІКТ', email: 'ict@1520.example.org' },
  { login: 'analyst', password: 'analyst-1520', role: 'analyst', name: 'Юлія Аналітик', email: 'analyst@1520.example.org' },
  { login: '+380671234567', password: 'applicant-1520', role: 'applicant', name: 'Іван Петренко', phone: '+380671234567', email: 'ivan.petrenko@example.org' },
];

/**
 * Demo residents whose phone counts as confirmed (as if by the SMS code), so the calls operators
 * register under it show in their cabinet and can be rated there without an SMS provider.
 */
export const DEMO_VERIFIED_PHONES: readonly string[] = ['+380671234567'];
