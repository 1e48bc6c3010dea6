import { describe, expect, test } from 'vitest';
import { completionBar, percentText, totalFigures } from '../../../../src/core/hr/completion.ts';
import { dayEnd, dayStart, formatDateTime, formatDay } from '../../../../src/core/hr/dates.ts';
import { csvField, neutraliseCell, toCsv } from '../../../../src/core/hr/spreadsheet.ts';

describe('neutraliseCell', () => {
  test('prefixes an apostrophe to every cell a spreadsheet would read as a formula', () => {
    for (const text of ['=SUM(A1)', '+1', '-1', '@cmd', '\t=1', '\r=1']) expect(neutraliseCell(text)).toBe(`'${text}`);
    for (const text of ['张伟', 'a=b', '', "'=已经转义"]) expect(neutraliseCell(text)).toBe(text);
  });
});

describe('csvField and toCsv', () => {
  test('quote separators, quotes and line breaks, after neutralising', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('说"好"')).toBe('"说""好"""');
    expect(csvField('=1,2')).toBe(`"'=1,2"`);
    expect(csvField('两行\n文字')).toBe('"两行\n文字"');
    expect(csvField(null)).toBe('');
    expect(csvField(0.5)).toBe('0.5');
    // A negative number stays a number; only text is neutralised.
    expect(csvField(-3)).toBe('-3');
    // A neutralised tab stays unquoted; a neutralised return is a line break and is quoted too.
    expect(csvField('\tx')).toBe("'\tx");
    expect(csvField('\r=1')).toBe(`"'\r=1"`);
  });

  test('write a BOM and CRLF lines', () => {
    expect(toCsv(['工号', '姓名'], [['E1', '<b>张伟</b>']])).toBe('\uFEFF工号,姓名\r\nE1,<b>张伟</b>\r\n');
  });
});

describe('dates in the organisation’s time zone', () => {
  test('bound a day from midnight to midnight in China', () => {
    expect(dayStart('2026-11-30')).toBe(Date.parse('2026-11-29T16:00:00Z'));
    expect(dayEnd('2026-11-30')).toBe(Date.parse('2026-11-30T16:00:00Z') - 1);
    expect(dayStart('2026-02-30')).toBeUndefined();
    expect(dayStart('30/11/2026')).toBeUndefined();
  });

  test('format days and times as people in China read them', () => {
    expect(formatDay(Date.parse('2026-11-30T17:00:00Z'))).toBe('2026-12-01');
    expect(formatDateTime(Date.parse('2026-11-30T08:05:00Z'))).toBe('2026-11-30 16:05');
  });
});

describe('completionBar', () => {
  test('stacks the shares of a department in a fixed order, adding up to the whole', () => {
    const figures = { department: '销售部', learners: 8, notStarted: 2, inProgress: 3, completed: 2, expired: 1, certificatesValid: 2, certificatesExpiring: 1 };
    const bar = completionBar(figures);
    expect(bar.map((segment) => [segment.key, segment.percent, segment.offset])).toEqual([
      ['completed', 25, 0],
      ['inProgress', 37.5, 25],
      ['expired', 12.5, 62.5],
      ['notStarted', 25, 75],
    ]);
    expect(completionBar({ ...figures, learners: 0 }).every((segment) => segment.percent === 0)).toBe(true);
    expect(totalFigures([figures, figures])).toMatchObject({ department: '全部', learners: 16, certificatesExpiring: 2 });
    expect(percentText(0.456)).toBe('46%');
  });
});
