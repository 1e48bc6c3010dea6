import { describe, expect, test } from 'vitest';
import { formatContentIssue } from '../../../src/core/course/content-issues.ts';
import { checkGlossaryLinks } from '../../../src/core/course/glossary-links.ts';
import { GlossarySchema } from '../../../src/core/course/schemas/glossary.ts';
import { validateCourseContent, type RawCourseContent } from '../../../src/core/course/validate-course.ts';

function validCourse() {
  return {
    id: 'demo',
    title: '示例课程',
    summary: '用于测试的课程。',
    audience: ['全体员工'],
    objectives: ['说明内部客户的含义'],
    modules: [
      { id: 'basics', title: '基础', summary: '基础知识。', lessons: ['first-lesson', 'second-lesson'] },
      { id: 'practice', title: '实践', summary: '实践方法。', lessons: ['third-lesson'] },
    ],
    completion: {
      lessons: 'all',
      practiceQuizzes: 'all',
      scenarios: 'all',
      finalAssessment: { bank: 'final-assessment', questions: 20, passMark: 0.8, attempts: 3, timeLimitMinutes: 40 },
      classroomAttendance: 'optional',
    },
    certificate: { validityMonths: 24 },
    references: [],
  };
}

function lesson(id: string, module: string, order: number) {
  return {
    id,
    title: `课程 ${id}`,
    module,
    order,
    minutes: 20,
    summary: '一句话简介。',
    objectives: ['说明一件事'],
    keyTerms: ['内部客户'],
  };
}

function validContent(): RawCourseContent {
  return {
    course: { file: 'content/course.yaml', data: validCourse() },
    lessons: [
      { file: 'content/lessons/first-lesson.mdx', basename: 'first-lesson', data: lesson('first-lesson', 'basics', 1) },
      { file: 'content/lessons/second-lesson.mdx', basename: 'second-lesson', data: lesson('second-lesson', 'basics', 2) },
      { file: 'content/lessons/third-lesson.mdx', basename: 'third-lesson', data: lesson('third-lesson', 'practice', 1) },
    ],
    glossary: {
      file: 'content/glossary.yaml',
      data: [
        { term: '内部客户', definition: '在企业内部接受你工作成果的人。', lessons: ['first-lesson'], related: ['内部服务链'] },
        { term: '内部服务链', definition: '部门之间环环相扣的服务关系。', lessons: ['second-lesson'] },
      ],
    },
  };
}

/** Validates and returns the issues as the lines an author would read. */
function faults(content: RawCourseContent): string[] {
  const result = validateCourseContent(content);
  return result.ok ? [] : result.issues.map(formatContentIssue);
}

