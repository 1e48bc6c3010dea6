import { readFile, readdir } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import type { ContentIssue } from '../../src/core/course/content-issues.ts';
import { checkGlossaryLinks } from '../../src/core/course/glossary-links.ts';
import { checkHouseStyle } from '../../src/core/course/house-style.ts';
import { lessonReaderText } from '../../src/core/course/lesson-text.ts';
import { LessonSyntaxError, splitFrontmatter, splitLesson } from '../../src/core/course/lesson-tree.ts';
import { CourseSchema } from '../../src/core/course/schemas/course.ts';
import {
  validateCourseContent,
  type RawContentFile,
  type ValidCourseContent,
} from '../../src/core/course/validate-course.ts';
import { validateQuizContent, type LessonSource, type QuizContent } from '../../src/core/quiz/validate-quizzes.ts';
import { checkScenarios, type CheckedScenario, type LessonOutline } from '../../src/core/scenario/check-scenarios.ts';
import { validateFacilitatorContent, type FacilitatorContent } from '../../src/core/facilitator/validate-facilitator-content.ts';

type Read = { file: RawContentFile } | { issue: ContentIssue };

/** Returns an MDX file's body: its text after the frontmatter block. */
export function stripFrontmatter(source: string): string {
  return splitFrontmatter(source).body;
}

type CourseFilesValidation =
  | { ok: true; content: ValidCourseContent & { quizzes: QuizContent } }
  | { ok: false; issues: ContentIssue[] };

/** The outcome of checking the content directory: every valid file (scenarios proven sound and measured), or every fault found. */
export type ContentValidation =
  | { ok: true; content: ValidCourseContent & { quizzes: QuizContent; scenarios: CheckedScenario[]; facilitator: FacilitatorContent } }
  | { ok: false; issues: ContentIssue[] };

/** Reads the course content under `contentDir` and validates it; file names are shown relative to `rootDir`. */
export async function checkContentDir(contentDir: string, rootDir = process.cwd()): Promise<ContentValidation> {
  const course = await checkCourseFiles(contentDir, rootDir);
  const scenarios = await checkScenarioFiles(contentDir, rootDir);
  const facilitator = await checkFacilitatorFiles(contentDir, rootDir);
  const faults = [...(course.ok ? [] : course.issues), ...scenarios.issues, ...(facilitator.ok ? [] : facilitator.issues)];
  // A file that is already broken gets its own fault, not a second one about its punctuation.
  const faulty = new Set(faults.map((issue) => issue.file));
  const style = (await checkStyleAndGlossaryLinks(contentDir, rootDir, course.ok ? course.content : undefined)).filter((issue) => !faulty.has(issue.file));
  if (course.ok && scenarios.issues.length === 0 && facilitator.ok && style.length === 0) {
    return { ok: true, content: { ...course.content, scenarios: scenarios.scenarios, facilitator: facilitator.content } };
  }
  return { ok: false, issues: [...faults, ...style] };
}

// House style (“” quotes, full-width punctuation) covers every folder and file of content/.
const houseStyleScope = ['lessons', 'quizzes', 'scenarios', 'glossary.yaml', 'course.yaml', 'facilitator/agendas', 'facilitator/worksheets', 'facilitator/kit.yaml'];

/** House style over the content files, and glossary links only to lessons that use the term. */
async function checkStyleAndGlossaryLinks(contentDir: string, rootDir: string, content: ValidCourseContent | undefined): Promise<ContentIssue[]> {
  const issues: ContentIssue[] = [];
  for (const entry of houseStyleScope) {
    const path = join(contentDir, entry);
    const files = entry.endsWith('.yaml') ? [path] : (await readdir(path).catch(() => [])).sort().map((name) => join(path, name));
    for (const file of files) {
      const text = await readFile(file, 'utf8').catch(() => undefined);
      if (text !== undefined) issues.push(...checkHouseStyle({ file: relative(rootDir, file), text }));
    }
  }
  if (content) {
    const lessonTexts = new Map<string, string>();
    for (const { id, title, summary, objectives } of content.lessons) {
      const body = stripFrontmatter(await readFile(join(contentDir, 'lessons', `${id}.mdx`), 'utf8'));
      lessonTexts.set(id, [title, summary, ...objectives, lessonReaderText(body)].join('\n'));
    }
    issues.push(...checkGlossaryLinks(relative(rootDir, join(contentDir, 'glossary.yaml')), content.glossary, lessonTexts));
  }
  return issues;
}

