import { useCallback, useEffect, useRef, useState } from 'react';
import type { PublicQuestion } from '../../core/quiz/final-assessment';
import { isCompleteResponse, type QuizResponse } from '../../core/quiz/grading';
import type { Question } from '../../core/quiz/schemas/quiz';
import {
  ApiError,
  fetchAssessment,
  OfflineError,
  saveAnswer,
  startAttempt,
  submitAttempt,
  type AssessmentStatus,
  type AttemptResult,
  type AttemptView,
} from '../../client/assessment-api';
import { AnswerSaver, type SaveState } from '../../client/answer-saver';
import { useUiText } from '../../client/use-ui-language';
import { addPageStrings } from '../../client/ui-text';
import type { UiKey, UiValues } from '../../i18n/ui';
import { IslandErrorBoundary } from '../IslandErrorBoundary';
import QuizQuestion from '../quiz/QuizQuestion';

type Translate = (key: UiKey, values?: UiValues) => string;

type View =
  | { kind: 'loading' }
  | { kind: 'offline' }
  | { kind: 'signed-out' }
  | { kind: 'error'; message: string }
  | { kind: 'ready'; status: AssessmentStatus }
  | { kind: 'running'; status: AssessmentStatus; attempt: AttemptView }
  | { kind: 'result'; status: AssessmentStatus; result: AttemptResult; timedOut: boolean };

interface Props {
  signInHref: string;
  /** The page's own Chinese strings (assessment.*), which the shipped dictionary leaves out. */
  strings: Partial<Record<UiKey, string>>;
}

/** 结业测验: drawn, saved answer by answer and graded on the server; says plainly when it cannot work offline. */
export default function AssessmentIsland(props: Props) {
  addPageStrings(props.strings);
  const text = useUiText();
  return (
    <IslandErrorBoundary message={text('assessment.error', { message: '' })} className="assessment">
      <Assessment signInHref={props.signInHref} text={text} />
    </IslandErrorBoundary>
  );
}

function viewOfFailure(error: unknown): View {
  if (error instanceof OfflineError) return { kind: 'offline' };
  if (error instanceof ApiError && error.status === 401) return { kind: 'signed-out' };
  return { kind: 'error', message: error instanceof Error ? error.message : String(error) };
}

function Assessment({ signInHref, text }: Pick<Props, 'signInHref'> & { text: Translate }) {
  const [view, setView] = useState<View>({ kind: 'loading' });
  const load = useCallback(() => {
    if (!navigator.onLine) return setView({ kind: 'offline' });
    setView({ kind: 'loading' });
    fetchAssessment()
      .then((status) => setView(status.open ? { kind: 'running', status, attempt: status.open } : latestView(status)))
      .catch((error: unknown) => setView(viewOfFailure(error)));
  }, []);
  useEffect(load, [load]);

  switch (view.kind) {
    case 'loading':
      return <p role="status">{text('assessment.loading')}</p>;
    case 'offline':
      return (
        <div className="assessment__notice" role="status">
          <p>{text('assessment.offline')}</p>
          <button type="button" onClick={load}>{text('assessment.retry')}</button>
        </div>
      );
    case 'signed-out':
      return (
        <div className="assessment__notice">
          <p>{text('assessment.signin')}</p>
          <a className="button" href={signInHref}>{text('assessment.signinLink')}</a>
        </div>
      );
    case 'error':
      return (
        <div className="assessment__notice" role="alert">
          <p>{text('assessment.error', { message: view.message })}</p>
          <button type="button" onClick={load}>{text('assessment.retry')}</button>
        </div>
      );
    case 'ready':
      return <Intro status={view.status} text={text} onStarted={(attempt) => setView({ kind: 'running', status: view.status, attempt })} onFailed={(error) => setView(viewOfFailure(error))} />;
    case 'running':
      return (
        <Runner
          key={view.attempt.id}
          attempt={view.attempt}
          text={text}
          onResult={(result, timedOut) => setView({ kind: 'result', status: { ...view.status, open: null, results: [...view.status.results, result] }, result, timedOut })}
          onFailed={(error) => setView(viewOfFailure(error))}
        />
      );
    case 'result':
      return <Result result={view.result} status={view.status} timedOut={view.timedOut} text={text} onAgain={() => setView({ kind: 'ready', status: view.status })} />;
  }
}

/** After loading: the last result when there is one, otherwise the start screen. */
function latestView(status: AssessmentStatus): View {
  const last = status.results[status.results.length - 1];
  return last ? { kind: 'result', status, result: last, timedOut: false } : { kind: 'ready', status };
}

