import { useCallback, useEffect, useRef, useState } from 'react';
import { normaliseJoinCode } from '../../core/classroom/join-code';
import { isCorrectSelection, optionLetter } from '../../core/classroom/live-question';
import type { LearnerSnapshot, MeView, PublicPush, PublicSessionState } from '../../core/classroom/live-wire';
import { ApiError, fetchJoinStatus, joinSession, learnerStreamUrl, sendAnswer, type JoinStatus } from '../../client/classroom/live-api';
import { openLiveStream, type StreamStatus } from '../../client/classroom/live-stream';
import { addPageStrings } from '../../client/ui-text';
import { useUiText } from '../../client/use-ui-language';
import type { UiKey, UiValues } from '../../i18n/ui';
import { IslandErrorBoundary } from '../IslandErrorBoundary';
import PlayDebriefView from './PlayDebriefView';
import ResultsChart from './ResultsChart';

type Translate = (key: UiKey, values?: UiValues) => string;

interface Props {
  /** The page's own Chinese strings (classroom.*), which the shipped dictionary leaves out. */
  strings: Partial<Record<UiKey, string>>;
}

type View =
  | { kind: 'loading' }
  | { kind: 'form'; code: string; status: JoinStatus | null; error: string | null }
  | { kind: 'live'; code: string; name: string };

/** The phone's side of a live session: join with the code, then answer and vote as the facilitator puts things to the room. */
export default function JoinIsland(props: Props) {
  addPageStrings(props.strings);
  const text = useUiText();
  return (
    <IslandErrorBoundary message={text('classroom.join.error')} className="live-phone">
      <Join text={text} />
    </IslandErrorBoundary>
  );
}

function failureOf(error: unknown, text: Translate): string {
  return error instanceof ApiError ? error.message : text('classroom.join.offline');
}

function Join({ text }: { text: Translate }) {
  const [view, setView] = useState<View>({ kind: 'loading' });

  const look = useCallback(
    (typed: string) => {
      const code = normaliseJoinCode(typed);
      if (!code) return setView({ kind: 'form', code: typed, status: null, error: typed ? text('classroom.join.badCode') : null });
      fetchJoinStatus(code)
        .then((status) =>
          setView(status.me ? { kind: 'live', code, name: status.me.participant.name } : { kind: 'form', code, status, error: null }),
        )
        .catch((error: unknown) => setView({ kind: 'form', code, status: null, error: failureOf(error, text) }));
    },
    [text],
  );
  useEffect(() => look(new URLSearchParams(window.location.search).get('code') ?? ''), [look]);

  switch (view.kind) {
    case 'loading':
      return <p role="status">{text('classroom.join.loading')}</p>;
    case 'form':
      return (
        <JoinForm
          key={`${view.code}|${view.status?.code ?? ''}|${view.error ?? ''}`}
          view={view}
          text={text}
          onJoined={(code, name) => {
            window.history.replaceState(null, '', `?code=${code}`);
            setView({ kind: 'live', code, name });
          }}
          onLook={look}
        />
      );
    case 'live':
      return <Live code={view.code} name={view.name} text={text} />;
  }
}

