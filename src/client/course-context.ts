import { courseContextElementId, type CourseContext } from '../core/course/course-context';

/** Reads the course context a course page embeds, or undefined on pages outside a course. */
export function readCourseContext(doc: Document = document): CourseContext | undefined {
  const element = doc.getElementById(courseContextElementId);
  return element?.textContent ? (JSON.parse(element.textContent) as CourseContext) : undefined;
}
