import { useCallback, useEffect, useMemo, useReducer, useRef, useState } from 'react';
import { optionLetter } from '../../core/classroom/live-question';
import type {
  FacilitatorSnapshot,
  LiveTally,
  ParticipantView,
  PublicPush,
  PublicSessionState,
  QuestionKeyView,
} from '../../core/classroom/live-wire';
import { decideVote } from '../../core/classroom/votes';
import { randomUuid } from '../../core/statements/uuid';
import { audienceResults } from '../../client/classroom/audience-results';
import { addPerson, ApiError, facilitatorStreamUrl, sendCommand, setPresence } from '../../client/classroom/live-api';
import { openLiveStream, type StreamStatus } from '../../client/classroom/live-stream';
import { openPresenterChannel, parsePresenterMessage, postPresenterMessage, type PresenterMessage } from '../../client/presenter/channel';
import { addPageStrings } from '../../client/ui-text';
import { useUiText } from '../../client/use-ui-language';
import type { UiKey, UiValues } from '../../i18n/ui';
import { IslandErrorBoundary } from '../IslandErrorBoundary';
import PlayDebriefView from './PlayDebriefView';
import ResultsChart from './ResultsChart';

type Translate = (key: UiKey, values?: UiValues) => string;

/** What the session can put to the room: its lessons' practice questions and role-plays. */
export interface RunMaterial {
  questions: { lessonId: string; lessonTitle: string; questions: { id: string; type: string; prompt: string }[] }[];
  scenarios: { id: string; title: string; lessonTitle: string }[];
}

interface Props {
  code: string;
  material: RunMaterial;
  reportHref: string;
  /** The page's own Chinese strings (classroom.*), which the shipped dictionary leaves out. */
  strings: Partial<Record<UiKey, string>>;
}

interface RunState {
  state: PublicSessionState | null;
  participants: ParticipantView[];
  tally: LiveTally | null;
  key: QuestionKeyView | null;
}

type RunAction =
  | { type: 'snapshot'; snapshot: FacilitatorSnapshot }
  | { type: 'state'; state: PublicSessionState }
  | { type: 'participant'; participant: ParticipantView }
  | { type: 'tally'; tally: LiveTally }
  | { type: 'key'; key: QuestionKeyView };

function reduce(run: RunState, action: RunAction): RunState {
  switch (action.type) {
    case 'snapshot':
      return { ...action.snapshot };
    case 'state':
      // A state older than the one shown (a command's answer overtaken by the stream) is ignored.
      if (run.state && action.state.version < run.state.version) return run;
      return { ...run, state: action.state };
    case 'participant': {
      const others = run.participants.filter((person) => person.id !== action.participant.id);
      const at = run.participants.findIndex((person) => person.id === action.participant.id);
      const participants = at < 0 ? [...others, action.participant] : run.participants.map((person, i) => (i === at ? action.participant : person));
      return { ...run, participants };
    }
    case 'tally':
      return { ...run, tally: action.tally };
    case 'key':
      return { ...run, key: action.key };
  }
}

/** The facilitator's live run of a session: what is before the room, the answers as they arrive, attendance. */
export default function FacilitatorRun(props: Props) {
  addPageStrings(props.strings);
  const text = useUiText();
  return (
    <IslandErrorBoundary message={text('classroom.run.error')} className="live-run">
      <Run {...props} text={text} />
    </IslandErrorBoundary>
  );
}