async function checkCourseFiles(contentDir: string, rootDir: string): Promise<CourseFilesValidation> {
  const display = (path: string) => relative(rootDir, path) || path;
  const issues: ContentIssue[] = [];
  const take = (read: Read): RawContentFile | undefined => {
    if ('issue' in read) {
      issues.push(read.issue);
      return undefined;
    }
    return read.file;
  };

  const course = take(await readYamlFile(join(contentDir, 'course.yaml'), display));
  const glossary = take(await readYamlFile(join(contentDir, 'glossary.yaml'), display));
  const lessonsDir = join(contentDir, 'lessons');
  const lessonNames = (await readdir(lessonsDir).catch(() => [] as string[])).filter((name) => name.endsWith('.mdx')).sort();
  const lessons: RawContentFile[] = [];
  const lessonSources: LessonSource[] = [];
  for (const name of lessonNames) {
    const path = join(lessonsDir, name);
    const text = await readText(path, display);
    // An unreadable lesson still exists: it is passed on without data so nothing that names it is reported missing.
    const lesson = take(typeof text === 'string' ? parseFrontmatter(text, display(path)) : { issue: text }) ?? {
      file: display(path),
      data: undefined,
    };
    lessons.push({ ...lesson, basename: basename(name, '.mdx') });
    lessonSources.push({ id: basename(name, '.mdx'), file: display(path), source: typeof text === 'string' ? text : '' });
  }
  const quizzesDir = join(contentDir, 'quizzes');
  const quizNames = (await readdir(quizzesDir).catch(() => [] as string[])).filter((name) => name.endsWith('.yaml')).sort();
  const quizBanks: RawContentFile[] = [];
  for (const name of quizNames) {
    const path = join(quizzesDir, name);
    const bank = take(await readYamlFile(path, display)) ?? { file: display(path), data: undefined };
    quizBanks.push({ ...bank, basename: basename(name, '.yaml') });
  }

  const courseFile = course ?? { file: display(join(contentDir, 'course.yaml')), data: undefined };
  const validation = validateCourseContent({
    course: courseFile,
    glossary: glossary ?? { file: display(join(contentDir, 'glossary.yaml')), data: undefined },
    lessons,
  });
  const validCourse = CourseSchema.safeParse(courseFile.data);
  const quizzes = validateQuizContent({
    banks: quizBanks,
    lessons: lessonSources,
    course: validCourse.success ? { file: courseFile.file, course: validCourse.data } : undefined,
    quizDir: `${display(quizzesDir)}/`,
  });
  if (issues.length === 0 && validation.ok && quizzes.ok) {
    return { ok: true, content: { ...validation.content, quizzes: quizzes.quizzes } };
  }
  // A file that could not be read already has its own issue; its schema errors would only repeat it.
  const unreadable = new Set(issues.map((issue) => issue.file));
  const rest = [...(validation.ok ? [] : validation.issues), ...(quizzes.ok ? [] : quizzes.issues)];
  return { ok: false, issues: [...issues, ...rest.filter((issue) => !unreadable.has(issue.file))] };
}

async function checkScenarioFiles(contentDir: string, rootDir: string): Promise<ReturnType<typeof checkScenarios>> {
  const display = (path: string) => relative(rootDir, path) || path;
  const issues: ContentIssue[] = [];
  const files: RawContentFile[] = [];
  const scenariosDir = join(contentDir, 'scenarios');
  const names = (await readdir(scenariosDir).catch(() => [] as string[])).filter((name) => name.endsWith('.yaml')).sort();
  for (const name of names) {
    const path = join(scenariosDir, name);
    const read = await readYamlFile(path, display);
    if ('issue' in read) issues.push(read.issue);
    files.push({ ...('file' in read ? read.file : { file: display(path), data: undefined }), basename: basename(name, '.yaml') });
  }
  const lessonsDir = join(contentDir, 'lessons');
  const lessonNames = (await readdir(lessonsDir).catch(() => [] as string[])).filter((name) => name.endsWith('.mdx')).sort();
  const lessons: LessonOutline[] = [];
  for (const name of lessonNames) {
    const text = await readText(join(lessonsDir, name), display);
    if (typeof text === 'string') lessons.push(outlineLesson(basename(name, '.mdx'), display(join(lessonsDir, name)), text));
  }
  const checked = checkScenarios(files, lessons);
  return { issues: [...issues, ...checked.issues], scenarios: checked.scenarios };
}