function JoinForm({
  view,
  text,
  onJoined,
  onLook,
}: {
  view: Extract<View, { kind: 'form' }>;
  text: Translate;
  onJoined: (code: string, name: string) => void;
  onLook: (code: string) => void;
}) {
  const [code, setCode] = useState(view.code);
  const [name, setName] = useState('');
  const [employeeId, setEmployeeId] = useState('');
  const [error, setError] = useState(view.error);
  const [sending, setSending] = useState(false);
  const status = view.status;
  const signedIn = status?.signedInAs ?? null;
  const submit = (event: { preventDefault(): void }) => {
    event.preventDefault();
    const normalised = normaliseJoinCode(code);
    if (!normalised) return setError(text('classroom.join.badCode'));
    if (!status || status.code !== normalised) return onLook(normalised);
    setSending(true);
    setError(null);
    joinSession({ code: normalised, ...(signedIn ? {} : { name, employeeId }) })
      .then((joined) => onJoined(joined.code, joined.participant.name))
      .catch((failure: unknown) => setError(failureOf(failure, text)))
      .finally(() => setSending(false));
  };
  const here = `/join/?code=${status?.code ?? ''}`;
  return (
    <form className="live-phone__join" onSubmit={submit} noValidate>
      {status && <p className="live-phone__title">{status.title}</p>}
      <label>
        {text('classroom.join.code')}
        <input
          value={code}
          onChange={(event) => setCode(event.target.value)}
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          maxLength={10}
          aria-describedby="join-code-hint"
          aria-invalid={error === text('classroom.join.badCode') ? true : undefined}
        />
      </label>
      <p id="join-code-hint" className="live-phone__hint">
        {text('classroom.join.codeHint')}
      </p>
      {status && !signedIn && (
        <>
          <label>
            {text('classroom.join.name')}
            <input value={name} onChange={(event) => setName(event.target.value)} autoComplete="name" maxLength={40} required />
          </label>
          <label>
            {text('classroom.join.employeeId')}
            <input value={employeeId} onChange={(event) => setEmployeeId(event.target.value)} autoComplete="off" maxLength={40} aria-describedby="join-id-hint" />
          </label>
          <p id="join-id-hint" className="live-phone__hint">
            {text('classroom.join.employeeIdHint')}
          </p>
          <p className="live-phone__hint">
            {text('classroom.join.guestNote')} <a href={`/signin/?next=${encodeURIComponent(here)}`}>{text('classroom.join.signIn')}</a>
          </p>
        </>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      <button type="submit" disabled={sending}>
        {sending ? text('classroom.join.joining') : status ? (signedIn ? text('classroom.join.asAccount', { name: signedIn }) : text('classroom.join.submit')) : text('classroom.join.next')}
      </button>
    </form>
  );
}

/** This phone's answer to a push: what it chose, and whether that is saved on the server yet. */
interface MyAnswer {
  push: number;
  selected: string[];
  saved: boolean;
}

function Live({ code, name, text }: { code: string; name: string; text: Translate }) {
  const [state, setState] = useState<PublicSessionState | null>(null);
  const [answer, setAnswer] = useState<MyAnswer | null>(null);
  const [connection, setConnection] = useState<StreamStatus>('connecting');
  const close = useRef<() => void>(() => {});

  useEffect(() => {
    close.current = openLiveStream({
      url: learnerStreamUrl(code),
      onStatus: setConnection,
      handlers: {
        // Sent first on every (re)connect: the answer the server holds for the push before the room.
        me: (data) => {
          const me = data as MeView;
          if (me.push !== null && me.answer) setAnswer({ push: me.push, selected: me.answer, saved: true });
        },
        snapshot: (data) => setState((data as LearnerSnapshot).state),
        state: (data) => setState((current) => (current && (data as PublicSessionState).version < current.version ? current : (data as PublicSessionState))),
      },
    });
    return () => close.current();
  }, [code]);

  useEffect(() => {
    if (state?.status === 'closed') close.current();
  }, [state?.status]);

  if (!state) return <p role="status">{text('classroom.join.loading')}</p>;
  const push = state.push;
  const mine = answer && push && answer.push === push.id ? answer : null;
  return (
    <div className="live-phone">
      <p className="live-phone__title">{text('classroom.join.joined', { title: state.title })}</p>
      <p className="live-phone__hint">{text('classroom.join.youAre', { name })}</p>
      <p className="live-phone__connection" role="status">
        {connection === 'reconnecting' && state.status !== 'closed' ? text('classroom.join.reconnecting') : ''}
      </p>
      {state.status === 'closed' ? (
        <div className="live-phone__closed" role="status">
          <p>{text('classroom.join.closed')}</p>
          <p>{text('classroom.join.closedReport')}</p>
        </div>
      ) : !push ? (
        <p className="live-phone__waiting" role="status">
          {state.status === 'running' ? text('classroom.join.waiting') : text('classroom.join.notStarted')}
        </p>
      ) : (
        <PushView key={push.id} code={code} push={push} mine={mine} onAnswer={setAnswer} text={text} />
      )}
      {state.play?.debrief && (!push || push.kind !== 'decision' || push.resolved) && <PlayDebriefView debrief={state.play.debrief} text={text} />}
    </div>
  );
}

function PushView({
  code,
  push,
  mine,
  onAnswer,
  text,
}: {
  code: string;
  push: PublicPush;
  mine: MyAnswer | null;
  onAnswer: (answer: MyAnswer) => void;
  text: Translate;
}) {
  const options = push.kind === 'question' ? push.question.options : push.decision.choices;
  const multiple = push.kind === 'question' && push.question.type === 'multiple';
  const closed = push.kind === 'question' ? push.revealed !== null : push.resolved !== null;
  const [picked, setPicked] = useState<string[]>(mine?.selected ?? []);
  const [editing, setEditing] = useState(!mine);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => heading.current?.focus(), []);
  useEffect(() => {
    // A reconnect brought back an answer given before the drop.
    if (mine?.saved && !sending) {
      setPicked(mine.selected);
      setEditing(false);
    }
  }, [mine?.saved, mine?.selected, sending]);

  const labelOf = (ids: readonly string[]) =>
    ids.map((id) => {
      const i = options.findIndex((option) => option.id === id);
      return `${optionLetter(i)}. ${options[i]?.text ?? id}`;
    }).join('；');

  const submit = (event: { preventDefault(): void }) => {
    event.preventDefault();
    if (picked.length === 0) return setError(text('classroom.join.chooseOne'));
    setSending(true);
    setError(null);
    onAnswer({ push: push.id, selected: picked, saved: false });
    sendAnswer(code, push.id, picked)
      .then(() => {
        onAnswer({ push: push.id, selected: picked, saved: true });
        setEditing(false);
      })
      .catch((failure: unknown) => setError(text('classroom.join.sendFailed', { message: failureOf(failure, text) })))
      .finally(() => setSending(false));
  };

  const title =
    push.kind === 'question'
      ? text('classroom.join.question', { n: push.id })
      : text('classroom.join.decision', { title: push.decision.scenarioTitle });

  return (
    <section className="live-phone__push" aria-labelledby="push-title">
      <h2 id="push-title" ref={heading} tabIndex={-1}>
        {title}
      </h2>
      {push.kind === 'question' ? (
        <>
          {push.question.scenario && <p className="live-phone__scenario">{push.question.scenario}</p>}
        </>
      ) : (
        <>
          {push.decision.narration && <p className="live-phone__scenario">{push.decision.narration}</p>}
          <p className="live-phone__line">
            {push.decision.speaker && <strong>{push.decision.speaker.name}：</strong>}
            {push.decision.line}
          </p>
          <p className="live-phone__hint">
            {text('classroom.join.voteHint', {
              player: push.decision.player.name,
              department: push.decision.player.department,
              role: push.decision.player.role,
            })}
          </p>
        </>
      )}
      {!closed && editing ? (
        <form onSubmit={submit}>
          <fieldset className="live-phone__options">
            <legend>{push.kind === 'question' ? push.question.prompt : text('classroom.join.voteLegend')}</legend>
            {options.map((option, i) => (
              <label key={option.id} className="live-phone__option">
                <input
                  type={multiple ? 'checkbox' : 'radio'}
                  name={`push-${push.id}`}
                  value={option.id}
                  checked={picked.includes(option.id)}
                  onChange={(event) =>
                    setPicked((current) =>
                      multiple ? (event.target.checked ? [...current, option.id] : current.filter((id) => id !== option.id)) : [option.id],
                    )
                  }
                />
                <span>
                  {optionLetter(i)}. {option.text}
                </span>
              </label>
            ))}
          </fieldset>
          {error && (
            <p className="form-error" role="alert">
              {error}
            </p>
          )}
          <button type="submit" disabled={sending}>
            {sending ? text('classroom.join.sending') : push.kind === 'question' ? text('classroom.join.submitAnswer') : text('classroom.join.vote')}
          </button>
        </form>
      ) : (
        !closed && (
          <div role="status" className="live-phone__answered">
            {push.kind === 'question' ? (
              <>
                <p className="live-phone__prompt">{push.question.prompt}</p>
                <p>{text('classroom.join.answered', { answer: labelOf(picked) })}</p>
                <button type="button" className="secondary" onClick={() => setEditing(true)}>
                  {text('classroom.join.change')}
                </button>
              </>
            ) : (
              <p>{text('classroom.join.voted', { choice: labelOf(picked) })}</p>
            )}
          </div>
        )
      )}
      {push.kind === 'question' && push.revealed && (
        <div className="live-phone__revealed">
          <p className="live-phone__prompt">{push.question.prompt}</p>
          <p role="status">
            {mine
              ? `${text('classroom.join.yourAnswer', { answer: labelOf(mine.selected) })} ${
                  isCorrectSelection(push.revealed, mine.selected)
                    ? text('classroom.join.right')
                    : text('classroom.join.wrong')
                }`
              : text('classroom.join.noAnswer')}
          </p>
          <ResultsChart tally={push.revealed.tally} marked={push.revealed.correct} markLabel={text('classroom.correctOption')} text={text} />
          <h3>{text('classroom.explanation')}</h3>
          <p>{push.revealed.explanation}</p>
        </div>
      )}
      {push.kind === 'decision' && push.resolved && (
        <div className="live-phone__revealed">
          <p role="status">
            {text('classroom.classChose', { choice: push.resolved.choiceText })}
            {push.resolved.tieBroken && text('classroom.tieBroken')}
          </p>
          <ResultsChart tally={push.resolved.tally} marked={[push.resolved.choice]} markLabel={text('classroom.chosenOption')} text={text} />
        </div>
      )}
    </section>
  );
}