function Run({ code, material, reportHref, text }: Props & { text: Translate }) {
  const [run, dispatch] = useReducer(reduce, { state: null, participants: [], tally: null, key: null });
  const [connection, setConnection] = useState<StreamStatus>('connecting');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  useEffect(
    () =>
      openLiveStream({
        url: facilitatorStreamUrl(code),
        onStatus: setConnection,
        handlers: {
          snapshot: (data) => dispatch({ type: 'snapshot', snapshot: data as FacilitatorSnapshot }),
          state: (data) => dispatch({ type: 'state', state: data as PublicSessionState }),
          participant: (data) => dispatch({ type: 'participant', participant: data as ParticipantView }),
          tally: (data) => dispatch({ type: 'tally', tally: data as LiveTally }),
          key: (data) => dispatch({ type: 'key', key: data as QuestionKeyView }),
        },
      }),
    [code],
  );

  useAudienceResults(code, run.state?.push, run.tally);

  const command = useCallback(
    async (type: string, extra: Record<string, unknown> = {}) => {
      if (!run.state) return;
      setBusy(true);
      setFailure(null);
      try {
        const { state } = await sendCommand(code, { type, ...extra, version: run.state.version, commandId: randomUuid() });
        dispatch({ type: 'state', state });
      } catch (error) {
        setFailure(text('classroom.run.failed', { message: error instanceof ApiError ? error.message : text('classroom.run.offline') }));
      } finally {
        setBusy(false);
      }
    },
    [code, run.state, text],
  );

  if (!run.state) return <p role="status">{text('classroom.run.loading')}</p>;
  const { state } = run;
  return (
    <div className="live-run">
      <p className="live-run__connection" role="status">
        {connection === 'reconnecting' ? text('classroom.run.reconnecting') : ''}
      </p>
      <Controls state={state} busy={busy} command={command} reportHref={reportHref} text={text} />
      {failure && (
        <p className="form-error" role="alert">
          {failure}
        </p>
      )}
      {state.status === 'running' && (
        <>
          <Activity run={run} busy={busy} command={command} text={text} />
          <PushPicker material={material} state={state} busy={busy} command={command} text={text} />
        </>
      )}
      {state.play?.debrief && state.activity !== 'decisionResolved' && <PlayDebriefView debrief={state.play.debrief} text={text} />}
      <Attendance code={code} participants={run.participants} closed={state.status === 'closed'} text={text} />
    </div>
  );
}

/**
 * Keeps the session's audience window (opened from the presenter view, in this browser) showing the answers to what
 * is before the room, over the presenter's BroadcastChannel; an audience window that opens later says hello and is
 * told again.
 */
function useAudienceResults(code: string, push: PublicPush | null | undefined, tally: LiveTally | null): void {
  // undefined: the session's state has not arrived yet, and the audience keeps what it shows.
  const message = useMemo(() => (push === undefined ? undefined : audienceResults(push, tally)), [push, tally]);
  const latest = useRef<PresenterMessage | undefined>(undefined);
  const [channel, setChannel] = useState<BroadcastChannel>();
  useEffect(() => {
    const opened = openPresenterChannel(code);
    opened?.addEventListener('message', (event: MessageEvent) => {
      if (parsePresenterMessage(event.data)?.type === 'hello' && latest.current) postPresenterMessage(opened, latest.current);
    });
    setChannel(opened);
    return () => opened?.close();
  }, [code]);
  useEffect(() => {
    latest.current = message;
    if (message) postPresenterMessage(channel, message);
  }, [channel, message]);
}

function Controls({
  state,
  busy,
  command,
  reportHref,
  text,
}: {
  state: PublicSessionState;
  busy: boolean;
  command: (type: string) => Promise<void>;
  reportHref: string;
  text: Translate;
}) {
  return (
    <section className="live-run__controls" aria-label={text('classroom.run.controls')}>
      <p className="live-run__status">
        {text('classroom.run.statusLine', { status: text(`classroom.status.${state.status}` as UiKey) })}
      </p>
      <div className="live-run__buttons">
        {state.status === 'draft' && (
          <button type="button" disabled={busy} onClick={() => void command('session.open')}>
            {text('classroom.run.open')}
          </button>
        )}
        {state.status === 'open' && (
          <button type="button" disabled={busy} onClick={() => void command('session.start')}>
            {text('classroom.run.start')}
          </button>
        )}
        {state.status !== 'closed' && (
          <button
            type="button"
            className="secondary"
            disabled={busy}
            onClick={() => {
              if (window.confirm(text('classroom.run.closeConfirm'))) void command('session.close');
            }}
          >
            {text('classroom.run.close')}
          </button>
        )}
        <a className="button secondary" href={reportHref}>
          {text('classroom.run.reportLink')}
        </a>
      </div>
      {state.status === 'closed' && <p role="status">{text('classroom.run.closed')}</p>}
    </section>
  );
}

