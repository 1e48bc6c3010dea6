import { createHash } from 'node:crypto';
import { getCollection, getEntry, type CollectionEntry } from 'astro:content';
import { buildCourseOutline, type CourseOutline } from '../core/course/outline';
import { lessonSections } from '../core/course/lesson-sections';
import { playableQuiz, progressQuizzes, quizSearchSource, type PlayableQuiz } from '../core/quiz/practice-quiz';
import { buildProgressModel, type ProgressModel } from '../core/progress/progress-model';
import type { CourseContext } from '../core/course/course-context';
import type { Course } from '../core/course/schemas/course';
import type { GlossaryEntry } from '../core/course/schemas/glossary';
import type { SearchSources } from '../core/search/documents';
import { loadScenarios } from './scenario-content';

export interface CourseContent {
  course: Course;
  outline: CourseOutline;
  lessonEntries: Map<string, CollectionEntry<'lessons'>>;
  progressModel: ProgressModel;
  /** A hash of the course's content, recorded with every statement so answers stay tied to what was studied. */
  contentVersion: string;
}

const loadedCourses = new Map<string, Promise<CourseContent>>();

/**
 * Loads a course with its ordered outline and its lesson entries, ready to render. A built server loads each course
 * once (its content cannot change under it); the dev server reloads it so authors see their edits.
 */
export function loadCourse(courseId: string): Promise<CourseContent> {
  if (!import.meta.env.PROD) return readCourse(courseId);
  let course = loadedCourses.get(courseId);
  if (!course) {
    course = readCourse(courseId);
    course.catch(() => loadedCourses.delete(courseId));
    loadedCourses.set(courseId, course);
  }
  return course;
}

async function readCourse(courseId: string): Promise<CourseContent> {
  const entry = await getEntry('courses', courseId);
  if (!entry) throw new Error(`Course "${courseId}" is not in content/course.yaml`);
  const lessonEntries = new Map((await getCollection('lessons')).map((lesson) => [lesson.data.id, lesson]));
  const lessons = [...lessonEntries.values()].map((lesson) => lesson.data);
  const quizzes = (await getCollection('quizzes')).map((quiz) => quiz.data).sort((a, b) => a.id.localeCompare(b.id));
  const hash = createHash('sha256').update(JSON.stringify(entry.data));
  for (const lesson of [...lessonEntries.values()].sort((a, b) => a.id.localeCompare(b.id))) {
    hash.update(lesson.id).update(lesson.body ?? '');
  }
  for (const quiz of quizzes) hash.update(JSON.stringify(quiz));
  const outline = buildCourseOutline(entry.data, lessons);
  // Scenarios in the order of the lessons they belong to, so reports list them as the course meets them.
  const lessonOrder = outline.lessons.map((lesson) => lesson.id);
  const scenarios = (await loadScenarios()).sort(
    (a, b) => lessonOrder.indexOf(a.lesson) - lessonOrder.indexOf(b.lesson) || a.id.localeCompare(b.id),
  );
  for (const scenario of scenarios) hash.update(JSON.stringify(scenario));
  return {
    course: entry.data,
    outline,
    lessonEntries,
    progressModel: buildProgressModel(entry.data, lessons, {
      quizzes: progressQuizzes(entry.data, quizzes),
      scenarios: scenarios.map(({ id, title }) => ({ id, title })),
    }),
    contentVersion: hash.digest('hex').slice(0, 16),
  };
}

/** Returns what a course page embeds for its scripts (see client/course-context.ts). */
export function courseContextOf(content: CourseContent, site: URL | undefined): CourseContext {
  return {
    courseId: content.course.id,
    courseTitle: content.course.title,
    origin: site ? site.origin : null,
    contentVersion: content.contentVersion,
    model: content.progressModel,
  };
}

/** Loads a practice quiz for its island, with the lesson section each question sends a learner back to. */
export async function loadPlayableQuiz(quizId: string): Promise<PlayableQuiz> {
  const entry = await getEntry('quizzes', quizId);
  if (!entry) throw new Error(`Practice quiz "${quizId}" is not in content/quizzes`);
  const lessons = new Map((await getCollection('lessons')).map((lesson) => [lesson.data.id, lesson.body ?? '']));
  return playableQuiz(entry.data, (lessonId) => lessonSections(lessons.get(lessonId) ?? ''));
}

/** Lists every course, for the catalogue. */
export async function loadCourses(): Promise<CourseContent[]> {
  const courses = await getCollection('courses');
  return Promise.all(courses.map((course) => loadCourse(course.id)));
}

/** Returns the glossary sorted the way a Chinese index is: by pinyin. */
export async function loadGlossary(): Promise<GlossaryEntry[]> {
  const collator = new Intl.Collator('zh-CN-u-co-pinyin');
  return (await getCollection('glossary'))
    .map((entry) => entry.data)
    .sort((a, b) => collator.compare(a.term, b.term));
}

/** Loads what the search index is built from: the first course's lessons with their MDX bodies, and the glossary. */
export async function loadSearchSources(): Promise<SearchSources> {
  const [primary] = await loadCourses();
  if (!primary) throw new Error('content/course.yaml defines no course to index');
  return {
    courseId: primary.course.id,
    lessons: primary.outline.lessons.map((lesson) => ({
      ...lesson,
      body: primary.lessonEntries.get(lesson.id)?.body ?? '',
    })),
    // The file's own order, which starts with the course's core ideas: empty-result suggestions come from it.
    glossary: (await getCollection('glossary')).map((entry) => entry.data),
    quizzes: (await getCollection('quizzes')).map((entry) => quizSearchSource(entry.data)),
  };
}