describe('validateCourseContent', () => {
  test('accepts a consistent course and returns the typed content', () => {
    const result = validateCourseContent(validContent());
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.content.lessons.map((l) => l.id)).toEqual(['first-lesson', 'second-lesson', 'third-lesson']);
      expect(result.content.glossary[1]?.related).toEqual([]);
    }
  });

  test('names the file and the field when a lesson has no title', () => {
    const content = validContent();
    delete (content.lessons[0]!.data as Record<string, unknown>).title;
    expect(faults(content)).toEqual(['content/lessons/first-lesson.mdx › title: 缺少必填字段（应为文本）']);
  });

  test('names the field and the expected type when a value has the wrong type', () => {
    const content = validContent();
    (content.lessons[1]!.data as Record<string, unknown>).minutes = '二十';
    expect(faults(content)).toEqual(['content/lessons/second-lesson.mdx › minutes: 类型错误：应为数字，实际是文本']);
  });

  test('rejects a misspelt frontmatter field instead of ignoring it', () => {
    const content = validContent();
    (content.lessons[0]!.data as Record<string, unknown>).objective = ['拼错了'];
    expect(faults(content)).toEqual(['content/lessons/first-lesson.mdx › （整个文件）: 未知字段：objective（拼写错误？）']);
  });

  test('rejects a lesson that names an unknown module and lists the known ones', () => {
    const content = validContent();
    (content.lessons[2]!.data as Record<string, unknown>).module = 'advanced';
    expect(faults(content)).toEqual([
      'content/lessons/third-lesson.mdx › module: 模块 “advanced”不存在；course.yaml 中的模块有：basics、practice',
    ]);
  });

  test('rejects a lesson whose module disagrees with the module course.yaml lists it under', () => {
    const content = validContent();
    (content.lessons[2]!.data as Record<string, unknown>).module = 'basics';
    expect(faults(content)).toEqual([
      'content/lessons/third-lesson.mdx › module: 写的是模块 “basics”，但 course.yaml 把它列在模块 “practice”下',
    ]);
  });

  test('rejects an order that disagrees with the position in course.yaml', () => {
    const content = validContent();
    (content.lessons[1]!.data as Record<string, unknown>).order = 3;
    expect(faults(content)).toEqual([
      'content/lessons/second-lesson.mdx › order: order 为 3，但在 course.yaml 模块 “basics”中排第 2',
    ]);
  });

  test('rejects two lessons with the same id, naming both files', () => {
    const content = validContent();
    content.lessons.push({
      file: 'content/lessons/copy.mdx',
      data: lesson('first-lesson', 'basics', 1),
    });
    expect(faults(content)).toEqual([
      'content/lessons/copy.mdx › id: 课程 id “first-lesson”重复，已用于 content/lessons/first-lesson.mdx',
    ]);
  });

  test('rejects a lesson id that differs from its file name', () => {
    const content = validContent();
    content.lessons[0]!.basename = 'first';
    expect(faults(content)).toEqual([
      'content/lessons/first-lesson.mdx › id: id “first-lesson”应与文件名 “first”一致（页面地址由它决定）',
    ]);
  });

  test('rejects a module that lists a lesson with no file', () => {
    const content = validContent();
    content.lessons.pop();
    expect(faults(content)).toEqual([
      'content/course.yaml › modules[1].lessons[0]: 找不到课程 “third-lesson”（应有文件 content/lessons/third-lesson.mdx）',
    ]);
  });

  test('rejects a duplicate module id and a lesson listed twice', () => {
    const content = validContent();
    const course = content.course.data as ReturnType<typeof validCourse>;
    course.modules.push({ id: 'basics', title: '重复', summary: '重复的模块。', lessons: ['first-lesson'] });
    expect(faults(content)).toEqual(
      expect.arrayContaining([
        'content/course.yaml › modules[2].id: 模块 id “basics”重复（已用于 modules[0]）',
        'content/course.yaml › modules[2].lessons[0]: 课程 “first-lesson”被列出两次（已在 modules[0].lessons[0]）',
      ]),
    );
  });

  test('rejects an id that cannot be part of a URL', () => {
    const content = validContent();
    (content.course.data as ReturnType<typeof validCourse>).modules[0]!.id = '基础 模块';
    expect(faults(content)[0]).toBe(
      'content/course.yaml › modules[0].id: 只能使用小写英文字母、数字和连字符（如 what-is-an-internal-customer）',
    );
  });

  test('rejects a required lesson in the completion rules that no module lists', () => {
    const content = validContent();
    (content.course.data as Record<string, unknown>).completion = {
      ...validCourse().completion,
      lessons: ['first-lesson', 'missing-lesson'],
    };
    expect(faults(content)).toEqual(['content/course.yaml › completion.lessons[1]: 必修课程 “missing-lesson”没有出现在任何模块中']);
  });

  test('rejects a pass mark above 100 %', () => {
    const content = validContent();
    (content.course.data as ReturnType<typeof validCourse>).completion.finalAssessment.passMark = 80;
    expect(faults(content)).toEqual(['content/course.yaml › completion.finalAssessment.passMark: 不能大于 1']);
  });

  test('rejects a glossary term that points to a missing lesson', () => {
    const content = validContent();
    (content.glossary.data as { lessons: string[] }[])[1]!.lessons.push('no-such-lesson');
    expect(faults(content)).toEqual([
      'content/glossary.yaml › [1].lessons[1]: 术语 “内部服务链”指向的课程 “no-such-lesson”不存在',
    ]);
  });

  test('rejects a duplicate glossary term and a related term that is not in the glossary', () => {
    const content = validContent();
    const glossary = content.glossary.data as { term: string; definition: string; lessons: string[]; related?: string[] }[];
    glossary.push({ term: '内部客户', definition: '重复。', lessons: ['first-lesson'], related: ['部门墙'] });
    expect(faults(content)).toEqual([
      'content/glossary.yaml › [2].term: 术语 “内部客户”重复（已在 [0]）',
      'content/glossary.yaml › [2].related[0]: 相关术语 “部门墙”不在术语表中',
    ]);
  });

  test("rejects an alias that is already a term or another entry's alias", () => {
    const content = validContent();
    const glossary = content.glossary.data as { aliases?: string[] }[];
    glossary[0]!.aliases = ['同事客户', '内部服务链'];
    glossary[1]!.aliases = ['同事客户'];
    expect(faults(content)).toEqual([
      'content/glossary.yaml › [0].aliases[1]: 别名 “内部服务链”已是术语 [1]',
      'content/glossary.yaml › [1].aliases[0]: 别名 “同事客户”已是 [0] “内部客户”的别名',
    ]);
  });

  test('rejects a lesson key term that the glossary does not define', () => {
    const content = validContent();
    (content.lessons[2]!.data as { keyTerms: string[] }).keyTerms = ['内部客户', '服务意识'];
    expect(faults(content)).toEqual(['content/lessons/third-lesson.mdx › keyTerms[1]: 关键术语 “服务意识”不在 content/glossary.yaml 中']);
  });

  test('reports a missing course file once, as the whole file', () => {
    const content = validContent();
    content.course.data = undefined;
    expect(faults(content)).toEqual(['content/course.yaml › （整个文件）: 缺少必填字段（应为对象）']);
  });
});

describe('checkGlossaryLinks', () => {
  const glossary = GlossarySchema.parse([
    { term: '内部客户', definition: '使用你工作成果的同事。', lessons: ['first-lesson', 'second-lesson'] },
    { term: 'RACI 表', definition: '写明每个环节谁执行、谁拍板的表。', aliases: ['责任分配矩阵'], lessons: ['first-lesson', 'third-lesson'] },
  ]);
  const links = (texts: Record<string, string>) =>
    checkGlossaryLinks('content/glossary.yaml', glossary, new Map(Object.entries(texts))).map(formatContentIssue);

  test('accepts links to lessons that use the term, an alias, or the term spaced differently', () => {
    expect(links({ 'first-lesson': '先画一张RACI表，再找内部客户。', 'second-lesson': '内部客户是谁？', 'third-lesson': '又叫责任分配矩阵。' })).toEqual([]);
  });

  test('names the entry, the link and the aliases when the linked lesson never uses the term', () => {
    expect(links({ 'first-lesson': '内部客户和 RACI 表。', 'second-lesson': '内部客户。', 'third-lesson': '这一课只讲权责划分。' })).toEqual([
      'content/glossary.yaml › [1].lessons[1]: 术语 “RACI 表”链接到课程 “third-lesson”，但那节课的正文没有用到它，也没有用到别名“责任分配矩阵”',
    ]);
  });

  test('leaves a link to an unknown lesson to the check of missing lessons', () => {
    expect(links({ 'first-lesson': '内部客户，RACI 表。' })).toEqual([]);
  });
});
