import type { ZodIssue } from 'zod';
import { describeZodIssue, type ContentIssue } from '../course/content-issues.ts';
import { findLessonSection, type LessonSection } from '../course/lesson-sections.ts';
import { LessonSyntaxError, splitLesson, type EmbeddedActivity } from '../course/lesson-tree.ts';
import type { Course } from '../course/schemas/course.ts';
import type { RawContentFile } from '../course/validate-course.ts';
import { formatFieldPath } from '../field-path.ts';
import { courseQuizFairness, fairnessFaults } from './quiz-fairness.ts';
import { QuizBankSchema, type FinalBank, type PracticeQuiz, type Question, type QuizBank } from './schemas/quiz.ts';

/** A lesson as the quiz checks need it: its id (the file name), its file and its MDX source. */
export interface LessonSource {
  id: string;
  file: string;
  source: string;
}

export interface QuizContentInput {
  /** Every file of content/quizzes, parsed but unvalidated; `basename` is the file name without extension. */
  banks: RawContentFile[];
  lessons: LessonSource[];
  /** The validated course and its file, when it is valid: the final bank is checked against its completion rules. */
  course?: { file: string; course: Course };
  /** How quiz files are shown in messages, e.g. `content/quizzes/`. */
  quizDir: string;
}

export interface QuizContent {
  practice: PracticeQuiz[];
  final: FinalBank[];
}

export type QuizValidation = { ok: true; quizzes: QuizContent } | { ok: false; issues: ContentIssue[] };

const practicePrefix = 'quiz-';
const finalPrefix = 'final-';

/**
 * Validates every quiz bank and the references between banks and lessons: question keys, ids unique across
 * banks, the lesson sections questions point to, and the `<Quiz id="…" />` tags lessons embed.
 */
export function validateQuizContent(input: QuizContentInput): QuizValidation {
  const issues: ContentIssue[] = [];
  const banks: { file: RawContentFile; bank: QuizBank }[] = [];
  for (const file of input.banks) {
    const parsed = QuizBankSchema.safeParse(file.data);
    if (parsed.success) banks.push({ file, bank: parsed.data });
    else issues.push(...parsed.error.issues.map((issue) => toContentIssue(file.file, issue)));
  }

  // A lesson whose MDX does not parse is reported once here; nothing is said about its sections or quizzes.
  const sections = new Map<string, LessonSection[] | undefined>();
  const embedded = new Map<string, EmbeddedActivity[]>();
  for (const lesson of input.lessons) {
    try {
      const tree = splitLesson(lesson.source);
      sections.set(lesson.id, tree.sections.map(({ heading, anchor }) => ({ heading, anchor })));
      embedded.set(lesson.id, tree.quizzes);
    } catch (error) {
      if (!(error instanceof LessonSyntaxError)) throw error;
      sections.set(lesson.id, undefined);
      issues.push({ file: lesson.file, field: error.line ? `第 ${error.line} 行` : '', message: `MDX 语法错误：${error.reason}` });
    }
  }
  const bankIds = new Map<string, string>();
  const questionIds = new Map<string, string>();
  for (const { file, bank } of banks) {
    issues.push(...checkBankName(file, bank, input.quizDir));
    const first = bankIds.get(bank.id);
    if (first) issues.push({ file: file.file, field: 'id', message: `题库 id “${bank.id}”重复，已用于 ${first}` });
    else bankIds.set(bank.id, file.file);
    bank.questions.forEach((question, i) => {
      const field = `questions[${i}]`;
      const seen = questionIds.get(question.id);
      if (seen) {
        issues.push({ file: file.file, field: `${field}.id`, message: `题目 id “${question.id}”重复，已用于 ${seen}` });
      } else questionIds.set(question.id, `${file.file} › ${field}`);
      issues.push(...checkQuestion(file.file, field, question, sections));
    });
    if (bank.kind === 'practice') issues.push(...checkPracticeLesson(file.file, bank, sections));
  }

  // A bank with a schema fault still exists: a lesson that embeds it must not be told it is missing too.
  const presentBankIds = new Set(input.banks.map(presentBankId).filter((id) => id !== undefined));
  issues.push(...checkEmbeddedQuizzes(input.lessons, embedded, banks, presentBankIds, input.quizDir));
  const final = banks.filter((entry): entry is { file: RawContentFile; bank: FinalBank } => entry.bank.kind === 'final');
  if (input.course) {
    issues.push(...checkFinalBanks(input.course.course, final, input.lessons, input.quizDir));
    issues.push(...checkRequiredQuizzes(input.course.file, input.course.course, banks.map(({ bank }) => bank)));
  }

  if (input.course && final.length === 1) {
    issues.push(...checkFairness(input.course.course, banks.map(({ bank }) => bank), final[0]!, input.lessons, input.quizDir));
  }

  if (issues.length > 0 || banks.length !== input.banks.length) return { ok: false, issues };
  return {
    ok: true,
    quizzes: {
      practice: banks.flatMap(({ bank }) => (bank.kind === 'practice' ? [bank] : [])),
      final: final.map(({ bank }) => bank),
    },
  };
}

