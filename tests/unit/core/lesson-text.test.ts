import { describe, expect, test } from 'vitest';
import { countChineseCharacters, estimateReadingMinutes, lessonReaderText } from '../../../src/core/course/lesson-text.ts';

describe('lessonReaderText', () => {
  test('drops facilitator notes, component tags and markdown markup but keeps the words', () => {
    const body = [
      '## 一个场景',
      '',
      '销售找**财务**要数据。',
      '',
      '<FacilitatorNote minutes={10}>',
      '',
      '- 讲师提示:只给讲师看',
      '',
      '</FacilitatorNote>',
      '',
      '<Callout kind="tip" title="小技巧">',
      '',
      '- 先说清[用途](#purpose)',
      '',
      '</Callout>',
    ].join('\n');
    expect(lessonReaderText(body)).toBe('一个场景\n\n销售找财务要数据。\n\n先说清用途');
  });

  test('keeps the cells of a table but not its delimiter row', () => {
    const body = ['| 部门 | 关注 |', '| --- | :---: |', '| 销售 | 签单量 |'].join('\n');
    expect(lessonReaderText(body).split('\n').map((line) => line.trim())).toEqual(['部门  关注', '销售  签单量']);
  });
});

describe('countChineseCharacters', () => {
  test('counts only Chinese characters, not punctuation, Latin letters or digits', () => {
    expect(countChineseCharacters('内部客户(CRM)有 3 类。')).toBe(6);
  });
});

describe('estimateReadingMinutes', () => {
  test('returns one minute for a short text', () => {
    expect(estimateReadingMinutes('很短')).toBe(1);
  });

  test('reads about 400 Chinese characters a minute', () => {
    expect(estimateReadingMinutes('字'.repeat(2000))).toBe(5);
  });

  test('adds Latin words at about 200 a minute', () => {
    expect(estimateReadingMinutes(`${'字'.repeat(800)} ${'word '.repeat(400)}`)).toBe(4);
  });
});
