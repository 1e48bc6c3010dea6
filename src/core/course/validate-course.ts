import { CourseSchema, type Course } from './schemas/course.ts';
import { LessonSchema, type Lesson } from './schemas/lesson.ts';
import { GlossarySchema, type GlossaryEntry } from './schemas/glossary.ts';
import { zodErrorToContentIssues, type ContentIssue } from './content-issues.ts';

/** A content file as read from disk: where it came from and its parsed, unvalidated data. */
export interface RawContentFile {
  file: string;
  data: unknown;
  /** The file's name without directory and extension, for files whose id must match it. */
  basename?: string;
}

export interface RawCourseContent {
  course: RawContentFile;
  lessons: RawContentFile[];
  glossary: RawContentFile;
}

export interface ValidCourseContent {
  course: Course;
  lessons: Lesson[];
  glossary: GlossaryEntry[];
}

export type CourseValidation =
  | { ok: true; content: ValidCourseContent }
  | { ok: false; issues: ContentIssue[] };

/** Validates every content file and then the references between them. */
export function validateCourseContent(raw: RawCourseContent): CourseValidation {
  const issues: ContentIssue[] = [];

  const course = CourseSchema.safeParse(raw.course.data);
  if (!course.success) issues.push(...zodErrorToContentIssues(raw.course.file, course.error));

  const lessons: { file: RawContentFile; lesson: Lesson }[] = [];
  for (const file of raw.lessons) {
    const parsed = LessonSchema.safeParse(file.data);
    if (parsed.success) lessons.push({ file, lesson: parsed.data });
    else issues.push(...zodErrorToContentIssues(file.file, parsed.error));
  }

  const glossary = GlossarySchema.safeParse(raw.glossary.data);
  if (!glossary.success) issues.push(...zodErrorToContentIssues(raw.glossary.file, glossary.error));

  // A lesson with a schema fault still exists: references to it must not be reported as missing too.
  const presentLessonIds = new Set(raw.lessons.map(presentLessonId).filter((id) => id !== undefined));
  // Cross-checks only make sense between files that are themselves valid.
  if (course.success) issues.push(...checkCourse(raw.course.file, course.data));
  if (course.success) issues.push(...checkLessonsAgainstCourse(raw.course.file, course.data, lessons, presentLessonIds));
  if (glossary.success) {
    issues.push(...checkGlossary(raw.glossary.file, glossary.data, presentLessonIds));
    issues.push(...checkKeyTerms(lessons, new Set(glossary.data.map((entry) => entry.term))));
  }

  if (issues.length > 0 || !course.success || !glossary.success) return { ok: false, issues };
  return {
    ok: true,
    content: { course: course.data, lessons: lessons.map(({ lesson }) => lesson), glossary: glossary.data },
  };
}

function presentLessonId(file: RawContentFile): string | undefined {
  const id = (file.data as { id?: unknown } | undefined)?.id;
  return typeof id === 'string' ? id : file.basename;
}

function checkCourse(file: string, course: Course): ContentIssue[] {
  const issues: ContentIssue[] = [];
  const moduleIndex = new Map<string, number>();
  course.modules.forEach((module, i) => {
    const first = moduleIndex.get(module.id);
    if (first !== undefined) {
      issues.push({ file, field: `modules[${i}].id`, message: `模块 id “${module.id}”重复（已用于 modules[${first}]）` });
    } else moduleIndex.set(module.id, i);
  });
  const lessonPlace = new Map<string, string>();
  course.modules.forEach((module, i) =>
    module.lessons.forEach((lessonId, j) => {
      const field = `modules[${i}].lessons[${j}]`;
      const first = lessonPlace.get(lessonId);
      if (first) issues.push({ file, field, message: `课程 “${lessonId}”被列出两次（已在 ${first}）` });
      else lessonPlace.set(lessonId, field);
    }),
  );
  const required = course.completion.lessons;
  if (required !== 'all') {
    required.forEach((lessonId, i) => {
      if (!lessonPlace.has(lessonId)) {
        issues.push({
          file,
          field: `completion.lessons[${i}]`,
          message: `必修课程 “${lessonId}”没有出现在任何模块中`,
        });
      }
    });
  }
  return issues;
}

