/** Validates the course content and prints every fault with its file and field; exits 1 when any is found. */
import { readFile, readdir } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { formatContentIssue, type ContentIssue } from '../src/core/course/content-issues.ts';
import { checkGlossaryLinks } from '../src/core/course/glossary-links.ts';
import { checkHouseStyle } from '../src/core/course/house-style.ts';
import { lessonReaderText } from '../src/core/course/lesson-text.ts';
import { courseQuizFairness, describeQuizFairness } from '../src/core/quiz/quiz-fairness.ts';
import { describeScenarioFigures } from '../src/core/scenario/figures-text.ts';
import { checkContentDir, stripFrontmatter } from './lib/content-files.ts';

const { values } = parseArgs({ options: { content: { type: 'string', default: 'content' } } });
const contentDir = resolve(values.content);
const result = await checkContentDir(contentDir);

// House style (“” quotes, full-width punctuation) covers these folders and files of content/; scenarios join once they pass.
const houseStyleScope = ['lessons', 'quizzes', 'glossary.yaml', 'course.yaml'];
const issues: ContentIssue[] = result.ok ? [] : [...result.issues];
for (const entry of houseStyleScope) {
  const path = join(contentDir, entry);
  const files = entry.endsWith('.yaml') ? [path] : (await readdir(path).catch(() => [])).sort().map((name) => join(path, name));
  for (const file of files) {
    const text = await readFile(file, 'utf8').catch(() => undefined);
    if (text !== undefined) issues.push(...checkHouseStyle({ file: relative(process.cwd(), file), text }));
  }
}
if (result.ok) {
  const lessonTexts = new Map<string, string>();
  for (const { id, title, summary, objectives } of result.content.lessons) {
    const body = stripFrontmatter(await readFile(join(contentDir, 'lessons', `${id}.mdx`), 'utf8'));
    lessonTexts.set(id, [title, summary, ...objectives, lessonReaderText(body)].join('\n'));
  }
  issues.push(...checkGlossaryLinks(relative(process.cwd(), join(contentDir, 'glossary.yaml')), result.content.glossary, lessonTexts));
}

if (result.ok && issues.length === 0) {
  const { course, lessons, glossary, scenarios } = result.content;
  console.log(`内容检查通过：${course.modules.length} 个模块，${lessons.length} 节课，${glossary.length} 个术语。`);
  const { practice, final } = result.content.quizzes;
  const count = (banks: { questions: unknown[] }[]) => banks.reduce((sum, bank) => sum + bank.questions.length, 0);
  console.log(`练习 ${practice.length} 个（共 ${count(practice)} 题），结业题库 ${count(final)} 题。`);
  if (final[0]) {
    const lessonIds = new Set(lessons.map((lesson) => lesson.id));
    const fairness = describeQuizFairness(
      courseQuizFairness({
        lessons: course.modules.flatMap((module) => module.lessons).filter((id) => lessonIds.has(id)),
        drawn: course.completion.finalAssessment.questions,
        practice,
        final: final[0],
      }),
    );
    console.log('题库公平性：');
    for (const line of fairness.summary) console.log(`  · ${line}`);
    for (const line of fairness.warnings) console.log(`  ⚠ ${line}`);
  }
  if (scenarios.length > 0) console.log(`情景演练 ${scenarios.length} 个，均已证明可走通：`);
  for (const { scenario, figures } of scenarios) console.log(`  · ${describeScenarioFigures(scenario, figures)}`);
} else {
  console.error(`内容检查发现 ${issues.length} 个问题：`);
  for (const issue of issues) console.error(`  ✗ ${formatContentIssue(issue)}`);
  process.exitCode = 1;
}
