/**
 * Report files: JSON as built, CSV (UTF-8 with a BOM so Excel reads Ukrainian, RFC 4180 quoting) and
 * XLSX (exceljs) with Ukrainian headers and, on the figure people compare, in-cell data bars — the
 * chart exceljs can write.
 */
import ExcelJS from 'exceljs';
import type { ReportFile, ReportFormat } from '../../contracts/reporting.ts';
import type { dailyByCategory, dailyIndicators, ineffectiveExecutors, monthlyTopics, overdueByExecutor, weeklyByDistrict } from '../../domain/reports.ts';
import type { ConsultationCounts } from '../../domain/consultation-reports.ts';
import type { BuiltReport } from './reports.ts';

type Cell = string | number | null | boolean;
interface Column {
  key: string;
  header: string;
  width?: number;
  /** Show the column as data bars (a bar chart in the cells). */
  bar?: boolean;
  /** A 0..1 share shown as a percentage. */
  share?: boolean;
}
interface Table {
  name: string;
  columns: Column[];
  rows: Array<Record<string, Cell>>;
}

export const TITLES: Record<BuiltReport['report'], string> = {
  'daily-by-category': 'Щоденний звіт про зареєстровані звернення за категоріями Класифікатора (9.1.1)',
  'weekly-by-district': 'Щотижневий звіт за адміністративними районами (9.1.2)',
  'monthly-topics': 'Щомісячне інформаційне повідомлення про актуальні питання (9.1.3.1)',
  'overdue-by-executor': 'Щотижневий звіт про порушення термінів виконавцями (9.2.1)',
  'ineffective-executors': 'Звіт про неефективних виконавців (9.2.2)',
  'daily-indicators': 'Щоденний звіт про показники опрацювання звернень (10.4)',
};

const yesNo = (b: boolean): string => (b ? 'так' : 'ні');

/** The report as tables, one per sheet; the daily reports add the day's consultations (2.9) as their own. */
export function tablesOf(r: BuiltReport): Table[] {
  const consultations = (r.data as { consultations?: ConsultationCounts }).consultations;
  return consultations ? [...requestTablesOf(r), ...consultationTables(r.report, consultations)] : requestTablesOf(r);
}

/** 2.9: consultations by category (9.1.1) or their indicators (10.4). */
function consultationTables(report: BuiltReport['report'], c: ConsultationCounts): Table[] {
  if (report === 'daily-by-category') {
    return [
      {
        name: 'Консультації',
        columns: [
          { key: 'categoryCode', header: 'Код категорії', width: 14 },
          { key: 'categoryName', header: 'Категорія консультацій', width: 44 },
          { key: 'registered', header: 'Зареєстровано', bar: true, width: 16 },
          { key: 'answered', header: 'Надано відповідей' },
          { key: 'closed', header: 'Закрито' },
          { key: 'converted', header: 'Перетворено на звернення' },
        ],
        rows: c.byCategory,
      },
    ];
  }
  const rows: Array<[string, Cell]> = [
    ['Зареєстровано консультацій', c.registered],
    ['  з них телефоном', c.phone],
    ['  з них через сайт', c.web],
    ['Надано відповідей', c.answered],
    ['  з них після строку', c.answeredLate],
    ['Прострочено строк відповіді', c.overdue],
    ['Закрито', c.closed],
    ['Перетворено на звернення', c.converted],
    ['Середня оцінка консультацій', c.averageRating],
    ['Оцінок', c.ratings],
  ];
  return [{ name: 'Консультації', columns: [{ key: 'indicator', header: 'Показник', width: 44 }, { key: 'value', header: 'Значення', width: 14 }], rows: rows.map(([indicator, value]) => ({ indicator, value })) }];
}