function Activity({
  run,
  busy,
  command,
  text,
}: {
  run: RunState;
  busy: boolean;
  command: (type: string, extra?: Record<string, unknown>) => Promise<void>;
  text: Translate;
}) {
  const state = run.state!;
  const push = state.push;
  const present = run.participants.filter((person) => person.present);
  const tally = run.tally && push && run.tally.push === push.id ? run.tally : null;
  const answered = new Set(tally?.answered ?? []);
  const missing = present.filter((person) => !answered.has(person.id));
  const [tieBreak, setTieBreak] = useState('');

  if (!push) {
    return (
      <section className="live-run__activity" aria-labelledby="activity-heading">
        <h2 id="activity-heading">{text('classroom.run.now')}</h2>
        <p>{text('classroom.run.idle')}</p>
      </section>
    );
  }
  const open = state.activity === 'questionOpen' || state.activity === 'decisionVoting';
  const liveTally = push.kind === 'question' ? (push.revealed?.tally ?? tally?.tally) : (push.resolved?.tally ?? tally?.tally);
  const waiting = (
    <div className="live-run__progress">
      <p className="live-run__count">{text('classroom.run.answered', { n: tally?.answered.length ?? 0, total: present.length })}</p>
      {missing.length > 0 ? (
        <p className="live-run__missing">
          {text('classroom.run.notAnswered', { n: missing.length })}
          {missing.map((person) => person.name).join('、')}
        </p>
      ) : (
        <p>{text('classroom.run.everyoneAnswered')}</p>
      )}
    </div>
  );

  if (push.kind === 'question') {
    const key = run.key?.push === push.id ? run.key.key : null;
    const letters = key ? push.question.options.flatMap((option, i) => (key.correct.includes(option.id) ? [optionLetter(i)] : [])) : [];
    return (
      <section className="live-run__activity" aria-labelledby="activity-heading">
        <h2 id="activity-heading">{text('classroom.run.questionNumber', { n: push.id })}</h2>
        <p className="live-run__source">{push.lessonTitle}</p>
        {push.question.scenario && <p className="live-run__scenario">{push.question.scenario}</p>}
        <p className="live-run__prompt">{push.question.prompt}</p>
        {open && waiting}
        {liveTally && <ResultsChart tally={liveTally} marked={push.revealed?.correct ?? []} markLabel={text('classroom.correctOption')} text={text} />}
        {push.revealed ? (
          <div className="live-run__explanation">
            <h3>{text('classroom.explanation')}</h3>
            <p>{push.revealed.explanation}</p>
          </div>
        ) : (
          key && <p className="live-run__key">{text('classroom.run.key', { letters: letters.join('、') })}</p>
        )}
        <div className="live-run__buttons">
          {state.activity === 'questionOpen' && (
            <button type="button" disabled={busy} onClick={() => void command('question.reveal')}>
              {text('classroom.run.reveal')}
            </button>
          )}
          <button type="button" className="secondary" disabled={busy} onClick={() => void command('activity.clear')}>
            {text('classroom.run.clear')}
          </button>
        </div>
      </section>
    );
  }

  const decision = push.decision;
  const outcome = liveTally ? decideVote(liveTally) : null;
  const tied = outcome?.kind === 'tie' ? outcome.tied : [];
  const choiceText = (id: string) => decision.choices.find((choice) => choice.id === id)?.text ?? id;
  return (
    <section className="live-run__activity" aria-labelledby="activity-heading">
      <h2 id="activity-heading">{text('classroom.run.decision', { title: decision.scenarioTitle })}</h2>
      {decision.narration && <p className="live-run__scenario">{decision.narration}</p>}
      <p className="live-run__prompt">
        {decision.speaker && <strong>{decision.speaker.name}：</strong>}
        {decision.line}
      </p>
      {open && waiting}
      {liveTally && (
        <ResultsChart tally={liveTally} marked={push.resolved ? [push.resolved.choice] : []} markLabel={text('classroom.chosenOption')} text={text} />
      )}
      {push.resolved && (
        <p role="status">
          {text('classroom.classChose', { choice: push.resolved.choiceText })}
          {push.resolved.tieBroken && text('classroom.tieBroken')}
        </p>
      )}
      {state.activity === 'decisionVoting' && tied.length > 1 && (
        <fieldset className="live-run__tie">
          <legend>{text('classroom.run.tie', { choices: tied.map(choiceText).join('、') })}</legend>
          {tied.map((id) => (
            <label key={id}>
              <input type="radio" name="tie-break" value={id} checked={tieBreak === id} onChange={() => setTieBreak(id)} /> {choiceText(id)}
            </label>
          ))}
        </fieldset>
      )}
      <div className="live-run__buttons">
        {state.activity === 'decisionVoting' &&
          (tied.length > 1 ? (
            <button type="button" disabled={busy || !tied.includes(tieBreak)} onClick={() => void command('decision.resolve', { tieBreak })}>
              {text('classroom.run.tieBreak')}
            </button>
          ) : (
            <button type="button" disabled={busy} onClick={() => void command('decision.resolve')}>
              {text('classroom.run.resolve')}
            </button>
          ))}
        {state.activity === 'decisionResolved' && state.play && !state.play.ended && (
          <button type="button" disabled={busy} onClick={() => void command('decision.push')}>
            {text('classroom.run.nextDecision')}
          </button>
        )}
        <button type="button" className="secondary" disabled={busy} onClick={() => void command('activity.clear')}>
          {text('classroom.run.clear')}
        </button>
      </div>
      {state.activity === 'decisionResolved' && state.play?.debrief && <PlayDebriefView debrief={state.play.debrief} text={text} />}
    </section>
  );
}

