import { describe, expect, test } from 'vitest';
import { LessonSyntaxError, splitFrontmatter, splitLesson } from '../../../src/core/course/lesson-tree.ts';

const lesson = [
  '---', // 1
  'id: demo',
  'title: 示例',
  '---',
  '',
  '开头一段，说明**为什么**要学。', // 6
  '',
  '## 尊重：认可对方的专业！', // 8
  '',
  '正文第一段。',
  '',
  '<Callout kind="tip" title="小技巧">', // 12
  '',
  '## 提示里的标题',
  '',
  '<Figure src="/a.svg" alt="图一" caption="服务链" />', // 16
  '',
  '先说清[用途](#purpose)。',
  '',
  '</Callout>',
  '',
  '<FacilitatorNote minutes={10}>', // 22
  '',
  '第一段讲师提示。',
  '',
  '- 第二段：分组讨论',
  '',
  '</FacilitatorNote>',
  '',
  '```md',
  '## 代码里的标题',
  '<Quiz id="quiz-code" />',
  '```',
  '',
  '行内的 `<RolePlay id="inline-code" />` 只是代码。',
  '',
  '## 沟通与反馈？', // 37
  '',
  '| 部门 | 关注 |',
  '| --- | :---: |',
  '| 销售 | 签单量 |',
  '',
  '<RolePlay id="urgent-data-request" />', // 43
  '',
  '## 尊重：认可对方的专业！', // 45
  '',
  '重复的标题。',
  '',
  '<Quiz id="quiz-demo" />', // 49
  '',
  '<KeyPoints>',
  '',
  '- 要点一',
  '- 要点二',
  '',
  '</KeyPoints>',
  '',
  '<Discussion>',
  '',
  '1. 你们部门的内部客户是谁？',
  '',
  '</Discussion>',
  '',
].join('\n');

describe('splitLesson', () => {
  const tree = splitLesson(lesson);

  test('cuts the body at its top-level ## headings with the anchors Astro gives them', () => {
    expect(tree.sections.map(({ heading, anchor, line }) => ({ heading, anchor, line }))).toEqual([
      { heading: '尊重：认可对方的专业！', anchor: '尊重认可对方的专业', line: 8 },
      { heading: '沟通与反馈？', anchor: '沟通与反馈', line: 37 },
      { heading: '尊重：认可对方的专业！', anchor: '尊重认可对方的专业-1', line: 45 },
    ]);
  });

  test('slugs a heading inside a callout in document order without starting a section, and ignores headings in code', () => {
    expect(tree.headings.map(({ depth, anchor }) => `${depth} ${anchor}`)).toEqual([
      '2 尊重认可对方的专业',
      '2 提示里的标题',
      '2 沟通与反馈',
      '2 尊重认可对方的专业-1',
    ]);
  });

  test('keeps the intro apart, without frontmatter, with its line in the file', () => {
    expect(tree.intro.text).toBe('开头一段，说明为什么要学。');
    expect(tree.intro.line).toBe(6);
  });

  test('gives a section the reader text of its callouts and code but not of its facilitator note', () => {
    expect(tree.sections[0]!.text).toBe(
      ['正文第一段。', '提示里的标题', '先说清用途。', '## 代码里的标题\n<Quiz id="quiz-code" />', '行内的 <RolePlay id="inline-code" /> 只是代码。'].join('\n\n'),
    );
  });

  test('returns a facilitator note spanning paragraphs whole, with its minutes and line', () => {
    expect(tree.sections[0]!.facilitatorNotes).toEqual([{ minutes: 10, text: '第一段讲师提示。\n\n第二段：分组讨论', line: 22 }]);
  });

  test('lists the figures and callouts a section contains, nested ones included, with their attributes', () => {
    expect(tree.sections[0]!.elements).toEqual([
      { name: 'Callout', attributes: { kind: 'tip', title: '小技巧' }, line: 12 },
      { name: 'Figure', attributes: { src: '/a.svg', alt: '图一', caption: '服务链' }, line: 16 },
    ]);
  });

  test('keeps table cells two spaces apart, one row a line, without the delimiter row', () => {
    expect(tree.sections[1]!.text).toBe('部门  关注\n销售  签单量');
  });

  test('finds the quizzes and role-plays the lesson embeds, with their lines, but not ones written as code', () => {
    expect(tree.quizzes).toEqual([{ id: 'quiz-demo', line: 49 }]);
    expect(tree.rolePlays).toEqual([{ id: 'urgent-data-request', line: 43 }]);
  });

  test('takes the key points and discussion out of the section they follow', () => {
    expect(tree.keyPoints?.text).toBe('要点一\n要点二');
    expect(tree.discussion?.text).toBe('你们部门的内部客户是谁？');
    expect(tree.sections[2]!.text).toBe('重复的标题。');
  });

  test('reports a quiz tag without an id as an id of null', () => {
    expect(splitLesson('正文\n\n<Quiz />\n').quizzes).toEqual([{ id: null, line: 3 }]);
  });

  test('gives no sections, key points or discussion to a body that has none', () => {
    const plain = splitLesson('只有一段。');
    expect(plain.sections).toEqual([]);
    expect(plain.keyPoints).toBeUndefined();
    expect(plain.discussion).toBeUndefined();
    expect(plain.intro.text).toBe('只有一段。');
  });

  test('throws on MDX the site could not build, naming the line', () => {
    expect(() => splitLesson('正文\n\n<Callout>\n\n没有结束标签\n')).toThrow(LessonSyntaxError);
    expect(() => splitLesson('正文\n\n<Callout>\n\n没有结束标签\n')).toThrow(expect.objectContaining({ line: 3, reason: expect.stringMatching(/Callout/) }));
    expect(() => splitLesson('---\nid: x\n---\n正文 {没有结束\n')).toThrow(expect.objectContaining({ line: 4 }));
  });
});

describe('splitFrontmatter', () => {
  test('returns the YAML between the --- lines and the body after them', () => {
    expect(splitFrontmatter('---\nid: demo\n---\n正文\n')).toEqual({ yaml: 'id: demo', body: '正文\n' });
  });

  test('returns no YAML and the whole text when the file does not start with ---', () => {
    expect(splitFrontmatter('正文\n---\n')).toEqual({ yaml: undefined, body: '正文\n---\n' });
  });
});