function requestTablesOf(r: BuiltReport): Table[] {
  switch (r.report) {
    case 'daily-by-category': {
      const d = r.data as ReturnType<typeof dailyByCategory>;
      return [
        {
          name: 'За категоріями',
          columns: [
            { key: 'categoryCode', header: 'Код категорії', width: 14 },
            { key: 'categoryName', header: 'Категорія', width: 44 },
            { key: 'registered', header: 'Зареєстровано', bar: true, width: 16 },
            { key: 'phone', header: 'Телефоном' },
            { key: 'web', header: 'Через сайт' },
            { key: 'repeated', header: 'Повторні' },
          ],
          rows: d.rows,
        },
      ];
    }
    case 'weekly-by-district': {
      const d = r.data as ReturnType<typeof weeklyByDistrict>;
      return [
        {
          name: 'За районами',
          columns: [
            { key: 'district', header: 'Район', width: 28 },
            { key: 'registered', header: 'Зареєстровано', bar: true, width: 16 },
            { key: 'closed', header: 'Закрито' },
            { key: 'overdue', header: 'Прострочено' },
          ],
          rows: d.rows,
        },
      ];
    }
    case 'monthly-topics': {
      const d = r.data as ReturnType<typeof monthlyTopics>;
      const columns: Column[] = [
        { key: 'categoryCode', header: 'Код категорії', width: 14 },
        { key: 'categoryName', header: 'Категорія', width: 44 },
        { key: 'registered', header: 'За місяць', bar: true, width: 14 },
        { key: 'previousMonth', header: 'За попередній місяць', width: 14 },
        { key: 'growth', header: 'Приріст' },
        { key: 'growthPct', header: 'Приріст, %' },
      ];
      return [
        { name: 'Найчастіші', columns, rows: d.mostAsked },
        { name: 'Найшвидше зростають', columns: columns.map((c) => ({ ...c, bar: c.key === 'growth' })), rows: d.fastestGrowing },
      ];
    }
    case 'overdue-by-executor': {
      const d = r.data as ReturnType<typeof overdueByExecutor>;
      return [
        {
          name: 'За виконавцями',
          columns: [
            { key: 'executorId', header: 'Виконавець (код)', width: 16 },
            { key: 'executorName', header: 'Виконавець', width: 44 },
            { key: 'overdue', header: 'Прострочених звернень', bar: true, width: 18 },
            { key: 'asCoExecutor', header: 'з них як співвиконавець', width: 18 },
          ],
          rows: d.executors.map((e) => ({ executorId: e.executorId, executorName: e.executorName, overdue: e.overdue, asCoExecutor: e.asCoExecutor })),
        },
        {
          name: 'Звернення',
          columns: [
            { key: 'executorId', header: 'Виконавець (код)', width: 16 },
            { key: 'number', header: 'Номер звернення', width: 18 },
            { key: 'role', header: 'Відповідає як', width: 16 },
            { key: 'categoryCode', header: 'Код категорії', width: 14 },
            { key: 'district', header: 'Район', width: 24 },
            { key: 'deadlineAt', header: 'Термін виконання', width: 26 },
            { key: 'stillOverdue', header: 'Досі прострочене' },
          ],
          rows: d.executors.flatMap((e) => e.requests.map((q) => ({ executorId: e.executorId, number: q.number, role: q.role === 'co-executor' ? 'співвиконавець' : 'виконавець', categoryCode: q.categoryCode, district: q.district, deadlineAt: q.deadlineAt, stillOverdue: yesNo(q.stillOverdue) }))),
        },
      ];
    }
    case 'ineffective-executors': {
      const d = r.data as ReturnType<typeof ineffectiveExecutors>;
      return [
        {
          name: 'Виконавці',
          columns: [
            { key: 'executorId', header: 'Виконавець (код)', width: 16 },
            { key: 'executorName', header: 'Виконавець', width: 40 },
            { key: 'ineffective', header: 'Неефективний' },
            { key: 'reasons', header: 'Підстави', width: 30 },
            { key: 'handled', header: 'Звернень в роботі' },
            { key: 'overdue', header: 'Прострочено' },
            { key: 'overdueShare', header: 'Частка прострочених', share: true, bar: true },
            { key: 'proposals', header: 'Пропозицій закриття' },
            { key: 'reworks', header: 'Повернень на доопрацювання' },
            { key: 'reworkShare', header: 'Частка доопрацювань', share: true },
            { key: 'ratings', header: 'Оцінок' },
            { key: 'negativeRatings', header: 'Негативних оцінок' },
            { key: 'negativeRatingShare', header: 'Частка негативних', share: true },
            { key: 'registered', header: 'Зареєстровано' },
            { key: 'repeated', header: 'Повторних' },
            { key: 'repeatShare', header: 'Частка повторних', share: true },
          ],
          rows: d.executors.map((e) => ({ ...e, ineffective: yesNo(e.ineffective), reasons: e.reasons.join(', ') })),
        },
      ];
    }
    case 'daily-indicators': {
      const d = r.data as ReturnType<typeof dailyIndicators>;
      const rows: Array<[string, Cell]> = [
        ['Зареєстровано звернень', d.registered.total],
        ['  з них телефоном', d.registered.phone],
        ['  з них через сайт', d.registered.web],
        ['Прийнято в роботу', d.accepted],
        ['  з них протягом першої робочої години', d.acceptedWithinFirstWorkingHour],
        ['Запропоновано до закриття', d.proposed],
        ['Закрито', d.closed],
        ['  з них вчасно', d.closedOnTime],
        ['Закрито вчасно, %', d.closedOnTimePct],
        ['Відкритих прострочених на кінець дня', d.openOverdue],
        ['Повернень на доопрацювання', d.reworks],
        ['Середня оцінка заявників', d.averageRating],
        ['Оцінок', d.ratings],
        ['Повторних звернень', d.repeated],
      ];
      return [{ name: 'Показники', columns: [{ key: 'indicator', header: 'Показник', width: 44 }, { key: 'value', header: 'Значення', width: 14 }], rows: rows.map(([indicator, value]) => ({ indicator, value })) }];
    }
  }
}