function checkLessonsAgainstCourse(
  courseFile: string,
  course: Course,
  lessons: { file: RawContentFile; lesson: Lesson }[],
  presentLessonIds: Set<string>,
): ContentIssue[] {
  const issues: ContentIssue[] = [];
  const modules = new Map(course.modules.map((module) => [module.id, module]));
  const seen = new Map<string, string>();
  for (const { file, lesson } of lessons) {
    const duplicateOf = seen.get(lesson.id);
    if (duplicateOf) {
      issues.push({ file: file.file, field: 'id', message: `课程 id “${lesson.id}”重复，已用于 ${duplicateOf}` });
      continue;
    }
    seen.set(lesson.id, file.file);
    if (file.basename !== undefined && file.basename !== lesson.id) {
      issues.push({
        file: file.file,
        field: 'id',
        message: `id “${lesson.id}”应与文件名 “${file.basename}”一致（页面地址由它决定）`,
      });
    }
    const module = modules.get(lesson.module);
    if (!module) {
      issues.push({
        file: file.file,
        field: 'module',
        message: `模块 “${lesson.module}”不存在；course.yaml 中的模块有：${[...modules.keys()].join('、')}`,
      });
      continue;
    }
    const position = module.lessons.indexOf(lesson.id) + 1;
    if (position === 0) {
      const listedIn = course.modules.find((m) => m.lessons.includes(lesson.id));
      issues.push({
        file: file.file,
        field: 'module',
        message: listedIn
          ? `写的是模块 “${lesson.module}”，但 course.yaml 把它列在模块 “${listedIn.id}”下`
          : `课程没有列在 course.yaml 模块 “${lesson.module}”的 lessons 中`,
      });
    } else if (position !== lesson.order) {
      issues.push({
        file: file.file,
        field: 'order',
        message: `order 为 ${lesson.order}，但在 course.yaml 模块 “${module.id}”中排第 ${position}`,
      });
    }
  }
  course.modules.forEach((module, i) =>
    module.lessons.forEach((lessonId, j) => {
      if (!presentLessonIds.has(lessonId)) {
        issues.push({
          file: courseFile,
          field: `modules[${i}].lessons[${j}]`,
          message: `找不到课程 “${lessonId}”（应有文件 content/lessons/${lessonId}.mdx）`,
        });
      }
    }),
  );
  return issues;
}

function checkGlossary(file: string, glossary: GlossaryEntry[], lessonIds: Set<string>): ContentIssue[] {
  const issues: ContentIssue[] = [];
  const terms = new Map<string, number>();
  glossary.forEach((entry, i) => {
    const first = terms.get(entry.term);
    if (first !== undefined) issues.push({ file, field: `[${i}].term`, message: `术语 “${entry.term}”重复（已在 [${first}]）` });
    else terms.set(entry.term, i);
  });
  // A name must lead to one entry only: an alias that is also a term or another entry's alias would be ambiguous.
  const aliasOwner = new Map<string, number>();
  glossary.forEach((entry, i) =>
    entry.aliases.forEach((alias, j) => {
      const field = `[${i}].aliases[${j}]`;
      const term = terms.get(alias);
      const owner = aliasOwner.get(alias);
      if (term !== undefined) {
        issues.push({ file, field, message: term === i ? '别名与术语本身相同' : `别名 “${alias}”已是术语 [${term}]` });
      } else if (owner !== undefined) {
        issues.push({ file, field, message: `别名 “${alias}”已是 [${owner}] “${glossary[owner]!.term}”的别名` });
      } else aliasOwner.set(alias, i);
    }),
  );
  glossary.forEach((entry, i) => {
    entry.lessons.forEach((lessonId, j) => {
      if (!lessonIds.has(lessonId)) {
        issues.push({ file, field: `[${i}].lessons[${j}]`, message: `术语 “${entry.term}”指向的课程 “${lessonId}”不存在` });
      }
    });
    entry.related.forEach((term, j) => {
      if (!terms.has(term)) {
        issues.push({ file, field: `[${i}].related[${j}]`, message: `相关术语 “${term}”不在术语表中` });
      } else if (term === entry.term) {
        issues.push({ file, field: `[${i}].related[${j}]`, message: '术语不能与自己相关' });
      }
    });
  });
  return issues;
}

function checkKeyTerms(lessons: { file: RawContentFile; lesson: Lesson }[], terms: Set<string>): ContentIssue[] {
  return lessons.flatMap(({ file, lesson }) =>
    lesson.keyTerms.flatMap((term, i) =>
      terms.has(term)
        ? []
        : [{ file: file.file, field: `keyTerms[${i}]`, message: `关键术语 “${term}”不在 content/glossary.yaml 中` }],
    ),
  );
}
