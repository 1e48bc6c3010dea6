import { cp, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { checkContentDir } from '../../../scripts/lib/content-files.ts';
import { contentCheck } from '../../../scripts/lib/content-check-integration.ts';
import { formatContentIssue } from '../../../src/core/course/content-issues.ts';
import { contentCopyPerTest } from '../../support/content-copy.ts';

const copy = contentCopyPerTest('icrm-quizzes-');
const edit = copy.edit;

/** Replaces the first match after a marker, so an edit lands on the question meant. */
function after(marker: string, pattern: RegExp | string, replacement: string) {
  return (text: string) => {
    const at = text.indexOf(marker);
    if (at < 0) throw new Error(`marker ${marker} not found`);
    return text.slice(0, at) + text.slice(at).replace(pattern, replacement);
  };
}

/** Removes whole questions from a bank, each from its `- id:` line to the blank line before the next. */
function withoutQuestions(...ids: string[]) {
  return (text: string) =>
    ids.reduce((bank, id) => {
      const removed = bank.replace(new RegExp(`\\n  - id: ${id}\\n[\\s\\S]*?(?=\\n\\n  - id: |\\n\\n  # |\\n?$)`), '');
      if (removed === bank) throw new Error(`question ${id} not found`);
      return removed;
    }, text);
}

async function faults(): Promise<string[]> {
  const result = await checkContentDir(join(copy.root, 'content'), copy.root);
  return result.ok ? [] : result.issues.map(formatContentIssue);
}

const practice = 'quizzes/quiz-shared-goals.yaml';
const finalBank = 'quizzes/final-assessment.yaml';

describe('checkContentDir on quiz banks', () => {
  test('accepts the shipped banks and returns the 15 practice quizzes and the final bank', async () => {
    const result = await checkContentDir(join(copy.root, 'content'), copy.root);
    expect(result.ok && result.content.quizzes.practice.length).toBe(15);
    expect(result.ok && result.content.quizzes.final.map((bank) => bank.id)).toEqual(['final-assessment']);
  });

  test('names the file and question of a choice question without a correct answer', async () => {
    await edit(practice, after('id: sg-ticket-closing', /\n {8}correct: true/, ''));
    expect(await faults()).toEqual([
      'content/quizzes/quiz-shared-goals.yaml › questions[0].options: 题目 “sg-ticket-closing”没有正确答案：请把至少一个选项标为 correct: true',
    ]);
  });

  test('names a multiple-choice question whose options are all wrong', async () => {
    await edit(practice, after('id: sg-make-it-work', /\n {8}correct: true/g, ''));
    expect(await faults()).toEqual([
      'content/quizzes/quiz-shared-goals.yaml › questions[3].options: 题目 “sg-make-it-work”没有正确答案：请把至少一个选项标为 correct: true',
    ]);
  });

  test('rejects a single-choice question with two correct answers', async () => {
    await edit(practice, after('id: sg-ticket-closing', /(id: b\n {8}text: [^\n]+)/, '$1\n        correct: true'));
    expect(await faults()).toEqual([
      'content/quizzes/quiz-shared-goals.yaml › questions[0].options: 题目 “sg-ticket-closing”是单选题，却有 2 个正确答案（b、c）',
    ]);
  });

  test('rejects a true/false question without its answer', async () => {
    await edit(practice, after('id: sg-one-sentence', /\n {4}answer: true/, ''));
    expect(await faults()).toEqual(['content/quizzes/quiz-shared-goals.yaml › questions[4].answer: 缺少必填字段（应为布尔值（true/false））']);
  });

  test('rejects a matching premise without a partner, and the partner left alone', async () => {
    await edit('quizzes/quiz-respect-and-trust.yaml', after('id: goals', /\n {8}match: direction/, ''));
    expect(await faults()).toEqual([
      'content/quizzes/quiz-respect-and-trust.yaml › questions[0].left[2].match: 题目 “rt-four-roles”的 “goals”没有配对对象：请用 match 写出它在 right 中的 id',
      'content/quizzes/quiz-respect-and-trust.yaml › questions[0].right[2]: 题目 “rt-four-roles”的右侧 “direction”没有配对对象：没有哪个左侧项的 match 指向它',
    ]);
  });

  test('rejects a matching premise whose partner is not in the right column', async () => {
    await edit('quizzes/quiz-respect-and-trust.yaml', after('id: goals', 'match: direction', 'match: compass'));
    expect(await faults()).toContain(
      'content/quizzes/quiz-respect-and-trust.yaml › questions[0].left[2].match: 题目 “rt-four-roles”的 “goals”配对的 “compass”不在 right 中',
    );
  });

  test('rejects a question id used twice in one bank', async () => {
    await edit(practice, (text) => text.replace('id: sg-three-steps', 'id: sg-ticket-closing'));
    expect(await faults()).toEqual([
      'content/quizzes/quiz-shared-goals.yaml › questions[1].id: 题目 id “sg-ticket-closing”重复，已用于 content/quizzes/quiz-shared-goals.yaml › questions[0]',
    ]);
  });

  test('rejects a question id already used in another bank, the final bank included', async () => {
    await edit(practice, (text) => text.replace('id: sg-three-steps', 'id: rt-four-roles'));
    await edit('quizzes/final-assessment.yaml', (text) => text.replace('id: fa-dragon-boat', 'id: sg-ticket-closing'));
    expect(await faults()).toEqual([
      'content/quizzes/quiz-shared-goals.yaml › questions[0].id: 题目 id “sg-ticket-closing”重复，已用于 content/quizzes/final-assessment.yaml › questions[27]',
      'content/quizzes/quiz-shared-goals.yaml › questions[1].id: 题目 id “rt-four-roles”重复，已用于 content/quizzes/quiz-respect-and-trust.yaml › questions[0]',
    ]);
  });

  test('rejects a question that points to a lesson that does not exist', async () => {
    await edit(practice, after('id: sg-three-steps', 'lesson: shared-goals,', 'lesson: shared-gaols,'));
    expect(await faults()).toEqual(['content/quizzes/quiz-shared-goals.yaml › questions[1].section.lesson: 题目 “sg-three-steps”引用的课程 “shared-gaols”不存在']);
  });

  test('rejects a question that points to a section the lesson lacks, listing the sections it has', async () => {
    await edit(practice, after('id: sg-three-steps', 'heading: 找到共同的方向', 'heading: 找到方向'));
    expect(await faults()).toEqual([
      'content/quizzes/quiz-shared-goals.yaml › questions[1].section.heading: 题目 “sg-three-steps”引用的小节 “找到方向”不在课程 “shared-goals”中；该课的 ## 小节有：各自用力，彼此抵消、找到共同的方向、使命感与责任感、让目标落到协作中',
    ]);
  });

  test('accepts a section named by its anchor instead of its heading', async () => {
    await edit(practice, after('id: sg-ticket-closing', 'heading: 各自用力，彼此抵消', "heading: '#各自用力彼此抵消'"));
    expect(await faults()).toEqual([]);
  });

  test('rejects a lesson that names a quiz that does not exist, with the line of the tag', async () => {
    await edit('lessons/shared-goals.mdx', (text) => text.replace('<Quiz id="quiz-shared-goals" />', '<Quiz id="quiz-shared-goal" />'));
    const source = await readFile(join(copy.root, 'content/lessons/shared-goals.mdx'), 'utf8');
    const line = source.split('\n').findIndex((text) => text.startsWith('<Quiz')) + 1;
    expect(await faults()).toEqual([
      `content/lessons/shared-goals.mdx › 第 ${line} 行: <Quiz id="quiz-shared-goal" /> 指向的练习不存在（应有文件 content/quizzes/quiz-shared-goal.yaml）`,
      'content/quizzes/quiz-shared-goals.yaml › lesson: 练习没有嵌入课程 “shared-goals”：请在该课 <KeyPoints> 之前单独一行写 <Quiz id="quiz-shared-goals" />',
    ]);
  });

  test('rejects a lesson whose MDX the site could not build, once, with the line of the unclosed component', async () => {
    await edit('lessons/shared-goals.mdx', (text) => text.replace(/\n<\/Callout>\n/, '\n'));
    const source = await readFile(join(copy.root, 'content/lessons/shared-goals.mdx'), 'utf8');
    const line = source.split('\n').findIndex((text) => text.startsWith('<Callout')) + 1;
    expect(await faults()).toEqual([
      expect.stringMatching(new RegExp(`^content/lessons/shared-goals\\.mdx › 第 ${line} 行: MDX 语法错误：.*<Callout>`)),
    ]);
  });

  test('rejects a lesson that embeds the final bank, whose keys must stay on the server', async () => {
    await edit('lessons/shared-goals.mdx', (text) => text.replace('<Quiz id="quiz-shared-goals" />', '<Quiz id="final-assessment" />'));
    expect(await faults()).toContain(
      'content/lessons/shared-goals.mdx › 第 92 行: 结业题库 “final-assessment”不能嵌入课程：它的答案只在服务器上使用',
    );
  });

  test('rejects a practice quiz whose lesson does not exist', async () => {
    await edit(practice, (text) => text.replace(/^lesson: shared-goals$/m, 'lesson: shared-goal'));
    expect(await faults()).toEqual([
      'content/quizzes/quiz-shared-goals.yaml › lesson: 练习所属的课程 “shared-goal”不存在',
      'content/lessons/shared-goals.mdx › 第 92 行: 练习 “quiz-shared-goals”属于课程 “shared-goal”，不能嵌入本课（或改它的 lesson 字段）',
    ]);
  });

  test('rejects a final bank named so that the site would load it', async () => {
    await cp(join(copy.root, 'content/quizzes/final-assessment.yaml'), join(copy.root, 'content/quizzes/quiz-final.yaml'));
    await rm(join(copy.root, 'content/quizzes/final-assessment.yaml'));
    await edit('quizzes/quiz-final.yaml', (text) => text.replace('id: final-assessment', 'id: quiz-final'));
    expect(await faults()).toEqual([
      'content/quizzes/quiz-final.yaml › id: 结业题库的 id 和文件名必须以 final- 开头（如 content/quizzes/final-assessment.yaml），答案才不会被打包进网页',
      'content/quizzes/quiz-final.yaml › id: 结业题库的 id 是 “quiz-final”，但 course.yaml › completion.finalAssessment.bank 写的是 “final-assessment”：两处必须一致',
    ]);
  });

  test('rejects a final bank no larger than the test drawn from it', async () => {
    await edit('course.yaml', (text) => text.replace('questions: 20', 'questions: 64'));
    expect(await faults()).toEqual([
      'content/quizzes/final-assessment.yaml › questions: 题库有 64 题，必须多于每次抽取的 64 题（course.yaml › completion.finalAssessment.questions）',
    ]);
  });

  test('rejects a course whose completion rules name another bank than the final bank there is', async () => {
    await edit('course.yaml', (text) => text.replace('bank: final-assessment', 'bank: final-exam'));
    expect(await faults()).toContain(
      'content/quizzes/final-assessment.yaml › id: 结业题库的 id 是 “final-assessment”，但 course.yaml › completion.finalAssessment.bank 写的是 “final-exam”：两处必须一致',
    );
  });

  test('reports an unknown question type in Chinese, listing the types', async () => {
    await edit(practice, after('id: sg-ticket-closing', 'type: single', 'type: essay'));
    expect(await faults()).toEqual([
      'content/quizzes/quiz-shared-goals.yaml › questions[0].type: 题型无效，可选：single（单选题）、multiple（多选题）、situational（情境题）、true-false（判断题）、ordering（排序题）、matching（配对题）',
    ]);
  });

  test('asks for the principle or method of a question', async () => {
    await edit(practice, after('id: sg-ticket-closing', /\n {4}principle: goals/, ''));
    expect(await faults()).toEqual([
      'content/quizzes/quiz-shared-goals.yaml › questions[0]: 题目 “sg-ticket-closing”没有注明所属的原则（principle）或方法（method）',
    ]);
  });

  test('rejects a final bank whose keyed option is the longest in more than a third of its choice items', async () => {
    await edit(finalBank, (text) => text.replace(/(\n {8}text: [^\n]+)(\n {8}correct: true)/g, '$1，这也是经过多个部门反复验证的稳妥做法$2'));
    expect(await faults()).toEqual([
      expect.stringMatching(
        /^content\/quizzes\/final-assessment\.yaml › questions: 结业题库中 30\/30（100%）道单选和情境题的正确选项是最长的一项，上限为三分之一：请改写这些题的选项（fa-single-thread-risk、/,
      ),
    ]);
  });

  test('rejects practice quizzes whose true/false items are nearly all keyed false', async () => {
    for (const name of await readdir(join(copy.root, 'content/quizzes'))) {
      if (!name.startsWith('quiz-')) continue;
      const text = await readFile(join(copy.root, 'content/quizzes', name), 'utf8');
      if (text.includes('answer: true')) await edit(`quizzes/${name}`, (before) => before.replaceAll('answer: true', 'answer: false'));
    }
    expect(await faults()).toEqual([
      'content/quizzes/quiz-*.yaml › questions: 练习题（各练习合计）的判断题中答案为“正确”的有 0/14（0%），应在 40%～60% 之间',
    ]);
  });

  test('rejects a final item copied from a practice quiz, whose key the browser already has', async () => {
    const source = await readFile(join(copy.root, 'content/quizzes/quiz-why-it-matters.yaml'), 'utf8');
    const copied = /\n  - id: wm-hidden-costs\n[\s\S]*?(?=\n\n  - id: )/.exec(source)![0].replace('id: wm-hidden-costs', 'id: fa-copied-costs');
    await edit(finalBank, (text) => `${text.trimEnd()}\n${copied}\n`);
    expect(await faults()).toEqual([
      'content/quizzes/final-assessment.yaml › questions: 结业题 “fa-copied-costs”与练习题 “wm-hidden-costs”的题干和答案相似度 1.00（上限 0.5）：练习的答案会下发到浏览器，请换一个角度考查',
    ]);
  });

  test('rejects a final bank under 60 questions', async () => {
    await edit(finalBank, withoutQuestions('fa-only-boss', 'fa-hierarchy', 'fa-jargon', 'fa-improve-good', 'fa-chain-order'));
    expect(await faults()).toEqual([
      'content/quizzes/final-assessment.yaml › questions: 结业题库只有 59 题，至少需要 60 题，两次抽题才不会大量重复',
    ]);
  });

  test('rejects a final bank that no longer tests one of the lessons', async () => {
    await edit(finalBank, withoutQuestions('fa-forces-of-change', 'fa-shared-service-dashboard', 'fa-score-with-customers', 'fa-digital-stages'));
    expect(await faults()).toEqual([
      'content/quizzes/final-assessment.yaml › questions: 结业题库没有考到课程 “future-trends”：每一课至少要有一道结业题',
    ]);
  });

  test('stops the build on a quiz fault, naming file and question', async () => {
    await edit(practice, after('id: sg-ticket-closing', /\n {8}correct: true/, ''));
    const setup = contentCheck().hooks['astro:config:setup']!({
      command: 'build',
      config: { root: new URL(`file://${copy.root}/`) },
      logger: { error: () => {} },
    } as never);
    await expect(setup).rejects.toThrow(/quiz-shared-goals\.yaml › questions\[0\]\.options: 题目 “sg-ticket-closing”没有正确答案/);
  });

  test('stops the build when a fairness threshold is broken, printing the figure', async () => {
    await edit(finalBank, withoutQuestions('fa-only-boss', 'fa-hierarchy', 'fa-jargon', 'fa-improve-good', 'fa-chain-order'));
    const setup = contentCheck().hooks['astro:config:setup']!({
      command: 'build',
      config: { root: new URL(`file://${copy.root}/`) },
      logger: { error: () => {} },
    } as never);
    await expect(setup).rejects.toThrow(/final-assessment\.yaml › questions: 结业题库只有 59 题，至少需要 60 题/);
  });
});