const csvCell = (v: Cell | undefined): string => {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'boolean' ? yesNo(v) : String(v);
  return /[",\r\n;]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** CSV of every table, one after another, each under its name. */
export function toCsv(r: BuiltReport): string {
  const lines: string[] = [csvCell(TITLES[r.report]), csvCell(`Період: ${r.period.id}`)];
  for (const t of tablesOf(r)) {
    lines.push('', csvCell(t.name), t.columns.map((c) => csvCell(c.header)).join(','));
    for (const row of t.rows) lines.push(t.columns.map((c) => csvCell(row[c.key])).join(','));
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

export async function toXlsx(r: BuiltReport): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Contact Center';
  wb.created = new Date(r.generatedAt);
  for (const t of tablesOf(r)) {
    const ws = wb.addWorksheet(t.name.slice(0, 31));
    ws.addRow([TITLES[r.report]]).font = { bold: true, size: 13 };
    ws.addRow([`Період: ${r.period.id}`, r.filters.district ? `Район: ${r.filters.district}` : '', r.filters.executorId ? `Виконавець: ${r.filters.executorId}` : '']);
    ws.addRow([]);
    const header = ws.addRow(t.columns.map((c) => c.header));
    header.font = { bold: true };
    header.alignment = { wrapText: true, vertical: 'middle' };
    t.columns.forEach((c, i) => {
      ws.getColumn(i + 1).width = c.width ?? 14;
      if (c.share) ws.getColumn(i + 1).numFmt = '0.0%';
    });
    for (const row of t.rows) ws.addRow(t.columns.map((c) => row[c.key] ?? null));
    const first = 5;
    const last = 4 + t.rows.length;
    t.columns.forEach((c, i) => {
      if (!c.bar || t.rows.length === 0) return;
      const col = ws.getColumn(i + 1).letter;
      ws.addConditionalFormatting({
        ref: `${col}${first}:${col}${last}`,
        rules: [{ type: 'dataBar', priority: 1, minLength: 0, maxLength: 100, gradient: false, cfvo: [{ type: 'num', value: 0 }, { type: 'max' }], color: { argb: 'FF4F81BD' } } as unknown as ExcelJS.ConditionalFormattingRule],
      });
    });
    ws.views = [{ state: 'frozen', ySplit: 4 }];
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const slug = (r: BuiltReport): string => `${r.report}_${r.period.id}${r.filters.district ? `_${r.filters.district}` : ''}${r.filters.executorId ? `_${r.filters.executorId}` : ''}`.replace(/[^\w.-]+/g, '-');

export async function renderReport(r: BuiltReport, format: ReportFormat): Promise<ReportFile> {
  switch (format) {
    case 'json':
      return { filename: `${slug(r)}.json`, contentType: 'application/json; charset=utf-8', encoding: 'utf8', body: JSON.stringify(r) };
    case 'csv':
      return { filename: `${slug(r)}.csv`, contentType: 'text/csv; charset=utf-8', encoding: 'utf8', body: toCsv(r) };
    case 'xlsx':
      return { filename: `${slug(r)}.xlsx`, contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', encoding: 'base64', body: (await toXlsx(r)).toString('base64') };
  }
}