const typeNames: Record<Question['type'], string> = {
  single: '单选题',
  multiple: '多选题',
  situational: '情境题',
  'true-false': '判断题',
  ordering: '排序题',
  matching: '配对题',
};

function toContentIssue(file: string, issue: ZodIssue): ContentIssue {
  const field = formatFieldPath(issue.path);
  if (issue.code === 'invalid_union_discriminator') {
    const kind = issue.path.at(-1) === 'kind';
    return {
      file,
      field,
      message: kind
        ? `kind 应为 practice（练习）或 final（结业题库）`
        : `题型无效，可选：${issue.options.map((option) => `${String(option)}（${typeNames[option as Question['type']]}）`).join('、')}`,
    };
  }
  return { file, field, message: describeZodIssue(issue) };
}

function checkBankName(file: RawContentFile, bank: QuizBank, quizDir: string): ContentIssue[] {
  const issues: ContentIssue[] = [];
  if (file.basename !== undefined && file.basename !== bank.id) {
    issues.push({ file: file.file, field: 'id', message: `id “${bank.id}”应与文件名 “${file.basename}”一致` });
  }
  if (bank.kind === 'final' && !bank.id.startsWith(finalPrefix)) {
    issues.push({
      file: file.file,
      field: 'id',
      message: `结业题库的 id 和文件名必须以 ${finalPrefix} 开头（如 ${quizDir}${finalPrefix}assessment.yaml），答案才不会被打包进网页`,
    });
  }
  if (bank.kind === 'practice' && !bank.id.startsWith(practicePrefix)) {
    issues.push({
      file: file.file,
      field: 'id',
      message: `练习的 id 和文件名必须以 ${practicePrefix} 开头（如 ${practicePrefix}${bank.lesson}），网站只加载这样命名的练习`,
    });
  }
  return issues;
}

