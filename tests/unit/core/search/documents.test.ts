import { describe, expect, test } from 'vitest';
import {
  collectSearchDocuments,
  isFinalAssessmentBank,
  lessonDocuments,
  type QuizSearchSource,
} from '../../../../src/core/search/documents.ts';

const lesson = {
  id: 'shared-goals',
  title: '共同目标',
  summary: '把企业目标转化为跨部门共同目标。',
  objectives: ['区分部门指标与共同目标'],
  body: [
    '年底冲业绩，销售与财务争了一个小时。',
    '',
    '## 各自用力，彼此抵消',
    '',
    '每个部门都有自己的**考核指标**。',
    '',
    '| 部门 | 自身关注 |',
    '| --- | --- |',
    '| 销售 | 签单量 |',
    '',
    '<FacilitatorNote minutes={5}>',
    '',
    '## 讲师的练习',
    '',
    '请学员写下本部门的指标。',
    '',
    '</FacilitatorNote>',
    '',
    '### 用 RACI 表理清分工',
    '',
    'RACI 表写明谁负责。',
    '',
    '## 小结',
    '',
    '第一段小结。',
    '',
    '## 小结',
    '',
    '第二段小结。',
    '',
    '<KeyPoints>',
    '',
    '- 共同目标指向外部客户。',
    '',
    '</KeyPoints>',
    '',
    '<Discussion>',
    '',
    '1. 你的部门最重要的指标是什么？',
    '',
    '</Discussion>',
  ].join('\n'),
};

describe('lessonDocuments', () => {
  const documents = lessonDocuments('icrm', lesson);

  test('cuts a lesson into its opening, its ## sections, its key points and its discussion', () => {
    expect(documents.map(({ kind, heading, url }) => ({ kind, heading, url }))).toEqual([
      { kind: 'opening', heading: '', url: '/courses/icrm/shared-goals/' },
      { kind: 'section', heading: '各自用力，彼此抵消', url: '/courses/icrm/shared-goals/#各自用力彼此抵消' },
      { kind: 'section', heading: '小结', url: '/courses/icrm/shared-goals/#小结' },
      { kind: 'section', heading: '小结', url: '/courses/icrm/shared-goals/#小结-1' },
      { kind: 'key-points', heading: '', url: '/courses/icrm/shared-goals/#key-points' },
      { kind: 'discussion', heading: '', url: '/courses/icrm/shared-goals/#discussion' },
    ]);
    expect(documents.every((document) => document.title === '共同目标' && document.lessonId === 'shared-goals')).toBe(true);
  });

  test('opens with the summary, the objectives and the text before the first heading', () => {
    expect(documents[0]!.text).toBe('把企业目标转化为跨部门共同目标。\n区分部门指标与共同目标\n年底冲业绩，销售与财务争了一个小时。');
  });

  test('keeps a ### heading and a table as text of their section, without markup', () => {
    const section = documents[1]!.text;
    expect(section).toContain('每个部门都有自己的考核指标。');
    expect(section).toContain('用 RACI 表理清分工');
    expect(section).toContain('销售  签单量');
    expect(section).not.toMatch(/[#|*]|---/);
  });

  test('leaves facilitator notes out, and a heading inside one starts no section', () => {
    const text = documents.map((document) => `${document.heading} ${document.text}`).join('\n');
    expect(text).not.toContain('请学员');
    expect(text).not.toContain('讲师的练习');
  });

  test('gives key points and discussion their own text only', () => {
    expect(documents[4]!.text).toBe('共同目标指向外部客户。');
    expect(documents[5]!.text).toBe('你的部门最重要的指标是什么？');
    expect(documents[3]!.text).toBe('第二段小结。');
  });

  test('slugs headings as Astro does: punctuation dropped, Latin lower-cased, spaces as hyphens', () => {
    const [, section] = lessonDocuments('icrm', { ...lesson, body: '## 挑战二：职责边界模糊\n\n## 用 RACI 表理清分工 \n' });
    expect(section!.url).toBe('/courses/icrm/shared-goals/#挑战二职责边界模糊');
    expect(lessonDocuments('icrm', { ...lesson, body: '## 用 RACI 表理清分工' })[1]!.url).toBe(
      '/courses/icrm/shared-goals/#用-raci-表理清分工',
    );
    expect(lessonDocuments('icrm', { ...lesson, body: '## 什么是 CRM ？' })[1]!.url).toBe('/courses/icrm/shared-goals/#什么是-crm');
  });
});

const quiz = (overrides: Partial<QuizSearchSource> = {}): QuizSearchSource => ({
  id: 'shared-goals-practice',
  lessonId: 'shared-goals',
  title: '练习：共同目标',
  questions: [
    {
      prompt: '共同目标最终指向什么？',
      explanation: '共同目标指向外部客户价值，而不是各部门指标相加。',
      feedback: ['部门指标相加会顾此失彼。', '对：终点是外部客户。'],
    },
  ],
  ...overrides,
});

describe('collectSearchDocuments', () => {
  const glossary = [{ term: '共同目标', en: 'Shared goals', definition: '让相关部门看清工作指向同一个结果。' }];

  test('collects lesson sections and glossary terms, and no quiz until there are quizzes', () => {
    const documents = collectSearchDocuments({ courseId: 'icrm', lessons: [lesson], glossary });
    expect(documents.map((document) => document.kind)).toEqual([
      'opening',
      'section',
      'section',
      'section',
      'key-points',
      'discussion',
      'term',
    ]);
    expect(documents.at(-1)).toEqual({
      kind: 'term',
      title: '共同目标',
      heading: 'Shared goals',
      text: '让相关部门看清工作指向同一个结果。',
      url: '/glossary/#term-共同目标',
    });
  });

  test("keeps a glossary term's aliases on its document, and adds none to a term without them", () => {
    const documents = collectSearchDocuments({
      courseId: 'icrm',
      lessons: [],
      glossary: [...glossary, { term: '团队凝聚力', definition: '成员愿意留在团队里一起努力的程度。', aliases: ['凝聚力'] }],
    });
    expect(documents.map((document) => document.aliases)).toEqual([undefined, ['凝聚力']]);
  });

  test('indexes each practice question with its explanation and the feedback of its options', () => {
    const documents = collectSearchDocuments({ courseId: 'icrm', lessons: [], glossary: [], quizzes: [quiz()] });
    expect(documents).toEqual([
      {
        kind: 'quiz',
        title: '练习：共同目标',
        heading: '共同目标最终指向什么？',
        text: '共同目标指向外部客户价值，而不是各部门指标相加。\n部门指标相加会顾此失彼。\n对：终点是外部客户。',
        url: '/courses/icrm/shared-goals/#shared-goals-practice',
        lessonId: 'shared-goals',
      },
    ]);
  });

  test('never indexes a final-assessment bank, whether named final-*, read from final-*.yaml or flagged', () => {
    const banks = [
      quiz({ id: 'final-bank' }),
      quiz({ id: 'assessment', file: 'content/quizzes/final-2026.yaml' }),
      quiz({ id: 'assessment-pool', finalAssessment: true }),
    ];
    expect(collectSearchDocuments({ courseId: 'icrm', lessons: [], glossary: [], quizzes: banks })).toEqual([]);
  });
});

describe('isFinalAssessmentBank', () => {
  test('tells a practice quiz from a final-assessment bank', () => {
    expect(isFinalAssessmentBank(quiz({ file: 'content/quizzes/shared-goals-practice.yaml' }))).toBe(false);
    expect(isFinalAssessmentBank(quiz({ file: 'content\\quizzes\\final-a.yaml' }))).toBe(true);
  });
});
