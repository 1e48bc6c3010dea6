import { normaliseJoinCode } from '../../core/classroom/join-code.ts';
import { classroom } from './classroom-runtime.ts';
import { classroomContent } from './classroom-content.ts';
import { lessonsOf } from './classroom-service.ts';

/** A session's lessons as the presenter view needs them: ids and titles, in course order. */
export interface SessionLessons {
  code: string;
  title: string;
  courseId: string;
  lessons: { id: string; title: string; minutes: number }[];
}

/** Looks a session up by its join code and lists the lessons it teaches; undefined when there is no such session. */
export async function lessonsOfSession(codeInput: string): Promise<SessionLessons | undefined> {
  const code = normaliseJoinCode(codeInput);
  if (!code) return undefined;
  const { store } = await classroom();
  const row = await store.session(code);
  if (!row) return undefined;
  const content = await classroomContent(row.course_id);
  const minutes = new Map(content.modules.flatMap((module) => module.lessons.map((lesson) => [lesson.id, lesson.minutes] as const)));
  return {
    code: row.code,
    title: row.title,
    courseId: row.course_id,
    lessons: lessonsOf(row).map((id) => ({ id, title: content.lessons.get(id) ?? id, minutes: minutes.get(id) ?? 0 })),
  };
}
