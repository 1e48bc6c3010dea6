import { liveQuery } from 'dexie';
import { createActiveTimer } from '../core/progress/active-time';
import { reduceProgress, type ProgressReport } from '../core/progress/progress-reducer';
import { readStatements } from './learning-record';
import { startLearnerSession } from './learner-session';
import { followPageVisibility } from './page-visibility';
import { setUiText } from './ui-text';

/** At most one reading-progress statement per this many milliseconds: progress is coalesced, not streamed. */
const progressInterval = 2000;

/**
 * Records a lesson visit: `experienced` on opening, `progressed` as sections come into view (coalesced),
 * `completed` when the reader has reached the end and, for a lesson with a practice quiz, passed it too
 * (whichever happens last); and shows where the reader is.
 */
async function trackLesson(article: HTMLElement): Promise<void> {
  const lessonId = article.dataset.lesson!;
  const session = await startLearnerSession();
  const { factory, context } = session;
  const lesson = context.model.lessons.find((candidate) => candidate.id === lessonId);
  if (!lesson) return;
  const item = { id: lesson.id, title: lesson.title };

  const timer = createActiveTimer(() => performance.now());
  followPageVisibility(timer);

  // Recorded before anything else, so even a visit cut short right away is in the log.
  await session.record(factory.lessonExperienced(item));
  const quiz = context.model.quizzes.find((candidate) => candidate.lessonId === lessonId);
  const before = reduceProgress(context.model, await readStatements(session.db)).lessons.find((l) => l.id === lessonId)!;
  let alreadyCompleted = before.status === 'completed';
  // Reaching the end once is enough: a read share of 1 in the log means it happened before (or in another tab).
  let reachedEnd = before.share >= 1;
  let quizPassed = quiz === undefined;
  const completeWhenDone = () => {
    if (alreadyCompleted || !reachedEnd || !quizPassed) return;
    alreadyCompleted = true;
    void session.record(factory.lessonCompleted(item, timer.take()));
  };

  const headings = [...article.querySelectorAll<HTMLElement>('.prose h2[id]')];
  const seen = new Set<string>();
  let recordedShare = before.share;
  let lastWrite = 0;
  let pending: ReturnType<typeof setTimeout> | undefined;

  const share = () => (headings.length ? seen.size / headings.length : 1);
  const flush = () => {
    clearTimeout(pending);
    pending = undefined;
    const current = share();
    const activeMs = timer.take();
    if (current <= recordedShare && activeMs < 1000) return;
    recordedShare = Math.max(recordedShare, current);
    lastWrite = Date.now();
    void session.record(factory.lessonProgressed(item, { share: recordedShare, activeMs, sections: [...seen] }));
  };
  const scheduleFlush = () => {
    if (share() <= recordedShare || pending) return;
    pending = setTimeout(flush, Math.max(0, lastWrite + progressInterval - Date.now()));
  };

  const observer = new IntersectionObserver(
    (entries) => {
      for (const entry of entries) {
        // A heading counts as read once it has been on screen, or was scrolled past (a fast scroll or a jump).
        if (entry.isIntersecting || entry.boundingClientRect.top < 0) seen.add(entry.target.id);
      }
      scheduleFlush();
    },
    { threshold: 0 },
  );
  for (const heading of headings) observer.observe(heading);

  const end = article.querySelector<HTMLElement>('[data-lesson-end]');
  if (end) {
    new IntersectionObserver((entries, endObserver) => {
      if (!entries.some((entry) => entry.isIntersecting) || reachedEnd) return;
      reachedEnd = true;
      endObserver.disconnect();
      for (const heading of headings) seen.add(heading.id);
      flush();
      completeWhenDone();
    }).observe(end);
  }

  document.addEventListener('visibilitychange', () => {
    // Leaving the page (tab switch, close, navigation): write what was read now, not later.
    if (document.visibilityState === 'hidden') flush();
  });
  window.addEventListener('pagehide', flush);

  showReaderPosition(session.db, context, lessonId, (report) => {
    reachedEnd ||= report.lessons.some((candidate) => candidate.id === lessonId && candidate.share >= 1);
    quizPassed ||= report.quizzes.some((candidate) => candidate.id === quiz?.id && candidate.passed);
    completeWhenDone();
  });
}

/** Keeps the lesson's own progress bar and status in step with the log, across tabs too, and passes each report on. */
function showReaderPosition(
  db: Awaited<ReturnType<typeof startLearnerSession>>['db'],
  context: Awaited<ReturnType<typeof startLearnerSession>>['context'],
  lessonId: string,
  onReport: (report: ProgressReport) => void,
): void {
  const bar = document.querySelector<HTMLProgressElement>('[data-lesson-progress]');
  const label = document.querySelector<HTMLElement>('[data-lesson-progress-label]');
  liveQuery(() => readStatements(db)).subscribe((statements) => {
    const report = reduceProgress(context.model, statements);
    onReport(report);
    const lesson = report.lessons.find((l) => l.id === lessonId);
    if (!lesson || !bar || !label) return;
    const percent = Math.round(lesson.share * 100);
    bar.value = percent;
    if (lesson.status === 'completed') setUiText(label, 'lesson.progressDone');
    else if (percent === 100 && context.model.quizzes.some((quiz) => quiz.lessonId === lessonId)) {
      setUiText(label, 'lesson.progressQuizPending');
    } else setUiText(label, 'lesson.progressRead', { n: percent });
    bar.closest<HTMLElement>('.lesson-progress')!.dataset.status = lesson.status;
  });
}

const article = document.querySelector<HTMLElement>('article[data-lesson]');
if (article) void trackLesson(article);
