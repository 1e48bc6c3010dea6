import { describe, expect, test } from 'vitest';
import { formatContentIssue } from '../../../src/core/course/content-issues.ts';
import { checkHouseStyle } from '../../../src/core/course/house-style.ts';

const faults = (text: string, file = 'content/lessons/demo.mdx') => checkHouseStyle({ file, text }).map(formatContentIssue);

describe('checkHouseStyle', () => {
  test('accepts Chinese prose with “” and full-width punctuation, English quotes and component attributes', () => {
    const text = [
      '---',
      'title: 共同目标',
      'keyTerms: [内部客户, 服务意识]',
      '---',
      '财务说：“附件不全。”销售问：“缺什么？”（见上一课）',
      '<Callout kind="example" title="一张退回的合同">',
      'The "Relationship Marketing" paper, 1995.',
      '第 1—30 天：评估 R 与 A，得分 3.9 分。',
    ].join('\n');
    expect(faults(text)).toEqual([]);
  });

  test('reports corner brackets and straight quotes in Chinese text with their line', () => {
    expect(faults('第一行。\n理由写的是「附件不全」。\n他说"马上办"。')).toEqual([
      'content/lessons/demo.mdx › 第 2 行: 用了直角引号「」，本课程统一用“”：理由写的是「附件不全」。',
      'content/lessons/demo.mdx › 第 3 行: 中文里用了英文直引号 "，应改为“”：他说"马上办"。',
    ]);
  });

  test('names each half-width mark between Chinese characters and its full-width form', () => {
    expect(faults('title: 培训,沟通与考核\nsummary: 先做什么?再做什么', 'content/course.yaml')).toEqual([
      'content/course.yaml › 第 1 行: 汉字之间用了半角“,”，应改为全角“，”：…le: 培训,沟通与考核',
      'content/course.yaml › 第 2 行: 汉字之间用了半角“?”，应改为全角“？”：…: 先做什么?再做什么',
    ]);
  });

  test('counts a mark with spaces around it as between Chinese characters, and parentheses too', () => {
    expect(faults('客户 , 同事 (内部) 都是')).toEqual([
      'content/lessons/demo.mdx › 第 1 行: 汉字之间用了半角“,”，应改为全角“，”：客户 , 同事 (内…',
      'content/lessons/demo.mdx › 第 1 行: 汉字之间用了半角“(”，应改为全角“（”：…, 同事 (内部) 都是',
      'content/lessons/demo.mdx › 第 1 行: 汉字之间用了半角“)”，应改为全角“）”：…同事 (内部) 都是',
    ]);
  });

  test('leaves code blocks and code spans alone', () => {
    expect(faults('```\n提示:"示例"\n```\n写作 `a,b` 即可。')).toEqual([]);
  });
});