function checkQuestion(
  file: string,
  field: string,
  question: Question,
  sections: Map<string, LessonSection[] | undefined>,
): ContentIssue[] {
  const issues: ContentIssue[] = [];
  const say = (at: string, message: string) => issues.push({ file, field: at, message: `题目 “${question.id}”${message}` });

  if (!question.principle && !question.method) {
    say(field, '没有注明所属的原则（principle）或方法（method）');
  }

  const lessonSectionList = sections.get(question.section.lesson);
  if (!sections.has(question.section.lesson)) {
    say(`${field}.section.lesson`, `引用的课程 “${question.section.lesson}”不存在`);
  } else if (lessonSectionList && !findLessonSection(lessonSectionList, question.section.heading)) {
    say(
      `${field}.section.heading`,
      `引用的小节 “${question.section.heading}”不在课程 “${question.section.lesson}”中；该课的 ## 小节有：${lessonSectionList
        .map((section) => section.heading)
        .join('、')}`,
    );
  }

  switch (question.type) {
    case 'single':
    case 'situational':
    case 'multiple': {
      duplicates(question.options.map((option) => option.id)).forEach((id) => say(`${field}.options`, `的选项 id “${id}”重复`));
      const correct = question.options.filter((option) => option.correct).map((option) => option.id);
      if (correct.length === 0) say(`${field}.options`, '没有正确答案：请把至少一个选项标为 correct: true');
      else if (question.type !== 'multiple' && correct.length > 1) {
        say(`${field}.options`, `是${typeNames[question.type]}，却有 ${correct.length} 个正确答案（${correct.join('、')}）`);
      }
      break;
    }
    case 'ordering':
      duplicates(question.items.map((item) => item.id)).forEach((id) => say(`${field}.items`, `的步骤 id “${id}”重复`));
      break;
    case 'matching': {
      const rightIds = new Set(question.right.map((item) => item.id));
      duplicates(question.left.map((item) => item.id)).forEach((id) => say(`${field}.left`, `的左侧 id “${id}”重复`));
      duplicates(question.right.map((item) => item.id)).forEach((id) => say(`${field}.right`, `的右侧 id “${id}”重复`));
      const partners = new Map<string, string[]>();
      question.left.forEach((item, j) => {
        if (item.match === undefined) say(`${field}.left[${j}].match`, `的 “${item.id}”没有配对对象：请用 match 写出它在 right 中的 id`);
        else if (!rightIds.has(item.match)) {
          say(`${field}.left[${j}].match`, `的 “${item.id}”配对的 “${item.match}”不在 right 中`);
        } else partners.set(item.match, [...(partners.get(item.match) ?? []), item.id]);
      });
      question.right.forEach((item, j) => {
        const matched = partners.get(item.id) ?? [];
        if (matched.length === 0) say(`${field}.right[${j}]`, `的右侧 “${item.id}”没有配对对象：没有哪个左侧项的 match 指向它`);
        if (matched.length > 1) say(`${field}.right[${j}]`, `的右侧 “${item.id}”同时与 ${matched.join('、')} 配对，只能配一个`);
      });
      break;
    }
    case 'true-false':
      break;
  }
  return issues;
}

function duplicates(ids: string[]): string[] {
  return [...new Set(ids.filter((id, i) => ids.indexOf(id) !== i))];
}

function checkPracticeLesson(file: string, quiz: PracticeQuiz, sections: Map<string, LessonSection[] | undefined>): ContentIssue[] {
  if (!sections.has(quiz.lesson)) return [{ file, field: 'lesson', message: `练习所属的课程 “${quiz.lesson}”不存在` }];
  return [];
}

function presentBankId(file: RawContentFile): string | undefined {
  const id = (file.data as { id?: unknown } | undefined)?.id;
  return typeof id === 'string' ? id : file.basename;
}

function checkEmbeddedQuizzes(
  lessons: LessonSource[],
  embedded: Map<string, EmbeddedActivity[]>,
  banks: { file: RawContentFile; bank: QuizBank }[],
  presentBankIds: Set<string>,
  quizDir: string,
): ContentIssue[] {
  const issues: ContentIssue[] = [];
  const byId = new Map(banks.map(({ bank }) => [bank.id, bank]));
  const embeddedIn = new Map<string, string>();
  for (const lesson of lessons) {
    const tags = embedded.get(lesson.id);
    if (!tags) continue;
    if (tags.length > 1) {
      issues.push({
        file: lesson.file,
        field: `第 ${tags[1]!.line} 行`,
        message: '一节课只能嵌入一个练习（<Quiz id="…" />）',
      });
    }
    for (const tag of tags) {
      const field = `第 ${tag.line} 行`;
      if (tag.id === null) {
        issues.push({ file: lesson.file, field, message: '<Quiz> 缺少 id：写成 <Quiz id="quiz-…" />' });
        continue;
      }
      const bank = byId.get(tag.id);
      if (!bank && presentBankIds.has(tag.id)) continue;
      if (!bank) {
        issues.push({
          file: lesson.file,
          field,
          message: `<Quiz id="${tag.id}" /> 指向的练习不存在（应有文件 ${quizDir}${tag.id}.yaml）`,
        });
      } else if (bank.kind === 'final') {
        issues.push({ file: lesson.file, field, message: `结业题库 “${tag.id}”不能嵌入课程：它的答案只在服务器上使用` });
      } else if (bank.lesson !== lesson.id) {
        issues.push({
          file: lesson.file,
          field,
          message: `练习 “${tag.id}”属于课程 “${bank.lesson}”，不能嵌入本课（或改它的 lesson 字段）`,
        });
      } else embeddedIn.set(tag.id, lesson.id);
    }
  }
  for (const { file, bank } of banks) {
    if (bank.kind !== 'practice' || embeddedIn.has(bank.id) || !embedded.has(bank.lesson)) continue;
    issues.push({
      file: file.file,
      field: 'lesson',
      message: `练习没有嵌入课程 “${bank.lesson}”：请在该课 <KeyPoints> 之前单独一行写 <Quiz id="${bank.id}" />`,
    });
  }
  return issues;
}