function Intro({ status, text, onStarted, onFailed }: { status: AssessmentStatus; text: Translate; onStarted: (attempt: AttemptView) => void; onFailed: (error: unknown) => void }) {
  const [starting, setStarting] = useState(false);
  const left = status.attemptsAllowed - status.attemptsUsed;
  return (
    <div className="assessment__intro">
      <p>
        {text('assessment.intro', {
          questions: status.questions,
          minutes: status.timeLimitMinutes,
          passMark: Math.round(status.passMark * 100),
          attempts: status.attemptsAllowed,
        })}
      </p>
      {status.passed ? (
        <p className="notice">
          {text('assessment.alreadyPassed')} <a href="/certificates/">{text('assessment.certificates')}</a>
        </p>
      ) : left <= 0 ? (
        <p className="form-error">{text('assessment.noAttemptsLeft', { attempts: status.attemptsAllowed })}</p>
      ) : (
        <>
          <p>{text('assessment.attemptsLeft', { n: left })}</p>
          <button
            type="button"
            className="button"
            disabled={starting}
            onClick={() => {
              setStarting(true);
              startAttempt().then(onStarted, (error: unknown) => {
                setStarting(false);
                onFailed(error);
              });
            }}
          >
            {starting ? text('assessment.starting') : text('assessment.start')}
          </button>
        </>
      )}
    </div>
  );
}

/** Shows a question without keys through the practice quiz's inputs (keys only matter once graded, which happens on the server). */
function renderable(question: PublicQuestion): Question {
  const base = { id: question.id, prompt: question.prompt, explanation: '', section: { lesson: '', heading: '' } };
  switch (question.type) {
    case 'single':
    case 'multiple':
    case 'situational':
      return { ...base, type: question.type, scenario: question.scenario ?? '', options: question.options.map((option) => ({ ...option, correct: false, feedback: '' })) } as Question;
    case 'true-false':
      return { ...base, type: 'true-false', answer: false, feedback: { true: '', false: '' } } as Question;
    case 'ordering':
      return { ...base, type: 'ordering', items: question.items.map((item) => ({ ...item, feedback: '' })) } as Question;
    case 'matching':
      return { ...base, type: 'matching', left: question.left.map((item) => ({ ...item, feedback: '' })), right: question.right } as Question;
  }
}

function displayOrder(question: PublicQuestion): string[] {
  switch (question.type) {
    case 'single':
    case 'multiple':
    case 'situational':
      return question.options.map((option) => option.id);
    case 'true-false':
      return ['true', 'false'];
    case 'ordering':
      return question.items.map((item) => item.id);
    case 'matching':
      return question.right.map((item) => item.id);
  }
}

