import { useEffect, useMemo, useRef, useState, type RefObject } from 'react';
import { IslandErrorBoundary } from '../IslandErrorBoundary';
import { useActorRef, useSelector } from '@xstate/react';
import { createActiveTimer } from '../../core/progress/active-time';
import { isCompleteResponse } from '../../core/quiz/grading';
import type { PlayableQuiz } from '../../core/quiz/practice-quiz';
import {
  createQuizMachine,
  currentQuestion,
  quizOutcome,
  resumeFits,
  type QuizRecorder,
  type QuizResume,
} from '../../core/quiz/quiz-machine';
import { storageErrorEvent } from '../../client/events';
import { startLearnerSession, type LearnerSession } from '../../client/learner-session';
import { StorageFullError } from '../../client/learning-record';
import { loadQuizResume, quizRecorder, saveQuizResume } from '../../client/quiz-record';
import { followPageVisibility } from '../../client/page-visibility';
import { useUiText } from '../../client/use-ui-language';
import type { UiKey, UiValues } from '../../i18n/ui';
import QuizQuestion from './QuizQuestion';

type Translate = (key: UiKey, values?: UiValues) => string;

interface Props {
  playable: PlayableQuiz;
}

/** 本课练习: a lesson's practice quiz, one question at a time, recorded in the device log as it is answered. */
export default function QuizIsland({ playable }: Props) {
  const text = useUiText();
  return (
    <IslandErrorBoundary message={text('quiz.error')} className="quiz quiz--failed">
      <QuizLoader playable={playable} text={text} />
    </IslandErrorBoundary>
  );
}

/**
 * Opens the learner session and looks for an unfinished attempt. Until both are known, the first question is
 * shown locked (the same markup as the prerendered page), so nothing jumps when the island comes to life.
 */
function QuizLoader({ playable, text }: Props & { text: Translate }) {
  const [session, setSession] = useState<LearnerSession>();
  const [resume, setResume] = useState<QuizResume>();
  const [failure, setFailure] = useState<Error>();
  useEffect(() => {
    let current = true;
    startLearnerSession()
      .then(async (started) => {
        const saved = await loadQuizResume(started.db, playable.quiz.id);
        if (!current) return;
        if (saved && resumeFits(playable.quiz, saved)) setResume(saved);
        setSession(started);
      })
      .catch((error: Error) => current && setFailure(error));
    return () => {
      current = false;
    };
  }, [playable.quiz.id]);
  if (failure) throw failure;
  return <QuizRunner key={resume ? 'resumed' : 'fresh'} playable={playable} session={session} resume={resume} text={text} />;
}

/** Keeps a resume point; a full device is reported like every other failed write, and nothing else is lost. */
function keepResume(session: LearnerSession | undefined, resume: QuizResume): void {
  if (!session) return;
  saveQuizResume(session.db, resume).catch((error: unknown) => {
    if (error instanceof StorageFullError) window.dispatchEvent(new Event(storageErrorEvent));
    else console.warn('练习进度没有保存：', error);
  });
}