function checkFinalBanks(
  course: Course,
  final: { file: RawContentFile; bank: FinalBank }[],
  lessons: LessonSource[],
  quizDir: string,
): ContentIssue[] {
  const drawn = course.completion.finalAssessment.questions;
  if (final.length === 0) {
    return [
      {
        file: `${quizDir}${finalPrefix}assessment.yaml`,
        field: '',
        message: `缺少结业测验题库（course.yaml 要求从题库中抽取 ${drawn} 题）`,
      },
    ];
  }
  if (final.length > 1) {
    return final.slice(1).map(({ file }) => ({
      file: file.file,
      field: 'kind',
      message: `只能有一个结业题库，已有 ${final[0]!.file.file}`,
    }));
  }
  const { file, bank } = final[0]!;
  const issues: ContentIssue[] = [];
  const named = course.completion.finalAssessment.bank;
  if (bank.id !== named) {
    // The bank's id is the assessment's activity id: the server, the progress fold and the reports must agree on it.
    issues.push({
      file: file.file,
      field: 'id',
      message: `结业题库的 id 是 “${bank.id}”，但 course.yaml › completion.finalAssessment.bank 写的是 “${named}”：两处必须一致`,
    });
  }
  if (bank.questions.length <= drawn) {
    issues.push({
      file: file.file,
      field: 'questions',
      message: `题库有 ${bank.questions.length} 题，必须多于每次抽取的 ${drawn} 题（course.yaml › completion.finalAssessment.questions）`,
    });
  }
  const present = new Set(lessons.map((lesson) => lesson.id));
  const tested = new Set(bank.questions.map((question) => question.section.lesson));
  for (const module of course.modules) {
    if (!module.lessons.some((id) => present.has(id))) continue;
    if (!module.lessons.some((id) => tested.has(id))) {
      issues.push({ file: file.file, field: 'questions', message: `题库没有考到模块 “${module.title}”（${module.id}）中的任何一课` });
    }
  }
  return issues;
}

/** Turns the fairness thresholds a course breaks into issues, so the check and the build stop on them. */
function checkFairness(
  course: Course,
  banks: QuizBank[],
  final: { file: RawContentFile; bank: FinalBank },
  lessons: LessonSource[],
  quizDir: string,
): ContentIssue[] {
  const present = new Set(lessons.map((lesson) => lesson.id));
  const fairness = courseQuizFairness({
    lessons: course.modules.flatMap((module) => module.lessons).filter((id) => present.has(id)),
    drawn: course.completion.finalAssessment.questions,
    practice: banks.filter((bank) => bank.kind === 'practice'),
    final: final.bank,
  });
  return fairnessFaults(fairness).map((fault) => ({
    file: fault.bank === 'final' ? final.file.file : `${quizDir}${practicePrefix}*.yaml`,
    field: 'questions',
    message: fault.message,
  }));
}

function checkRequiredQuizzes(courseFile: string, course: Course, banks: QuizBank[]): ContentIssue[] {
  const required = course.completion.practiceQuizzes;
  if (required === 'all') return [];
  const practice = new Set(banks.filter((bank) => bank.kind === 'practice').map((bank) => bank.id));
  return required.flatMap((id, i) =>
    practice.has(id) ? [] : [{ file: courseFile, field: `completion.practiceQuizzes[${i}]`, message: `必做练习 “${id}”不存在` }],
  );
}
