import type { Course, Module } from './schemas/course.ts';
import type { Lesson } from './schemas/lesson.ts';

export interface OutlineLesson extends Lesson {
  /** 1-based position in the whole course. */
  number: number;
  moduleTitle: string;
  previous: Lesson | undefined;
  next: Lesson | undefined;
}

export interface OutlineModule extends Omit<Module, 'lessons'> {
  /** 1-based position in the course. */
  number: number;
  lessons: OutlineLesson[];
  minutes: number;
}

export interface CourseOutline {
  modules: OutlineModule[];
  lessons: OutlineLesson[];
  minutes: number;
}

/** Orders the lessons as course.yaml lists them, with each lesson's neighbours across module borders. */
export function buildCourseOutline(course: Course, lessons: readonly Lesson[]): CourseOutline {
  const byId = new Map(lessons.map((lesson) => [lesson.id, lesson]));
  const ordered = course.modules.flatMap((module) =>
    module.lessons.map((id) => {
      const lesson = byId.get(id);
      if (!lesson) throw new Error(`course.yaml lists lesson "${id}", which does not exist`);
      return { lesson, module };
    }),
  );
  const outlineLessons: OutlineLesson[] = ordered.map(({ lesson, module }, i) => ({
    ...lesson,
    number: i + 1,
    moduleTitle: module.title,
    previous: ordered[i - 1]?.lesson,
    next: ordered[i + 1]?.lesson,
  }));
  const modules = course.modules.map((module, i) => {
    const moduleLessons = outlineLessons.filter((lesson) => module.lessons.includes(lesson.id));
    return {
      ...module,
      number: i + 1,
      lessons: moduleLessons,
      minutes: sumMinutes(moduleLessons),
    };
  });
  return { modules, lessons: outlineLessons, minutes: sumMinutes(outlineLessons) };
}

function sumMinutes(lessons: readonly Lesson[]): number {
  return lessons.reduce((total, lesson) => total + lesson.minutes, 0);
}