function QuizRunner({
  playable,
  session,
  resume,
  text,
}: Props & { session: LearnerSession | undefined; resume: QuizResume | undefined; text: Translate }) {
  const { quiz, sections } = playable;
  const sessionRef = useRef(session);
  sessionRef.current = session;
  const machine = useMemo(() => {
    const recorder = (): QuizRecorder => {
      if (!sessionRef.current) throw new Error('The learner session is not open yet');
      return quizRecorder(sessionRef.current);
    };
    return createQuizMachine({
      recordAnswer: async (record) => recorder().recordAnswer(record),
      recordResult: async (outcome) => recorder().recordResult(outcome),
    });
  }, []);
  const actor = useActorRef(machine, { input: { quiz, seed: Math.floor(Math.random() * 2 ** 32), resume } });
  const snapshot = useSelector(actor, (state) => state);
  const context = snapshot.context;
  const ready = session !== undefined;

  const [announcement, setAnnouncement] = useState(resume ? text('quiz.resumed') : '');
  const [explanationOpen, setExplanationOpen] = useState(false);
  const questionHeading = useRef<HTMLParagraphElement>(null);
  const feedbackHeading = useRef<HTMLHeadingElement>(null);
  const resultHeading = useRef<HTMLHeadingElement>(null);

  // Active time per question: counted only while the page is visible, as lesson reading is.
  const timer = useMemo(() => createActiveTimer(() => performance.now()), []);
  useEffect(() => followPageVisibility(timer), [timer]);

  useEffect(() => {
    const subscription = actor.on('quiz.position', (event) => keepResume(sessionRef.current, event.resume));
    return () => subscription.unsubscribe();
  }, [actor]);

  // Moves focus where the learner's next step is, and only after something they did.
  const stage = snapshot.matches('finished') ? 'finished' : snapshot.matches('feedback') ? 'feedback' : 'question';
  const position = `${context.attempt}:${context.index}`;
  const previous = useRef({ stage, position });
  useEffect(() => {
    const before = previous.current;
    previous.current = { stage, position };
    if (before.stage === stage && before.position === position) return;
    if (stage === 'question') {
      timer.take();
      setExplanationOpen(false);
      questionHeading.current?.focus();
    } else if (stage === 'feedback') feedbackHeading.current?.focus();
    else resultHeading.current?.focus();
  }, [stage, position, timer]);

  const total = context.questionOrder.length;
  const question = currentQuestion(context);
  const answered = context.answers[question.id];
  const grade = snapshot.matches('feedback') ? answered?.grade : undefined;
  const busy = !ready || snapshot.matches('checking');

  const submit = () => {
    if (!isCompleteResponse(question, context.response)) {
      setAnnouncement(text(question.type === 'matching' ? 'quiz.matchAll' : 'quiz.answerFirst'));
      return;
    }
    actor.send({ type: 'quiz.submit', activeMs: timer.take() });
  };
  useEffect(() => {
    if (!grade) return;
    setAnnouncement(gradeSummary(grade.score, grade.correct, text));
  }, [grade, text]);

  const titleId = `${quiz.id}-title`;
  return (
    <section className="quiz no-print" aria-labelledby={titleId} aria-busy={!ready} data-quiz={quiz.id} data-ready={ready ? '' : undefined}>
      <header className="quiz__header">
        <h2 id={titleId} className="quiz__title">
          {text('quiz.heading')}
        </h2>
        <p className="meta">{text('quiz.intro', { total, passMark: Math.round(quiz.passMark * 100) })}</p>
      </header>

      {snapshot.matches('finished') ? (
        <QuizResult
          outcome={quizOutcome(context)}
          sections={sections}
          saving={snapshot.matches({ finished: 'saving' })}
          saveFailed={snapshot.matches({ finished: 'saveFailed' })}
          headingRef={resultHeading}
          onSaveAgain={() => actor.send({ type: 'quiz.save' })}
          onRetry={() => actor.send({ type: 'quiz.retry' })}
          text={text}
        />
      ) : (
        <div className="quiz__body">
          <div className="quiz__progress">
            <p ref={questionHeading} tabIndex={-1} className="quiz__count">
              {ready ? text('quiz.progress', { n: context.index + 1, total }) : text('quiz.loading')}
            </p>
            <progress max={total} value={context.index + (grade ? 1 : 0)} aria-label={text('quiz.progressLabel')} />
          </div>
          {question.type === 'situational' && <p className="quiz-question__scenario">{question.scenario}</p>}
          <QuizQuestion
            question={question}
            order={context.choiceOrder[question.id] ?? []}
            response={context.response}
            grade={grade}
            disabled={busy}
            onAnswer={(response) => actor.send({ type: 'quiz.answer', response })}
            announce={setAnnouncement}
            text={text}
          />

          {grade ? (
            <div className={`quiz-feedback quiz-feedback--${grade.correct ? 'correct' : grade.score > 0 ? 'partial' : 'wrong'}`}>
              <h3 ref={feedbackHeading} tabIndex={-1} className="quiz-feedback__summary">
                {gradeSummary(grade.score, grade.correct, text)}
              </h3>
              <div className="quiz__actions">
                <button
                  type="button"
                  className="quiz-button quiz-button--secondary"
                  aria-expanded={explanationOpen}
                  aria-controls={`${question.id}-explanation`}
                  onClick={() => setExplanationOpen((open) => !open)}
                >
                  {text('quiz.explain')}
                </button>
                <button type="button" className="quiz-button" onClick={() => actor.send({ type: 'quiz.next' })}>
                  {text(context.index + 1 < total ? 'quiz.next' : 'quiz.seeResult')}
                </button>
              </div>
              <div id={`${question.id}-explanation`} className="quiz-explanation" hidden={!explanationOpen}>
                <h4>{text('quiz.explanation')}</h4>
                <p>{question.explanation}</p>
                {sections[question.id] && (
                  <p>
                    <a href={sections[question.id]!.href}>{text('quiz.reviewLink', { section: sections[question.id]!.title })}</a>
                  </p>
                )}
              </div>
            </div>
          ) : (
            <div className="quiz__actions">
              <button type="button" className="quiz-button" disabled={!ready} onClick={submit}>
                {text('quiz.submit')}
              </button>
              {snapshot.matches('checking') && <span className="meta">{text('quiz.checking')}</span>}
              {snapshot.matches('saveFailed') && (
                <SaveFailed onSaveAgain={() => actor.send({ type: 'quiz.save' })} text={text} />
              )}
            </div>
          )}
        </div>
      )}
      <p className="visually-hidden" aria-live="polite" aria-atomic="true">
        {announcement}
      </p>
    </section>
  );
}

