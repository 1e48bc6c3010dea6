import type { ProgressModel } from '../progress/progress-model.ts';

/** What a course page tells its scripts: the course, its content version and its progress model. */
export interface CourseContext {
  courseId: string;
  courseTitle: string;
  /** PUBLIC_ORIGIN at build time, or null to use the page's own origin. */
  origin: string | null;
  contentVersion: string;
  model: ProgressModel;
}

/** The id of the JSON script element a course page embeds its context in. */
export const courseContextElementId = 'icrm-course-context';
