/** Validates the course content and prints every fault with its file and field; exits 1 when any is found. */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { formatContentIssue, type ContentIssue } from '../src/core/course/content-issues.ts';
import { courseQuizFairness, describeQuizFairness } from '../src/core/quiz/quiz-fairness.ts';
import { describeAuthoredFirst, describeScenarioFairness, describeScenarioFigures } from '../src/core/scenario/figures-text.ts';
import { checkContentDir } from './lib/content-files.ts';

const { values } = parseArgs({ options: { content: { type: 'string', default: 'content' } } });
const contentDir = resolve(values.content);
const result = await checkContentDir(contentDir);

const issues: ContentIssue[] = result.ok ? [] : [...result.issues];

if (result.ok && issues.length === 0) {
  const { course, lessons, glossary, scenarios } = result.content;
  console.log(`内容检查通过：${course.modules.length} 个模块，${lessons.length} 节课，${glossary.length} 个术语。`);
  const { agendas, worksheets } = result.content.facilitator;
  console.log(`讲师资料：${agendas.length} 个议程模板（${agendas.map((agenda) => agenda.title).join('、')}），${worksheets.length} 张工作表。`);
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
  for (const { scenario, figures } of scenarios) {
    console.log(`  · ${describeScenarioFigures(scenario, figures)}`);
    for (const line of describeScenarioFairness(scenario, figures)) console.log(`      ${line}`);
  }
  if (scenarios.length > 0) {
    const { summary, warnings } = describeAuthoredFirst(scenarios);
    console.log(`  ${summary}。`);
    for (const warning of warnings) console.warn(`  ⚠ ${warning}`);
  }
} else {
  console.error(`内容检查发现 ${issues.length} 个问题：`);
  for (const issue of issues) console.error(`  ✗ ${formatContentIssue(issue)}`);
  process.exitCode = 1;
}