function gradeSummary(score: number, correct: boolean, text: Translate): string {
  if (correct) return text('quiz.correct');
  return score > 0 ? text('quiz.partial', { percent: Math.round(score * 100) }) : text('quiz.wrong');
}

function SaveFailed({ onSaveAgain, text }: { onSaveAgain: () => void; text: Translate }) {
  return (
    <span role="alert" className="quiz-save-failed">
      {text('quiz.saveFailed')}{' '}
      <button type="button" className="quiz-button quiz-button--secondary" onClick={onSaveAgain}>
        {text('quiz.saveAgain')}
      </button>
    </span>
  );
}

function QuizResult({
  outcome,
  sections,
  saving,
  saveFailed,
  headingRef,
  onSaveAgain,
  onRetry,
  text,
}: {
  outcome: ReturnType<typeof quizOutcome>;
  sections: PlayableQuiz['sections'];
  saving: boolean;
  saveFailed: boolean;
  headingRef: RefObject<HTMLHeadingElement | null>;
  onSaveAgain: () => void;
  onRetry: () => void;
  text: Translate;
}) {
  return (
    <div className={`quiz-result quiz-result--${outcome.passed ? 'passed' : 'failed'}`}>
      <h3 ref={headingRef} tabIndex={-1}>
        {text('quiz.resultTitle')}
      </h3>
      <p className="quiz-result__score" data-quiz-score={Math.round(outcome.scaled * 100)}>
        {text('quiz.score', { percent: Math.round(outcome.scaled * 100), passMark: Math.round(outcome.quiz.passMark * 100) })}
      </p>
      <p className="quiz-result__verdict">{text(outcome.passed ? 'quiz.passed' : 'quiz.failed')}</p>
      {outcome.missed.length === 0 ? (
        <p>{text('quiz.allRight')}</p>
      ) : (
        <>
          <h4>{text('quiz.reviewTitle')}</h4>
          <ul className="quiz-result__review">
            {outcome.missed.map((question) => {
              const section = sections[question.id];
              return (
                <li key={question.id}>
                  <span className="quiz-result__prompt">{question.prompt}</span>
                  {section && (
                    <a href={section.href}>{text('quiz.reviewLink', { section: section.title })}</a>
                  )}
                </li>
              );
            })}
          </ul>
        </>
      )}
      <div className="quiz__actions">
        {saving && <span className="meta">{text('quiz.checking')}</span>}
        {saveFailed && <SaveFailed onSaveAgain={onSaveAgain} text={text} />}
        {!saving && !saveFailed && (
          <button type="button" className="quiz-button" onClick={onRetry}>
            {text('quiz.retry')}
          </button>
        )}
      </div>
      <p className="meta">{text('quiz.retryHint')}</p>
    </div>
  );
}