function Runner({
  attempt,
  text,
  onResult,
  onFailed,
}: {
  attempt: AttemptView;
  text: Translate;
  onResult: (result: AttemptResult, timedOut: boolean) => void;
  onFailed: (error: unknown) => void;
}) {
  const [answers, setAnswers] = useState<Record<string, QuizResponse>>(attempt.answers);
  const [saveStates, setSaveStates] = useState<Record<string, SaveState>>(() => Object.fromEntries(Object.keys(attempt.answers).map((id) => [id, 'saved' as const])));
  const [submitting, setSubmitting] = useState(false);
  const deadline = useRef(Date.now() + attempt.remainingSeconds * 1000);
  const [remaining, setRemaining] = useState(attempt.remainingSeconds);
  const [announcement, setAnnouncement] = useState('');
  const failed = useRef(onFailed);
  failed.current = onFailed;
  // One saver for the attempt's life (the runner is keyed by attempt): its queue must outlive every render.
  const [saver] = useState(
    () =>
      new AnswerSaver<QuizResponse>(
        (questionId, response) => saveAnswer(attempt.id, questionId, response),
        (questionId, state) => setSaveStates((states) => ({ ...states, [questionId]: state })),
        (error) => failed.current(error),
      ),
  );

  const submit = useCallback(
    (timedOut: boolean) => {
      setSubmitting(true);
      // Every answer given must be on the server before it grades the attempt.
      saver
        .flush()
        .then(() => submitAttempt(attempt.id))
        .then(
          (result) => onResult(result, timedOut),
          (error: unknown) => {
            setSubmitting(false);
            onFailed(error);
          },
        );
    },
    [attempt.id, saver, onFailed, onResult],
  );

  useEffect(() => {
    const timer = window.setInterval(() => {
      const left = Math.max(0, Math.round((deadline.current - Date.now()) / 1000));
      setRemaining(left);
      if (left === 0) {
        window.clearInterval(timer);
        submit(true);
      }
    }, 1000);
    // Answers that could not be saved offline are sent again as soon as the network is back.
    const retry = () => saver.retry();
    // Leaving while an answer is still on its way would lose it: the browser asks first.
    const warn = (event: BeforeUnloadEvent) => {
      if (saver.unsaved > 0) event.preventDefault();
    };
    window.addEventListener('online', retry);
    window.addEventListener('beforeunload', warn);
    return () => {
      window.clearInterval(timer);
      window.removeEventListener('online', retry);
      window.removeEventListener('beforeunload', warn);
    };
  }, [saver, submit]);

  const answered = attempt.questions.filter((question) => isCompleteResponse(renderable(question), answers[question.id] ?? null)).length;
  const total = attempt.questions.length;
  const minutes = Math.floor(remaining / 60);
  return (
    <form
      className="assessment__runner"
      onSubmit={(event) => {
        event.preventDefault();
        const missing = total - answered;
        if (missing > 0 && !window.confirm(text('assessment.confirmUnanswered', { n: missing }))) return;
        submit(false);
      }}
    >
      <div className="assessment__bar" role="group" aria-label={text('assessment.timeLeft')}>
        <span>
          {text('assessment.timeLeft')}：
          <span role="timer" aria-live={remaining <= 60 ? 'assertive' : 'off'}>
            {text('assessment.timeLeftValue', { minutes, seconds: remaining % 60 })}
          </span>
        </span>
        <span aria-live="polite">{text('assessment.answered', { n: answered, total })}</span>
      </div>
      <ol className="assessment__questions">
        {attempt.questions.map((question, index) => (
          <li key={question.id} className="assessment__question" id={`question-${question.id}`}>
            <p className="meta">
              {text('assessment.questionNumber', { n: index + 1 })}
              {saveStates[question.id] && (
                <span className={`assessment__save assessment__save--${saveStates[question.id]}`} role="status">
                  {' · '}
                  {text(`assessment.${saveStates[question.id]}` as UiKey)}
                </span>
              )}
            </p>
            {question.type === 'situational' && question.scenario && <p className="quiz-question__scenario">{question.scenario}</p>}
            <QuizQuestion
              question={renderable(question)}
              order={displayOrder(question)}
              response={answers[question.id] ?? null}
              grade={undefined}
              disabled={submitting}
              onAnswer={(response) => {
                setAnswers((current) => ({ ...current, [question.id]: response }));
                saver.save(question.id, response);
              }}
              announce={setAnnouncement}
              text={text}
            />
          </li>
        ))}
      </ol>
      <p className="visually-hidden" aria-live="polite">
        {announcement}
      </p>
      <button type="submit" className="button" disabled={submitting}>
        {submitting ? text('assessment.submitting') : text('assessment.submit')}
      </button>
    </form>
  );
}

function Result({ result, status, timedOut, text, onAgain }: { result: AttemptResult; status: AssessmentStatus; timedOut: boolean; text: Translate; onAgain: () => void }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  // No attempt is open while a result shows, so every attempt used is among the results.
  const left = status.attemptsAllowed - status.results.length;
  return (
    <section className="assessment__result" aria-labelledby="assessment-result-title">
      <h2 id="assessment-result-title" ref={heading} tabIndex={-1}>
        {text('assessment.resultTitle')}
      </h2>
      {timedOut && <p className="notice">{text('assessment.timeUp')}</p>}
      <p className="assessment__score">
        {text('assessment.score', {
          percent: Math.round(result.scaled * 100),
          passMark: Math.round(status.passMark * 100),
          right: result.questions.filter((question) => question.correct).length,
          total: result.max,
        })}
      </p>
      <p className={result.passed ? 'notice' : 'form-error'}>
        {text(result.passed ? 'assessment.passed' : 'assessment.failed')}
        {result.passed && (
          <>
            {' '}
            <a href="/certificates/">{text('assessment.certificates')}</a>
          </>
        )}
      </p>
      <ol className="assessment__review">
        {result.questions.map((question) => (
          <li key={question.id} data-correct={question.correct}>
            <p>
              <strong>
                <span aria-hidden="true">{question.correct ? '✓ ' : '✗ '}</span>
                {text(question.correct ? 'assessment.right' : question.score > 0 ? 'assessment.partial' : 'assessment.wrong')}
              </strong>
              {' · '}
              {question.prompt}
            </p>
            <p className="meta">{question.explanation}</p>
          </li>
        ))}
      </ol>
      {!result.passed && left > 0 && (
        <>
          <p>{text('assessment.attemptsLeft', { n: left })}</p>
          <button type="button" className="button" onClick={onAgain}>
            {text('assessment.start')}
          </button>
        </>
      )}
      {!result.passed && left <= 0 && <p>{text('assessment.noAttemptsLeft', { attempts: status.attemptsAllowed })}</p>}
    </section>
  );
}
