/**
 * The web application in a real browser (headless Chromium), against the whole system as `npm run up`
 * starts it, signed in as the seeded demo users: the five journeys of a request — a resident files
 * one with a photo, an operator registers a call, the executor accepts and proposes closure, the
 * operator approves, the resident rates — and the refusals people must see next to the field: a
 * closure proposal without a 7.5 field, and a review before `reviewableAt` (9.2.4); and the online
 * consultations (2.9): a question answered with an internal note the resident never sees, a
 * question converted into a request, a session published and booked.
 */
import { expect } from 'chai';
import { randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { DEFAULT_CALENDAR, type WorkingCalendar } from '../../domain/calendar.ts';
import { bearer } from '../gateway/support.ts';
import { ALWAYS_WORKING } from '../support/calendars.ts';
import { Browsers, PNG_1X1, signIn, startUp, type UpStack } from './support.ts';

const RESIDENT_PHONE = '+380671234567';
let buildings = 100;

/** Today (in Kyiv) is a public holiday with martial law off: now is out of hours whatever the time (9.2.4). */
function todayOff(): WorkingCalendar {
  const today = DateTime.now().setZone('Europe/Kyiv').toISODate()!;
  return { ...structuredClone(DEFAULT_CALENDAR), holidays: [today], extraWorkingDays: [], martialLaw: false };
}

const closure = () => ({
  result: 'Тиск відновлено після заміни засувки',
  unit: 'Аварійна служба',
  enterprise: 'КП «Кривбасводоканал»',
  executorSurname: 'Коваленко',
  executorPhone: '+380671000101',
  date: DateTime.now().setZone('Europe/Kyiv').toISODate()!,
  applicantInformedVia: 'mobile',
});

describe('web application: the journeys in a real browser', function () {
  this.timeout(240_000);
  let up: UpStack;
  const browsers = new Browsers();

  before(async () => {
    [up] = await Promise.all([startUp(), browsers.start()]);
    await setCalendar(ALWAYS_WORKING);
  });
  afterEach(async function () {
    // Every journey runs under the strict policy with no script error and nothing refused by it.
    const problems = browsers.problems();
    if (this.currentTest?.state === 'failed' || problems.length > 0) {
      const dir = await browsers.saveFailure(this.currentTest?.title ?? 'journey');
      process.stdout.write(`      screenshots and console saved in ${dir}\n`);
    }
    await browsers.closePages();
    expect(problems, 'script errors or CSP violations on the pages').to.deep.equal([]);
  });
  after(async () => {
    await browsers.stop();
    await up?.stop();
  });

  async function setCalendar(c: WorkingCalendar): Promise<void> {
    const res = await up.api.put('/api/v1/calendar').set(bearer(await up.token('admin'))).send(c);
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
  }

  /** Arranges, through the API, a call under the demo resident's phone; `to` takes it further. */
  async function arrangeCall(to: 'registered' | 'accepted' | 'proposed' | 'closed'): Promise<string> {
    const operator = bearer(await up.token('operator'));
    const executor = bearer(await up.token('executor'));
    const reg = await up.api
      .post('/api/v1/requests')
      .set(operator)
      .set('Idempotency-Key', randomUUID())
      .send({
        applicant: { name: 'Іван Петренко', phone: RESIDENT_PHONE },
        // An address of its own, so it repeats no other test's request (a repeat closes only on the applicant's word, 9.2.3).
        address: { district: 'Саксаганський', street: 'вул. Героїв АТО', building: String(++buildings), apartment: '5' },
        categoryCode: 'WATER-02',
        description: 'Слабкий тиск холодної води',
      });
    expect(reg.status, JSON.stringify(reg.body)).to.equal(201);
    const number = reg.body.number as string;
    const step = async (path: string, who: Record<string, string>, body: unknown): Promise<void> => {
      const res = await up.api.post(`/api/v1/requests/${number}/${path}`).set(who).send(body as object);
      expect(res.status, `${path}: ${JSON.stringify(res.body)}`).to.equal(200);
    };
    if (to === 'registered') return number;
    await step('acceptance', executor, {});
    if (to === 'accepted') return number;
    await step('closure-proposal', executor, closure());
    if (to === 'proposed') return number;
    await step('review', operator, { decision: 'approve', note: '' });
    return number;
  }

  it('1. a resident files a web request with a photo from a phone and sees it in the cabinet', async () => {
    const page = await browsers.page('resident', { phone: true });
    await signIn(page, up.url, 'resident');
    await page.waitForURL(/\/cabinet$/);
    await page.getByRole('link', { name: 'Подати нове звернення' }).click();

    const category = page.getByLabel('Що сталося (категорія Класифікатора)');
    await category.selectOption('WATER-02');
    // The picker shows the category's term before anything is sent.
    await page.getByText('Термін виконання: 3 робочі дні').waitFor();
    await page.getByLabel('Район').selectOption('Покровський');
    await page.getByLabel('Вулиця').fill('вул. Святогеоргіївська');
    await page.getByLabel('Будинок').fill('7');
    await page.getByLabel('Опис проблеми').fill('Третій день слабкий тиск холодної води на п’ятому поверсі');
    await page.getByLabel('Фото (необов’язково)').setInputFiles({ name: 'тиск.png', mimeType: 'image/png', buffer: PNG_1X1 });
    await page.getByRole('button', { name: 'Подати звернення' }).click();

    await page.waitForURL(/\/requests\/[A-Z0-9]+-\d{4}-\d{6}\?new=1$/);
    const number = /\/requests\/([^?]+)/.exec(page.url())![1]!;
    await page.getByText(`Звернення зареєстровано: № ${number}.`).waitFor();
    await page.getByRole('button', { name: 'Файл 1' }).waitFor();
    expect(await page.locator('.card').innerText()).to.include('Покровський район, вул. Святогеоргіївська, буд. 7').and.include('сайт');

    await page.getByRole('link', { name: 'Мої звернення' }).click();
    const item = page.locator('.requests li', { has: page.getByRole('link', { name: number }) });
    await item.waitFor();
    expect(await item.innerText()).to.include('На виконанні').and.include('залишилось');
    const card = await up.api.get(`/api/v1/requests/${number}`).set(bearer(await up.token('operator')));
    expect(card.body).to.deep.include({ channel: 'web', categoryCode: 'WATER-02' });
    expect(card.body.attachmentIds).to.have.length(1);
  });

  it('2. an operator registers a call with the keyboard, told about the number and the address first', async () => {
    const page = await browsers.page('operator');
    await signIn(page, up.url, 'operator');
    await page.waitForURL(/\/operator\/call$/);
    // The phone field has the focus: the operator types as the caller speaks.
    await page.locator('[data-field="applicant.phone"]:focus').waitFor();
    await page.keyboard.type('067 123 45 67');
    await page.keyboard.press('Tab');
    await page.getByText('Номер не заблоковано.').waitFor();
    await page.getByText(/Попередні звернення з цього номера: \d+/).waitFor();
    await page.getByLabel('Прізвище та ім’я').fill('Іван Петренко');
    const category = page.getByLabel('Категорія (пошук за словами або кодом)');
    await category.fill('WATER-02 — Низький тиск води');
    await page.getByText('Низький тиск води: термін 3 робочі дні').waitFor();
    await page.getByLabel('Район').selectOption('Саксаганський');
    await page.getByLabel('Вулиця').fill('вул. Героїв АТО');
    await page.getByLabel('Будинок').fill('12');
    await page.getByLabel('Будинок').press('Tab');
    await page.getByText('За цією адресою робіт не зареєстровано.').waitFor();
    await page.getByLabel('Суть звернення').fill('Слабкий тиск холодної води');
    // A textarea keeps Enter for new lines; Enter in any other field sends the form.
    await page.getByLabel('Будинок').press('Enter');

    const done = page.getByRole('status').filter({ hasText: 'Зареєстровано звернення' });
    await done.waitFor();
    const number = /([A-Z0-9]+-\d{4}-\d{6})/.exec(await done.innerText())![1]!;
    const card = await up.api.get(`/api/v1/requests/${number}`).set(bearer(await up.token('operator')));
    expect(card.body).to.deep.include({ channel: 'phone', categoryCode: 'WATER-02', executorId: 'vodokanal' });
    expect(card.body.applicant).to.deep.include({ name: 'Іван Петренко', phone: RESIDENT_PHONE });
  });

  it('2. an operator sees that the caller’s number is blocked and the API’s refusal next to the form', async () => {
    const phone = `+38050${String(Date.now() % 10_000_000).padStart(7, '0')}`;
    const memo = await up.api.post('/api/v1/refusals').set(bearer(await up.token('operator'))).send({ phone, reason: 'insults', text: 'Образи на адресу оператора' });
    expect(memo.status, JSON.stringify(memo.body)).to.equal(201);
    expect((await up.api.post(`/api/v1/memos/${memo.body.memoId}/approval`).set(bearer(await up.token('manager'))).send({ approve: true, note: '' })).status).to.equal(200);
    expect((await up.api.post(`/api/v1/memos/${memo.body.memoId}/block`).set(bearer(await up.token('ict'))).send({})).status).to.equal(200);

    const page = await browsers.page('operator');
    await signIn(page, up.url, 'operator');
    await page.getByLabel('Телефон').fill(phone);
    await page.getByLabel('Телефон').press('Tab');
    await page.getByRole('alert').filter({ hasText: 'Номер заблоковано' }).waitFor();
    // Registering anyway is refused by the API (403 phone_blocked), and the form says why.
    await page.getByLabel('Прізвище та ім’я').fill('Абонент');
    await page.getByLabel('Категорія (пошук за словами або кодом)').fill('LIFT-01');
    await page.getByLabel('Район').selectOption('Металургійний');
    await page.getByLabel('Вулиця').fill('вул. Металургів');
    await page.getByLabel('Будинок').fill('1');
    await page.getByLabel('Суть звернення').fill('Не працює ліфт');
    await page.getByLabel('Будинок').press('Enter');
    await page.locator('.form-error').filter({ hasText: 'Номер заблоковано (п. 5.7)' }).waitFor();
  });

  it('3. the executor accepts the call and proposes closure with the 7.5 fields; without the executor’s surname it is refused next to that field', async () => {
    const number = await arrangeCall('registered');
    const page = await browsers.page('executor');
    await signIn(page, up.url, 'executor');
    await page.waitForURL(/\/executor$/);
    await page.getByRole('link', { name: number }).click();
    await page.getByRole('button', { name: 'Прийняти в роботу' }).click();
    await page.locator('dt', { hasText: 'Прийнято в роботу' }).waitFor();

    await page.getByText('Запропонувати закриття (результат за п. 7.5)').click();
    const form = page.getByRole('form', { name: 'Запропонувати закриття (результат за п. 7.5)' });
    const c = closure();
    await form.getByLabel('Результат виконання').fill(c.result);
    await form.getByLabel('Підрозділ').fill(c.unit);
    await form.getByLabel('Телефон виконавця').fill(c.executorPhone);
    await form.getByLabel('Як поінформовано заявника').selectOption(c.applicantInformedVia);
    await form.getByRole('button', { name: 'Запропонувати закриття' }).click();
    // 7.5: the API refuses the proposal and names the field; the page shows it beside that field.
    const surname = form.getByLabel('Прізвище виконавця');
    await form.locator('.field.invalid').filter({ hasText: 'Прізвище виконавця' }).locator('.field-error').waitFor();
    expect(await surname.getAttribute('aria-invalid')).to.equal('true');
    expect(await form.getByRole('alert').innerText()).to.include('Порушено правило Регламенту');
    expect((await up.api.get(`/api/v1/requests/${number}`).set(bearer(await up.token('executor')))).body.status).to.equal('in_progress');

    await surname.fill(c.executorSurname);
    await form.getByRole('button', { name: 'Запропонувати закриття' }).click();
    await page.locator('.card .status', { hasText: 'Запропоновано до закриття' }).waitFor();
    expect((await up.api.get(`/api/v1/requests/${number}`).set(bearer(await up.token('executor')))).body.result).to.deep.equal(c);
  });

  it('4. the operator finds the proposal in the queue with its "reviewable from" and approves the closure', async () => {
    const number = await arrangeCall('proposed');
    const page = await browsers.page('operator');
    await signIn(page, up.url, 'operator');
    await page.getByRole('link', { name: 'Черги' }).click();
    const item = page.locator('.requests li', { has: page.getByRole('link', { name: number }) });
    await item.getByText('Розгляд можливий з').waitFor();
    await item.getByRole('link', { name: number }).click();
    await page.getByRole('link', { name: 'Процес звернення в Temporal UI' }).waitFor();
    expect(await page.getByRole('link', { name: 'Процес звернення в Temporal UI' }).getAttribute('href')).to.equal(`http://127.0.0.1:8233/namespaces/default/workflows/request-${number}`);
    await page.getByText('Розгляд пропозиції закриття (п. 9.2.4)').click();
    await page.getByLabel('Погодити закриття').check();
    await page.getByRole('button', { name: 'Закрити звернення' }).click();
    await page.locator('.card .status', { hasText: 'Закрито' }).waitFor();
    expect((await up.api.get(`/api/v1/requests/${number}`).set(bearer(await up.token('operator')))).body.status).to.equal('closed');
  });

  it('5. the resident finds the closed call in the cabinet and rates it', async () => {
    const number = await arrangeCall('closed');
    const page = await browsers.page('resident', { phone: true });
    await signIn(page, up.url, 'resident');
    await page.getByRole('link', { name: number }).click();
    await page.locator('.card').getByText('Тиск відновлено після заміни засувки', { exact: false }).waitFor();
    await page.getByText('Оцініть виконання (п. 10.1)').click();
    await page.getByLabel('5', { exact: true }).check();
    await page.getByLabel('Коментар (необов’язково)').fill('Дякую, швидко');
    await page.getByRole('button', { name: 'Оцінити' }).click();
    await page.locator('.card dd', { hasText: '5 з 5 — Дякую, швидко' }).waitFor();
    const card = await up.api.get(`/api/v1/requests/${number}`).set(bearer(await up.token('operator')));
    expect(card.body.rating).to.deep.include({ score: 5, comment: 'Дякую, швидко' });
  });

  it('5.7 an operator refuses a caller, the manager approves the memo, ICT blocks the number and unblocks it with a reason', async () => {
    const phone = `+38063${String(Date.now() % 10_000_000).padStart(7, '0')}`;
    const operator = await browsers.page('operator');
    await signIn(operator, up.url, 'operator');
    await operator.getByRole('link', { name: 'Відмова абоненту і службова записка (п. 5.7)' }).click();
    await operator.getByLabel('Телефон абонента').fill(phone);
    await operator.getByLabel('Підстава').selectOption('insults');
    await operator.getByLabel('Текст службової записки').fill('Абонент ображав оператора');
    await operator.getByRole('button', { name: 'Надіслати записку' }).click();
    await operator.waitForURL(/\/operator\/queues$/);
    await operator.locator('li.item', { hasText: phone }).getByText('на погодженні').waitFor();

    const manager = await browsers.page('manager');
    await signIn(manager, up.url, 'manager');
    await manager.getByRole('form', { name: `Рішення щодо записки ${phone}` }).getByRole('button', { name: 'Погодити блокування' }).click();
    await manager.getByRole('form', { name: `Рішення щодо записки ${phone}` }).waitFor({ state: 'detached' });

    const ict = await browsers.page('ict');
    await signIn(ict, up.url, 'ict');
    await ict.getByRole('button', { name: `Заблокувати ${phone}` }).click();
    const unblock = ict.getByRole('form', { name: `Розблокувати ${phone}` });
    await unblock.getByRole('button', { name: 'Розблокувати' }).click();
    // The reason is required (5.7): refused beside the field, the number stays blocked.
    await unblock.locator('.field.invalid').filter({ hasText: 'Підстава розблокування' }).waitFor();
    await unblock.getByLabel('Підстава розблокування').fill('Помилкове блокування');
    await unblock.getByRole('button', { name: 'Розблокувати' }).click();
    await ict.locator('li.item', { hasText: phone }).getByText('розблоковано', { exact: false }).waitFor();
    const list = await up.api.get('/api/v1/blocked-numbers').query({ phone, includeUnblocked: 'true' }).set(bearer(await up.token('manager')));
    expect(list.body[0].unblocked).to.include({ reason: 'Помилкове блокування' });
  });

  it('8.1.6 the executor registers an emergency that the public feed shows at once, then closes it', async () => {
    const street = `вул. Аварійна ${Date.now() % 100_000}`;
    const page = await browsers.page('executor');
    await signIn(page, up.url, 'executor');
    await page.getByRole('link', { name: 'Роботи' }).click();
    await page.getByText('Зареєструвати роботи').click();
    const form = page.getByRole('form', { name: 'Зареєструвати роботи' });
    await form.getByLabel('Район', { exact: true }).selectOption('Тернівський');
    await form.getByLabel('Вулиця', { exact: true }).fill(street);
    await form.getByLabel('Будинки через кому').fill('3, 5');
    await form.getByLabel('Категорії, які пояснюють роботи').selectOption(['WATER-01', 'WATER-02']);
    await form.getByLabel('Заголовок').fill('Аварія на водогоні');
    await form.getByLabel('Опис', { exact: true }).fill('Пошкоджено магістральний водогін');
    await form.getByRole('button', { name: 'Зареєструвати' }).click();
    await form.getByText('Роботи зареєстровано.').waitFor();
    const item = page.locator('li.item', { hasText: street });
    await item.getByText('тривають').waitFor();

    const resident = await browsers.page('anyone', { phone: true });
    await resident.goto(`${up.url}/feed`);
    await resident.locator('li.item', { hasText: street }).getByText('Аварійні роботи: Аварія на водогоні').waitFor();

    await item.getByText('Завершити роботи').click();
    await item.getByRole('button', { name: 'Завершити' }).click();
    // The API wants a note on how it ended (8.1.6): the page says so beside the field.
    await item.locator('.field.invalid').filter({ hasText: 'Примітка' }).locator('.field-error').waitFor();
    await item.getByLabel('Примітка').fill('Водогін відремонтовано');
    await item.getByRole('button', { name: 'Завершити' }).click();
    await page.locator('li.item', { hasText: street }).getByText('завершено').waitFor();
  });

  it('anyone looks up a request’s status by its number and phone without signing in; a wrong phone finds nothing', async () => {
    const number = await arrangeCall('registered');
    const page = await browsers.page('anyone', { phone: true });
    await page.goto(`${up.url}/status`);
    await page.getByLabel('Номер звернення').fill(number);
    await page.getByLabel('Телефон, з якого подано звернення').fill('067 123 45 68');
    await page.getByRole('button', { name: 'Перевірити' }).click();
    await page.locator('.form-error').filter({ hasText: 'Не знайдено' }).waitFor();
    await page.getByLabel('Телефон, з якого подано звернення').fill('067 123 45 67');
    await page.getByRole('button', { name: 'Перевірити' }).click();
    const card = page.locator('dl.card');
    await card.getByText('На виконанні').waitFor();
    expect(await card.innerText()).to.include(number).and.include('КП «Кривбасводоканал»').and.not.include('Петренко');
  });

  it('2.9 a resident asks in the cabinet; the operator answers and adds an internal note; the resident sees the answer, never the note, marks it answered and rates it', async () => {
    const note = `Заявник уже дзвонив із цим питанням ${randomUUID().slice(0, 8)}`;
    const resident = await browsers.page('resident', { phone: true });
    await signIn(resident, up.url, 'resident');
    await resident.getByRole('link', { name: 'Мої консультації' }).click();
    await resident.getByRole('link', { name: 'Поставити питання' }).click();
    await resident.getByLabel('Тема консультації').selectOption('CONSULT-02');
    // The picker shows the reply term of the consultation category before anything is sent.
    await resident.getByText('Термін відповіді: 8 робочих годин').waitFor();
    await resident.getByLabel('Коротко, про що питання (необов’язково)').fill('Перерахунок за опалення');
    await resident.getByLabel('Ваше питання').fill('Як отримати перерахунок за опалення, якщо батареї холодні?');
    await resident.getByRole('button', { name: 'Надіслати питання' }).click();
    await resident.waitForURL(/\/consultations\/[A-Z0-9]+-\d{4}-\d{6,}\?new=1$/);
    const number = /\/consultations\/([^?]+)/.exec(resident.url())![1]!;
    await resident.getByText(`Питання зареєстровано: № ${number}.`).waitFor();
    await resident.locator('.card .status', { hasText: 'Очікує відповіді' }).waitFor();
    await resident.getByRole('link', { name: 'Консультації', exact: true }).click();
    await resident.locator('.consultations li', { has: resident.getByRole('link', { name: number }) }).getByText('Очікує відповіді').waitFor();

    const operator = await browsers.page('operator');
    await signIn(operator, up.url, 'operator');
    await operator.getByRole('link', { name: 'Консультації', exact: true }).click();
    await operator.locator('.consultations li', { has: operator.getByRole('link', { name: number }) }).getByRole('link', { name: number }).click();
    await operator.locator('.thread').getByText('Як отримати перерахунок за опалення').waitFor();
    const workflow = operator.getByRole('link', { name: 'Процес консультації в Temporal UI' });
    expect(await workflow.getAttribute('href')).to.equal(`http://127.0.0.1:8233/namespaces/default/workflows/consultation-${number}`);
    await operator.getByLabel('Відповідь (її побачить заявник)').fill('Подайте заяву до КП «Тепломережа»: перерахунок зроблять за актом обстеження.');
    await operator.getByRole('button', { name: 'Надіслати відповідь' }).click();
    await operator.locator('.card .status', { hasText: 'Надано відповідь' }).waitFor();
    await operator.getByText('Службова нотатка (заявник її не бачить)').click();
    await operator.getByLabel('Текст нотатки').fill(note);
    await operator.getByRole('button', { name: 'Додати нотатку' }).click();
    await operator.getByRole('region', { name: 'Службові нотатки (заявник їх не бачить)' }).getByText(note).waitFor();

    await resident.goto(`${up.url}/consultations/${number}`);
    await resident.locator('.thread').getByText('Подайте заяву до КП «Тепломережа»', { exact: false }).waitFor();
    expect(await resident.locator('main').innerText()).to.not.include(note).and.not.include('Службові нотатки');
    await resident.getByRole('button', { name: 'Позначити як отриману' }).click();
    await resident.locator('.card .status', { hasText: 'Закрито' }).waitFor();
    await resident.getByLabel('5', { exact: true }).check();
    await resident.getByLabel('Коментар (необов’язково)').fill('Зрозуміло, дякую');
    await resident.getByRole('button', { name: 'Оцінити' }).click();
    await resident.locator('.card dd', { hasText: '5 з 5 — Зрозуміло, дякую' }).waitFor();

    const seen = await up.api.get(`/api/v1/consultations/${number}`).set(bearer(await up.token('resident')));
    expect(seen.body).to.deep.include({ status: 'closed', closeReason: 'answered' });
    expect(seen.body.rating).to.deep.include({ score: 5, comment: 'Зрозуміло, дякую' });
    expect(seen.body).to.not.have.property('internalNotes');
    expect(JSON.stringify(seen.body)).to.not.include(note);
    const staff = await up.api.get(`/api/v1/consultations/${number}`).set(bearer(await up.token('operator')));
    expect((staff.body.internalNotes as { text: string }[]).map((n) => n.text)).to.deep.equal([note]);
  });

  it('2.9 an operator converts a question into a request and lands on the request’s page', async () => {
    const asked = await up.api
      .post('/api/v1/consultations')
      .set(bearer(await up.token('resident')))
      .send({ categoryCode: 'CONSULT-02', subject: 'Тече дах', question: 'Після дощу тече дах на п’ятому поверсі: куди звертатися?' });
    expect(asked.status, JSON.stringify(asked.body)).to.equal(201);
    const number = asked.body.number as string;
    const building = String(++buildings);

    const page = await browsers.page('operator');
    await signIn(page, up.url, 'operator');
    await page.goto(`${up.url}/consultations/${number}`);
    await page.getByText('Перетворити на звернення').click();
    const form = page.getByRole('form', { name: 'Перетворити на звернення' });
    await form.getByLabel('Категорія звернення').selectOption('WATER-02');
    await form.getByLabel('Район').selectOption('Саксаганський');
    await form.getByLabel('Вулиця').fill('вул. Героїв АТО');
    await form.getByLabel('Будинок').fill(building);
    await form.getByRole('button', { name: 'Зареєструвати звернення' }).click();

    await page.waitForURL(/\/requests\/[A-Z0-9]+-\d{4}-\d{6}\?new=1$/);
    const request = /\/requests\/([^?]+)/.exec(page.url())![1]!;
    await page.getByText(`Звернення зареєстровано: № ${request}.`).waitFor();
    expect(await page.locator('.card').innerText()).to.include(number).and.include(`буд. ${building}`);
    const converted = await up.api.get(`/api/v1/consultations/${number}`).set(bearer(await up.token('operator')));
    expect(converted.body.status).to.equal('converted');
    expect(converted.body.convertedTo).to.deep.include({ number: request, categoryCode: 'WATER-02' });
  });

  it('2.9 an operator publishes a consultation session; a resident books a slot and sees the booking, and so does the operator', async () => {
    const topic = `Субсидії взимку ${randomUUID().slice(0, 8)}`;
    const day = DateTime.now().setZone('Europe/Kyiv').plus({ days: 2 }).startOf('day');
    const local = (d: DateTime): string => d.toFormat("yyyy-MM-dd'T'HH:mm");
    const operator = await browsers.page('operator');
    await signIn(operator, up.url, 'operator');
    await operator.getByRole('link', { name: 'Консультації', exact: true }).click();
    await operator.getByRole('link', { name: 'Консультаційні сесії' }).click();
    await operator.getByText('Опублікувати сесію').click();
    const form = operator.getByRole('form', { name: 'Опублікувати сесію' });
    await form.getByLabel('Тема').fill(topic);
    await form.getByLabel('Експерт').fill('Олена Коваль, управління соціального захисту');
    await form.getByLabel('Опис').fill('Як оформити субсидію на опалювальний сезон');
    await form.getByLabel('Початок').fill(local(day.set({ hour: 10 })));
    await form.getByLabel('Кінець').fill(local(day.set({ hour: 9 })));
    await form.getByLabel('Місць').fill('3');
    await form.getByRole('button', { name: 'Опублікувати' }).click();
    // A slot that ends before it starts is refused by the API, beside the field it names.
    await form.locator('.field.invalid').filter({ hasText: 'Кінець' }).locator('.field-error').waitFor();
    expect(await form.getByLabel('Кінець').getAttribute('aria-invalid')).to.equal('true');
    await form.getByLabel('Кінець').fill(local(day.set({ hour: 11 })));
    await form.getByRole('button', { name: 'Опублікувати' }).click();
    await form.getByText('Сесію опубліковано.').waitFor();
    await operator.locator('.sessions > li', { hasText: topic }).getByText('записано 0 з 3').waitFor();

    const resident = await browsers.page('resident', { phone: true });
    await signIn(resident, up.url, 'resident');
    await resident.getByRole('link', { name: 'Консультаційні сесії' }).click();
    const session = resident.locator('.sessions > li', { hasText: topic });
    await session.getByText('вільних місць: 3').waitFor();
    await session.getByRole('button', { name: /^Записатися на / }).click();
    await session.getByText('ви записані').waitFor();
    await resident.getByRole('region', { name: 'Мої записи' }).getByText(topic, { exact: false }).waitFor();

    await operator.reload();
    await operator.locator('.sessions > li', { hasText: topic }).getByText('записано 1 з 3').waitFor();
    const list = await up.api.get('/api/v1/consultation-sessions').set(bearer(await up.token('operator')));
    const published = (list.body.items as { topic: string; slots: { bookings: { phone?: string }[] }[] }[]).find((x) => x.topic === topic);
    expect(published?.slots[0]?.bookings.map((b) => b.phone)).to.deep.equal([RESIDENT_PHONE]);
  });

  it('9.2.3 the operator records the applicant\'s call on a repeated request; the page shows the word, how it came, who recorded it and when, and the 7.5 «Дата складення інформації»', async () => {
    const operator = bearer(await up.token('operator'));
    const executor = bearer(await up.token('executor'));
    const address = { district: 'Саксаганський', street: 'вул. Дзвінка', building: String(++buildings) };
    const register = async (): Promise<string> => {
      const res = await up.api.post('/api/v1/requests').set(operator).set('Idempotency-Key', randomUUID()).send({ applicant: { name: 'Іван Петренко', phone: RESIDENT_PHONE }, address, categoryCode: 'WATER-02', description: 'Знову слабкий тиск' });
      expect(res.status, JSON.stringify(res.body)).to.equal(201);
      return res.body.number as string;
    };
    await register();
    const number = await register();
    for (const [path, who, body] of [['acceptance', executor, {}], ['closure-proposal', executor, closure()], ['review', operator, { decision: 'approve', note: '' }]] as const) {
      const res = await up.api.post(`/api/v1/requests/${number}/${path}`).set(who).send(body);
      expect(res.status, `${path}: ${JSON.stringify(res.body)}`).to.equal(200);
    }
    const page = await browsers.page('operator');
    await signIn(page, up.url, 'operator');
    await page.goto(`${up.url}/requests/${number}`);
    // The operator answers nothing in the applicant's place: only the call is recorded.
    expect(await page.getByText('Підтвердження виконання повторного звернення (п. 9.2.3)').count()).to.equal(0);
    await page.getByText('Записати дзвінок заявника (п. 9.2.3)').click();
    const form = page.getByRole('form', { name: 'Записати дзвінок заявника (п. 9.2.3)' });
    await form.getByLabel('Заявник підтвердив виконання').check();
    const callAt = DateTime.now().setZone('Europe/Kyiv').minus({ minutes: 30 }).startOf('minute');
    await form.getByLabel('Час дзвінка').fill(callAt.toFormat("yyyy-MM-dd'T'HH:mm"));
    await form.getByLabel('Що сказав заявник (примітка)').fill('Тиск нормальний');
    await form.getByRole('button', { name: 'Записати дзвінок' }).click();
    await page.locator('.card .status', { hasText: 'Закрито' }).waitFor();
    const word = await page.getByTestId('applicant-word').innerText();
    expect(word).to.include('підтвердив(ла) виконання').and.include('дзвінок заявника').and.include('записав(ла) Оксана Оператор').and.include('Тиск нормальний');
    expect(await page.locator('.card dd', { hasText: 'Тиск відновлено' }).innerText()).to.include('дата складення інформації:');
    const card = await up.api.get(`/api/v1/requests/${number}`).set(operator);
    expect(card.body.applicantConfirmation).to.include({ confirmed: true, channel: 'phone_call' });
    expect(new Date(card.body.applicantConfirmation.callAt as string).getTime()).to.equal(callAt.toMillis());
  });

  it('8.2.x shows the executor\'s clock stopped while the Contact Center decides, with the reminder and escalation, then the total; 8.2.2 asks no responsible person unless the card says so', async () => {
    const number = await arrangeCall('accepted');
    const page = await browsers.page('executor');
    await signIn(page, up.url, 'executor');
    await page.goto(`${up.url}/requests/${number}`);
    await page.getByText('Продовження терміну — додатковий контроль (п. 8.2.2)').click();
    await page.getByRole('form', { name: 'Продовження терміну — додатковий контроль (п. 8.2.2)' }).getByLabel('Новий термін').waitFor();
    expect(await page.getByLabel('Відповідальна особа').count(), 'a first extension names nobody').to.equal(0);

    const asked = await up.api.post(`/api/v1/requests/${number}/executor-change`).set(bearer(await up.token('executor'))).send({ reason: 'Не наша мережа' });
    expect(asked.status, JSON.stringify(asked.body)).to.equal(200);
    expect(asked.body.clockStoppedAt).to.be.a('string');
    await page.reload();
    expect(await page.getByTestId('clock-stopped').innerText()).to.match(/^Термін виконавця зупинено з .+ \(рішення Контакт-центру\)$/);
    expect(await page.getByTestId('watch').innerText()).to.include('нагадування').and.include('ескалація').and.include('оператор').and.include('керівник');

    const refused = await up.api.post(`/api/v1/requests/${number}/executor-change/decision`).set(bearer(await up.token('operator'))).send({ approve: false, note: 'Ваша мережа' });
    expect(refused.status, JSON.stringify(refused.body)).to.equal(200);
    await page.reload();
    await page.getByTestId('clock-stopped-total').waitFor();
    expect(await page.getByTestId('clock-stopped').count()).to.equal(0);
    expect(await page.getByTestId('clock-stopped-total').innerText()).to.match(/^усього \d+ хв/);
  });

  it('9.2.4 shows the operator why a closure proposed out of hours cannot be reviewed yet, and from when it can', async () => {
    await setCalendar(todayOff());
    let number: string;
    try {
      number = await arrangeCall('proposed');
    } finally {
      await setCalendar(ALWAYS_WORKING);
    }
    const card = await up.api.get(`/api/v1/requests/${number}`).set(bearer(await up.token('operator')));
    const reviewableAt = card.body.reviewableAt as string;
    expect(new Date(reviewableAt).getTime()).to.be.greaterThan(Date.now());

    const page = await browsers.page('operator');
    await signIn(page, up.url, 'operator');
    await page.goto(`${up.url}/requests/${number}`);
    await page.getByText('Розгляд пропозиції закриття (п. 9.2.4)').click();
    await page.getByRole('button', { name: 'Закрити звернення' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.innerText()).to.include('Розгляд пропозиції ще не можливий (п. 9.2.4)').and.include(reviewableAt);
    expect((await up.api.get(`/api/v1/requests/${number}`).set(bearer(await up.token('operator')))).body.status).to.equal('closure_proposed');
  });

  it('8.2.1 the operator brings in a co-executor; the executor\'s closure waits for its part; the co-executor proposes its part; then the executor proposes closure', async () => {
    const number = await arrangeCall('accepted');
    const login = `teplo.${randomUUID().slice(0, 8)}`;
    const created = await up.api
      .post('/api/v1/users')
      .set(bearer(await up.token('admin')))
      .send({ login, password: 'teplo-executor-1520', role: 'executor', name: 'Андрій Мельник', executorId: 'teplomerezha', email: 'a.melnyk@teplo.example.org' });
    expect(created.status, JSON.stringify(created.body)).to.equal(201);

    const operator = await browsers.page('operator');
    await signIn(operator, up.url, 'operator');
    await operator.goto(`${up.url}/requests/${number}`);
    await operator.getByText('Залучити співвиконавця (п. 8.2.1)').click();
    await operator.getByLabel('Співвиконавець').selectOption('teplomerezha');
    await operator.getByLabel('Завдання співвиконавця').fill('Відновити теплоізоляцію труби в підвалі');
    await operator.getByRole('button', { name: 'Залучити співвиконавця' }).click();
    const row = operator.locator('[data-testid=co-executor][data-executor=teplomerezha]');
    await row.waitFor();
    expect(await row.innerText()).to.include('частина ще не виконана');
    await browsers.closePages();

    const executor = await browsers.page('executor');
    await signIn(executor, up.url, 'executor');
    await executor.goto(`${up.url}/requests/${number}`);
    await executor.getByText('Запропонувати закриття (результат за п. 7.5)').click();
    const waits = executor.locator('[data-testid=closure-waits]');
    await waits.waitFor();
    expect(await waits.innerText()).to.include('тепломережа');
    expect(await executor.getByRole('button', { name: 'Запропонувати закриття' }).isDisabled()).to.equal(true);
    await browsers.closePages();

    const coExecutor = await browsers.page('co-executor');
    await coExecutor.goto(`${up.url}/login`);
    await coExecutor.getByLabel('Логін або номер телефону').fill(login);
    await coExecutor.getByLabel('Пароль').fill('teplo-executor-1520');
    await coExecutor.getByRole('button', { name: 'Увійти' }).click();
    await coExecutor.getByRole('button', { name: 'Вийти' }).waitFor();
    await coExecutor.goto(`${up.url}/requests/${number}`);
    await coExecutor.getByText('Запропонувати свою частину виконаною (п. 8.2.1)').click();
    expect(await coExecutor.getByText('Прийняти в роботу').count(), 'a co-executor does not take the request').to.equal(0);
    await coExecutor.getByLabel('Результат виконання вашої частини').fill('Теплоізоляцію відновлено');
    await coExecutor.getByRole('button', { name: 'Запропонувати частину виконаною' }).click();
    const done = coExecutor.locator('[data-testid=part-done]');
    await done.waitFor();
    expect(await done.innerText()).to.include('Теплоізоляцію відновлено');

    const proposed = await up.api.post(`/api/v1/requests/${number}/closure-proposal`).set(bearer(await up.token('executor'))).send(closure());
    expect(proposed.status, JSON.stringify(proposed.body)).to.equal(200);
  });
});