/** Checks the trainer kit's agenda templates, worksheets and kit.yaml (content/facilitator/). */
async function checkFacilitatorFiles(contentDir: string, rootDir: string): Promise<ReturnType<typeof validateFacilitatorContent>> {
  const display = (path: string) => relative(rootDir, path) || path;
  const issues: ContentIssue[] = [];
  const readFolder = async (folder: string): Promise<RawContentFile[]> => {
    const dir = join(contentDir, 'facilitator', folder);
    const names = (await readdir(dir).catch(() => [] as string[])).filter((name) => name.endsWith('.yaml')).sort();
    const files: RawContentFile[] = [];
    for (const name of names) {
      const read = await readYamlFile(join(dir, name), display);
      if ('issue' in read) issues.push(read.issue);
      files.push({ ...('file' in read ? read.file : { file: display(join(dir, name)), data: undefined }), basename: basename(name, '.yaml') });
    }
    return files;
  };
  const agendas = await readFolder('agendas');
  const worksheets = await readFolder('worksheets');
  const kitRead = await readYamlFile(join(contentDir, 'facilitator', 'kit.yaml'), display);
  if ('issue' in kitRead) issues.push(kitRead.issue);
  const kit = 'file' in kitRead ? kitRead.file : { file: display(join(contentDir, 'facilitator', 'kit.yaml')), data: undefined };
  const lessonIds = new Set(
    (await readdir(join(contentDir, 'lessons')).catch(() => [] as string[])).filter((name) => name.endsWith('.mdx')).map((name) => basename(name, '.mdx')),
  );
  const validation = validateFacilitatorContent({ agendas, worksheets, kit, lessonIds });
  if (issues.length === 0) return validation;
  // A file that could not be read already has its own issue; its schema errors would only repeat it.
  const unreadable = new Set(issues.map((issue) => issue.file));
  return { ok: false, issues: [...issues, ...(validation.ok ? [] : validation.issues.filter((issue) => !unreadable.has(issue.file)))] };
}

/**
 * Reads a lesson's `##` section headings and its `<RolePlay id="…" />` tags with their lines. A lesson whose
 * MDX does not parse has unknown sections and no role-plays: the quiz checks report its syntax error.
 */
function outlineLesson(id: string, file: string, text: string): LessonOutline {
  try {
    const tree = splitLesson(text);
    return {
      id,
      file,
      sections: tree.sections.map((section) => section.heading),
      rolePlays: tree.rolePlays.flatMap(({ id: rolePlay, line }) => (rolePlay === null ? [] : [{ id: rolePlay, line }])),
    };
  } catch (error) {
    if (error instanceof LessonSyntaxError) return { id, file, sections: undefined, rolePlays: [] };
    throw error;
  }
}

async function readText(path: string, display: (path: string) => string): Promise<string | ContentIssue> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return { file: display(path), field: '', message: '文件不存在或无法读取' };
  }
}

async function readYamlFile(path: string, display: (path: string) => string): Promise<Read> {
  const text = await readText(path, display);
  if (typeof text !== 'string') return { issue: text };
  return parseYamlText(text, display(path), 0);
}

function parseFrontmatter(text: string, file: string): Read {
  const { yaml } = splitFrontmatter(text);
  if (yaml === undefined) {
    return { issue: { file, field: '', message: '缺少 frontmatter：文件必须以 --- 开头的 YAML 块开始' } };
  }
  return parseYamlText(yaml, file, 1);
}

function parseYamlText(text: string, file: string, lineOffset: number): Read {
  try {
    return { file: { file, data: parseYaml(text) } };
  } catch (error) {
    if (error instanceof YAMLParseError) {
      const line = (error.linePos?.[0].line ?? 0) + lineOffset;
      // The parser's own position is relative to the YAML block; the line reported above is the file's.
      const reason = (error.message.split('\n')[0] ?? error.message).replace(/ at line \d+, column \d+:?$/, '');
      return { issue: { file, field: line ? `第 ${line} 行` : '', message: `YAML 语法错误：${reason}` } };
    }
    throw error;
  }
}