function PushPicker({
  material,
  state,
  busy,
  command,
  text,
}: {
  material: RunMaterial;
  state: PublicSessionState;
  busy: boolean;
  command: (type: string, extra?: Record<string, unknown>) => Promise<void>;
  text: Translate;
}) {
  const [questionId, setQuestionId] = useState(material.questions.find((group) => group.questions.length)?.questions[0]?.id ?? '');
  const [scenarioId, setScenarioId] = useState(material.scenarios[0]?.id ?? '');
  const waitingPlay = state.play && !state.play.ended && state.activity !== 'decisionVoting' && state.activity !== 'decisionResolved';
  return (
    <section className="live-run__push" aria-labelledby="push-heading">
      <h2 id="push-heading">{text('classroom.run.pushHeading')}</h2>
      <form
        className="inline-form"
        onSubmit={(event) => {
          event.preventDefault();
          if (questionId) void command('question.push', { questionId });
        }}
      >
        <label>
          {text('classroom.run.question')}
          <select value={questionId} onChange={(event) => setQuestionId(event.target.value)}>
            {material.questions
              .filter((group) => group.questions.length > 0)
              .map((group) => (
                <optgroup key={group.lessonId} label={group.lessonTitle}>
                  {group.questions.map((question) => (
                    <option key={question.id} value={question.id}>
                      {question.prompt}
                    </option>
                  ))}
                </optgroup>
              ))}
          </select>
        </label>
        <button type="submit" disabled={busy || !questionId}>
          {text('classroom.run.pushSubmit')}
        </button>
      </form>
      {material.scenarios.length > 0 ? (
        <form
          className="inline-form"
          onSubmit={(event) => {
            event.preventDefault();
            if (scenarioId) void command('roleplay.start', { scenarioId });
          }}
        >
          <label>
            {text('classroom.run.scenario')}
            <select value={scenarioId} onChange={(event) => setScenarioId(event.target.value)}>
              {material.scenarios.map((scenario) => (
                <option key={scenario.id} value={scenario.id}>
                  {scenario.title}（{scenario.lessonTitle}）
                </option>
              ))}
            </select>
          </label>
          <button type="submit" disabled={busy || !scenarioId}>
            {text('classroom.run.startPlaySubmit')}
          </button>
        </form>
      ) : (
        <p>{text('classroom.run.noScenario')}</p>
      )}
      {waitingPlay && (
        <p>
          <button type="button" disabled={busy} onClick={() => void command('decision.push')}>
            {text('classroom.run.resumePlay', { title: state.play!.title })}
          </button>
        </p>
      )}
    </section>
  );
}

