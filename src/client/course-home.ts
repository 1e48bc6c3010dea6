import { liveQuery } from 'dexie';
import { reduceProgress, type ProgressReport } from '../core/progress/progress-reducer';
import { readCourseContext } from './course-context';
import { readStatements } from './learning-record';
import { deviceDb } from './learner-session';
import { setUiText, uiString } from './ui-text';

/** Fills the course home's progress bars, lesson ticks and 继续学习 link from the device log, live. */
async function showCourseProgress(): Promise<void> {
  const context = readCourseContext();
  if (!context) return;
  const db = await deviceDb();
  liveQuery(() => readStatements(db)).subscribe((statements) => render(reduceProgress(context.model, statements), context.courseId));
}

function setProgress(bar: HTMLProgressElement | null, share: number): void {
  if (!bar) return;
  bar.max = 100;
  bar.value = Math.round(share * 100);
}

function render(report: ProgressReport, courseId: string): void {
  const done = report.lessons.filter((lesson) => lesson.status === 'completed').length;
  setProgress(document.querySelector('[data-course-progress-bar]'), report.share);
  const summary = document.querySelector<HTMLElement>('[data-course-progress-summary]');
  if (summary) {
    setUiText(summary, 'course.progressSummary', {
      done,
      total: report.lessons.length,
      percent: Math.round(report.share * 100),
    });
  }
  const resume = document.querySelector<HTMLAnchorElement>('[data-continue]');
  if (resume) {
    const target = report.nextLessonId ?? report.lessons[0]?.id;
    resume.href = `/courses/${courseId}/${target}/`;
    const label = resume.querySelector<HTMLElement>('[data-continue-label]') ?? resume;
    if (!report.nextLessonId) setUiText(label, 'course.review');
    else if (report.lessons.some((lesson) => lesson.status !== 'not-started')) setUiText(label, 'course.continue');
  }
  for (const module of report.modules) {
    setProgress(document.querySelector(`[data-module-progress-bar="${module.id}"]`), module.share);
    const label = document.querySelector<HTMLElement>(`[data-module-progress="${module.id}"]`);
    if (label) setUiText(label, 'course.moduleProgress', { done: module.lessonsCompleted, total: module.lessonsTotal });
  }
  for (const scenario of report.scenarios) {
    const status = document.querySelector<HTMLElement>(`[data-scenario-status="${scenario.id}"]`);
    if (!status) continue;
    status.dataset.status = scenario.completions > 0 ? 'completed' : scenario.attempts > 0 ? 'in-progress' : 'not-started';
    if (scenario.bestRating) setUiText(status, 'course.scenarioDone', { rating: uiString(`report.rating.${scenario.bestRating}`) });
    else if (scenario.attempts > 0) setUiText(status, 'course.scenarioStarted');
    else setUiText(status, 'course.lessonNotStarted');
  }
  for (const lesson of report.lessons) {
    const status = document.querySelector<HTMLElement>(`[data-lesson-status="${lesson.id}"]`);
    if (!status) continue;
    status.dataset.status = lesson.status;
    if (lesson.status === 'completed') setUiText(status, 'course.lessonDone');
    else if (lesson.status === 'in-progress') setUiText(status, 'course.lessonInProgress', { n: Math.round(lesson.share * 100) });
    else setUiText(status, 'course.lessonNotStarted');
  }
}

void showCourseProgress();