function Attendance({ code, participants, closed, text }: { code: string; participants: ParticipantView[]; closed: boolean; text: Translate }) {
  const [name, setName] = useState('');
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const nameField = useRef<HTMLInputElement>(null);
  const act = async (id: string, work: () => Promise<unknown>) => {
    setBusy(id);
    setFailure(null);
    try {
      await work();
      return true;
    } catch (error) {
      setFailure(text('classroom.run.failed', { message: error instanceof ApiError ? error.message : text('classroom.run.offline') }));
      return false;
    } finally {
      setBusy(null);
    }
  };
  const present = participants.filter((person) => person.present).length;
  const time = (ms: number | null) => (ms === null ? '—' : new Date(ms).toLocaleTimeString('zh-CN', { hour: '2-digit', minute: '2-digit', hour12: false }));
  return (
    <section className="live-run__attendance" aria-labelledby="attendance-heading">
      <h2 id="attendance-heading">{text('classroom.run.attendance')}</h2>
      <p>{text('classroom.run.attendanceCount', { present, total: participants.length })}</p>
      {failure && (
        <p className="form-error" role="alert">
          {failure}
        </p>
      )}
      {participants.length === 0 ? (
        <p>{text('classroom.run.nobody')}</p>
      ) : (
        <div className="table-scroll">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">{text('classroom.run.name')}</th>
                <th scope="col">{text('classroom.run.kind')}</th>
                <th scope="col">{text('classroom.run.presence')}</th>
                <th scope="col">{text('classroom.run.checkedIn')}</th>
                {!closed && <th scope="col">{text('classroom.run.actions')}</th>}
              </tr>
            </thead>
            <tbody>
              {participants.map((person) => (
                <tr key={person.id} data-participant={person.name}>
                  <th scope="row">{person.name}</th>
                  <td>{text(`classroom.run.kind.${person.kind}` as UiKey)}</td>
                  <td>{person.present ? text('classroom.run.present') : text('classroom.run.absent')}</td>
                  <td>{time(person.checkedInAt)}</td>
                  {!closed && (
                    <td>
                      <button
                        type="button"
                        className="secondary"
                        disabled={busy === person.id}
                        aria-label={text(person.present ? 'classroom.run.checkOutLabel' : 'classroom.run.checkInLabel', { name: person.name })}
                        onClick={() => void act(person.id, () => setPresence(code, person.id, !person.present))}
                      >
                        {person.present ? text('classroom.run.checkOut') : text('classroom.run.checkIn')}
                      </button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {!closed && (
        <form
          className="inline-form"
          onSubmit={(event: { preventDefault(): void }) => {
            event.preventDefault();
            const typed = name.trim();
            if (!typed) return nameField.current?.focus();
            void act('add', () => addPerson(code, typed)).then((ok) => ok && setName(''));
          }}
        >
          <label>
            {text('classroom.run.addPerson')}
            <input ref={nameField} value={name} maxLength={40} autoComplete="off" onChange={(event) => setName(event.target.value)} />
          </label>
          <button type="submit" disabled={busy === 'add'}>
            {text('classroom.run.addSubmit')}
          </button>
        </form>
      )}
    </section>
  );
}
