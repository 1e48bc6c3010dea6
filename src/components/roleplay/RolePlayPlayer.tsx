import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode, type Ref, type RefObject } from 'react';
import { IslandErrorBoundary } from '../IslandErrorBoundary';
import { useActorRef, useSelector } from '@xstate/react';
import { createActiveTimer, type ActiveTimer } from '../../core/progress/active-time';
import {
  choiceEvent,
  createScenarioMachine,
  totalScore,
  undoEvent,
  type Meters,
  type ScenarioEvent,
  type ScenarioMachine,
  type ScenarioSnapshot,
} from '../../core/scenario/scenario-machine';
import {
  currentStep,
  indexScenario,
  judgeSubmission,
  scaledScore,
  transcriptOf,
  type DebriefLink,
  type ScenarioIndex,
  type ScoreRange,
} from '../../core/scenario/scenario-view';
import { principleIds, type Principle } from '../../core/course/principles';
import type { Scenario, ScenarioEnding } from '../../core/scenario/schemas/scenario';
import { startLearnerSession, type LearnerSession } from '../../client/learner-session';
import { announceGroupStep, onGroupChoice, type GroupStep } from '../../client/role-play-group';
import { newSeed } from '../../core/scenario/shuffle';
import { keepRolePlay, recordRolePlayCompletion, resumeRolePlay, type SavedRolePlay } from '../../client/role-play-progress';
import { followPageVisibility } from '../../client/page-visibility';
import { useUiText } from '../../client/use-ui-language';
import type { UiKey, UiValues } from '../../i18n/ui';

type Translate = (key: UiKey, values?: UiValues) => string;

export interface RolePlayProps {
  scenario: Scenario;
  /** Changes whenever the scenario does, so an attempt saved on an older version starts over. */
  revision: string;
  /** The best play-through as choice refs, from the machine's graph. */
  bestPath: string[];
  scoreRange: ScoreRange;
  /** For each ending id, its links to lesson sections. */
  debriefLinks: Record<string, DebriefLink[]>;
  /** The level of the role-play's title; its other headings follow it. */
  headingLevel: 1 | 2 | 3;
  /** False where the page itself shows the title (the scenario's own page). */
  showTitle?: boolean;
  /** The lesson whose page the role-play is played in; absent on the scenario's own page. */
  lessonId?: string;
  /** `group`: choices come from outside (a class vote), nothing is recorded on this device. Without it, `?mode=group` in the address turns it on. */
  mode?: 'solo' | 'group';
  /**
   * The seed that orders the choices in group mode, from the class session (or `?seed=` in the
   * address), so every phone shows the same order; a solo play draws its own.
   */
  seed?: number;
}

/** A role-play: branching dialogue played on the scenario's machine, with meters, 换个说法, and a debrief at the end. */
export default function RolePlayPlayer(props: RolePlayProps) {
  const text = useUiText();
  return (
    <IslandErrorBoundary message={text('roleplay.error')}>
      <RolePlay {...props} text={text} />
    </IslandErrorBoundary>
  );
}

type Phase =
  | { kind: 'loading' }
  | { kind: 'intro'; notice?: UiKey }
  | { kind: 'playing'; attempt: number; seed: number; initial?: ScenarioSnapshot; notice?: UiKey };

function RolePlay({ text, ...props }: RolePlayProps & { text: Translate }) {
  const { scenario, revision, scoreRange } = props;
  const index = useMemo(() => indexScenario(scenario), [scenario]);
  const machine = useMemo(() => createScenarioMachine(scenario), [scenario]);
  const [phase, setPhase] = useState<Phase>({ kind: 'loading' });
  const [mode, setMode] = useState<'solo' | 'group'>(props.mode ?? 'solo');
  const groupSeed = useRef<number | undefined>(props.seed);
  const [failure, setFailure] = useState<Error>();
  if (failure) throw failure;

  const session = useRef<LearnerSession | undefined>(undefined);
  const [timer] = useState<ActiveTimer>(() => createActiveTimer(() => performance.now()));
  const activeMs = useRef(0);
  // Writes one after another, so a slow write never lands after a later one.
  const writes = useRef<Promise<unknown>>(Promise.resolve());
  const item = useMemo(() => ({ id: scenario.id, title: scenario.title }), [scenario]);
  // Statements name the lesson page the role-play is played in, whose own reading time already covers it.
  const within = (current: LearnerSession) => {
    const lesson = current.context.model.lessons.find((candidate) => candidate.id === props.lessonId);
    return lesson ? { id: lesson.id, title: lesson.title } : undefined;
  };

  /** Makes the `completed` statement of an ending reached: once, when it is reached, so every retry keeps its id. */
  const completionOf = useCallback(
    (current: LearnerSession, snapshot: ScenarioSnapshot, spentMs: number) => {
      const ending = index.endings.get(String(snapshot.value))!;
      return current.factory.scenarioCompleted(item, {
        endingId: ending.id,
        rating: ending.rating,
        principleScores: snapshot.context.meters,
        path: snapshot.context.path,
        scaled: scaledScore(snapshot.context.meters, scoreRange),
        activeMs: spentMs,
      }, within(current));
    },
    [index, item, scoreRange],
  );

  /** Keeps the attempt after every step, and records the ending once it is reached. */
  const persist = useCallback(
    (snapshot: ScenarioSnapshot, persisted: unknown) => {
      const current = session.current;
      if (!current) return;
      activeMs.current += timer.take();
      const saved: SavedRolePlay = {
        revision,
        snapshot: persisted,
        activeMs: activeMs.current,
        completionRecorded: false,
        ...(snapshot.status === 'done' ? { completion: completionOf(current, snapshot, activeMs.current) } : {}),
      };
      writes.current = writes.current
        .then(async () => {
          // The attempt is kept with its statement first, so a tab closed before the statement is written records it on resume.
          await keepRolePlay(current.db, scenario.id, saved);
          if (saved.completion) await recordRolePlayCompletion(current, scenario.id, { ...saved, completion: saved.completion });
        })
        .catch(setFailure);
    },
    [completionOf, revision, scenario.id, timer],
  );

  useEffect(() => {
    const group = props.mode === 'group' || (!props.mode && new URLSearchParams(location.search).get('mode') === 'group');
    if (group) {
      const fromAddress = Number.parseInt(new URLSearchParams(location.search).get('seed') ?? '', 10);
      groupSeed.current ??= Number.isSafeInteger(fromAddress) ? fromAddress >>> 0 : newSeed();
      setMode('group');
      setPhase({ kind: 'intro' });
      return;
    }
    let cancelled = false;
    (async () => {
      const started = await startLearnerSession();
      const resumed = await resumeRolePlay(started.db, index, revision);
      if (cancelled) return;
      session.current = started;
      if (resumed.kind !== 'resume') {
        setPhase({ kind: 'intro', ...(resumed.kind === 'outdated' ? { notice: 'roleplay.updated' as const } : {}) });
        return;
      }
      const { saved } = resumed;
      activeMs.current = saved.activeMs;
      if (saved.snapshot.status === 'done' && !saved.completionRecorded) {
        // The tab closed between reaching the ending and recording it: record the statement made then, with its id.
        const completion = saved.completion ?? completionOf(started, saved.snapshot, saved.activeMs);
        writes.current = writes.current.then(() => recordRolePlayCompletion(started, scenario.id, { ...saved, completion })).catch(setFailure);
      }
      setPhase({ kind: 'playing', attempt: 0, seed: saved.snapshot.context.seed, initial: saved.snapshot, notice: 'roleplay.resumed' });
    })().catch(setFailure);
    return () => {
      cancelled = true;
    };
  }, [completionOf, index, props.mode, revision, scenario.id]);

  useEffect(() => followPageVisibility(timer), [timer]);

  /** Starts a new attempt: from the intro, 从头再来 or 再试一次. */
  const start = useCallback(() => {
    timer.take();
    activeMs.current = 0;
    const current = session.current;
    if (current) {
      writes.current = writes.current.then(() => current.record(current.factory.scenarioAttempted(item, within(current)))).catch(setFailure);
    }
    // Each solo attempt shows its choices in a new order; a class keeps its session's order.
    const seed = groupSeed.current ?? newSeed();
    setPhase((previous) => ({ kind: 'playing', attempt: previous.kind === 'playing' ? previous.attempt + 1 : 1, seed }));
  }, [item, timer]);

  const level = props.headingLevel;
  const titleId = `role-play-${scenario.id}-title`;
  const player = index.cast.get(scenario.player)!;
  const others = scenario.cast.filter((member) => member.id !== scenario.player);
  const principleList = (principles: readonly Principle[]) =>
    principles.map((p) => text(`roleplay.principle.${p}`)).join(text('roleplay.listJoin'));

  return (
    <section
      className="role-play"
      data-role-play={scenario.id}
      data-mode={mode}
      data-phase={phase.kind}
      {...(props.showTitle === false ? { 'aria-label': scenario.title } : { 'aria-labelledby': titleId })}
    >
      <header className="role-play__header">
        <p className="role-play__kicker">{text('roleplay.label')}</p>
        {props.showTitle !== false && (
          <Heading level={level} id={titleId}>
            {scenario.title}
          </Heading>
        )}
        <p>{scenario.summary}</p>
        <ul className="role-play__facts">
          <li>{text('roleplay.youPlay', { name: player.name, department: player.department, role: player.role })}</li>
          <li>
            {text('roleplay.cast', {
              names: others
                .map((member) => text('roleplay.castMember', { name: member.name, department: member.department, role: member.role }))
                .join(text('roleplay.castJoin')),
            })}
          </li>
          <li>{text('roleplay.practises', { principles: principleList(scenario.principles) })}</li>
        </ul>
        {mode === 'group' && <p className="role-play__group-note">{text('roleplay.group')}</p>}
      </header>

      {phase.kind === 'loading' && (
        <p role="status" className="role-play__loading">
          {text('roleplay.loading')}
        </p>
      )}
      {phase.kind === 'intro' && (
        <div className="role-play__intro">
          {phase.notice && <p role="status">{text(phase.notice)}</p>}
          <button type="button" className="button" onClick={start}>
            {text('roleplay.start')}
          </button>
        </div>
      )}
      {phase.kind === 'playing' && (
        <Conversation
          key={phase.attempt}
          machine={machine}
          index={index}
          initial={phase.initial}
          seed={phase.seed}
          notice={phase.notice}
          focusOnStart={phase.attempt > 0}
          mode={mode}
          text={text}
          level={level}
          bestPath={props.bestPath}
          scoreRange={scoreRange}
          debriefLinks={props.debriefLinks}
          principleList={principleList}
          onStep={persist}
          onRestart={start}
        />
      )}
    </section>
  );
}

interface ConversationProps {
  machine: ScenarioMachine;
  index: ScenarioIndex;
  initial: ScenarioSnapshot | undefined;
  seed: number;
  notice: UiKey | undefined;
  focusOnStart: boolean;
  mode: 'solo' | 'group';
  text: Translate;
  level: 1 | 2 | 3;
  bestPath: string[];
  scoreRange: ScoreRange;
  debriefLinks: Record<string, DebriefLink[]>;
  principleList: (principles: readonly Principle[]) => string;
  onStep: (snapshot: ScenarioSnapshot, persisted: unknown) => void;
  onRestart: () => void;
}

function Conversation(props: ConversationProps) {
  const { index, text, mode, level } = props;
  const scenarioId = index.scenario.id;
  const actor = useActorRef(props.machine, props.initial ? { snapshot: props.initial } : { input: { seed: props.seed } });
  const snapshot = useSelector(actor, (s) => s);
  const step = currentStep(index, snapshot);
  const transcript = useMemo(() => transcriptOf(index, snapshot.context), [index, snapshot.context]);
  const [announcement, setAnnouncement] = useState<string>(props.notice ? text(props.notice) : '');
  const focusNext = useRef(props.focusOnStart);
  const currentStepRef = useRef<HTMLLIElement>(null);
  const endingRef = useRef<HTMLHeadingElement>(null);
  const { onStep } = props;

  const keptFresh = useRef(false);
  useEffect(() => {
    // A fresh attempt is kept at once, so a reload right after 开始 resumes at the first node.
    if (props.initial || keptFresh.current) return;
    keptFresh.current = true;
    onStep(actor.getSnapshot(), actor.getPersistedSnapshot());
  }, [actor, onStep, props.initial]);

  const take = useCallback(
    (event: ScenarioEvent, said?: string) => {
      const before = actor.getSnapshot();
      actor.send(event);
      const after = actor.getSnapshot();
      if (after.context === before.context) return;
      focusNext.current = true;
      const changes = describeChanges(before.context.meters, after.context.meters, text);
      setAnnouncement([said, event.type === undoEvent.type ? text('roleplay.undone') : changes].filter(Boolean).join(' '));
      onStep(after, actor.getPersistedSnapshot());
    },
    [actor, onStep, text],
  );

  useEffect(() => {
    if (!focusNext.current) return;
    focusNext.current = false;
    (step.kind === 'ending' ? endingRef.current : currentStepRef.current)?.focus();
  }, [snapshot, step.kind]);

  // Serialised so that the room is told once per step, not on every render.
  const roomStep = JSON.stringify({
    scenarioId,
    seed: snapshot.context.seed,
    node: step.kind === 'node' ? step.node.id : null,
    choices:
      step.kind === 'node'
        ? step.choices.map((choice): GroupStep['choices'][number] => {
            const id = choice.ref.slice(choice.ref.indexOf('.') + 1);
            return choice.available
              ? { id, text: choice.text, available: true }
              : { id, text: choice.text, available: false, reason: choice.reason };
          })
        : [],
    ending: step.kind === 'ending' ? step.ending.id : null,
  } satisfies GroupStep);
  useEffect(() => {
    if (mode === 'group') announceGroupStep(JSON.parse(roomStep));
  }, [mode, roomStep]);

  useEffect(() => {
    if (mode !== 'group') return undefined;
    return onGroupChoice(scenarioId, (submitted) => {
      const verdict = judgeSubmission(actor.getSnapshot(), submitted);
      if (!verdict.accepted) return;
      const choice = index.choices.get(`${submitted.node}.${submitted.choice}`)!.choice;
      take(verdict.event, text('roleplay.groupChosen', { choice: choice.text }));
    });
  }, [actor, index, mode, scenarioId, take, text]);

  const lastChoice = snapshot.context.choices.at(-1);
  const lastEffects = lastChoice ? index.choices.get(lastChoice)?.choice.effects : undefined;
  const promptId = `role-play-${scenarioId}-prompt`;

  return (
    <div className="role-play__stage">
      <MeterBoard meters={snapshot.context.meters} changes={lastEffects} text={text} />

      <ol className="role-play__dialogue" aria-label={text('roleplay.dialogue')}>
        {transcript.map((entry, i) => {
          const isCurrent = i === transcript.length - 1;
          return (
            <li key={`${i}:${entry.id}`} ref={isCurrent ? currentStepRef : undefined} tabIndex={isCurrent ? -1 : undefined}>
              {entry.narration && <p className="role-play__narration">{entry.narration}</p>}
              {entry.line && (
                <div className="role-play__bubble">
                  <p className="role-play__speaker">
                    {entry.line.speaker.name}
                    <span className="role-play__speaker-role">
                      {entry.line.speaker.department} · {entry.line.speaker.role}
                    </span>
                  </p>
                  <p>{entry.line.text}</p>
                </div>
              )}
              {entry.reply && (
                <div className="role-play__bubble role-play__bubble--reply">
                  <p className="role-play__speaker">
                    {text('roleplay.you', { name: entry.reply.speaker.name })}
                  </p>
                  <p>{entry.reply.text}</p>
                </div>
              )}
            </li>
          );
        })}
      </ol>

      <p role="status" className="role-play__status" data-role-play-status>
        {announcement}
      </p>

      {step.kind === 'node' && mode === 'solo' && (
        <div className="role-play__choices" role="group" aria-labelledby={promptId}>
          <p id={promptId} className="role-play__prompt">
            {text('roleplay.prompt')}
          </p>
          {step.choices.map((choice) =>
            choice.available ? (
              <button key={choice.ref} type="button" className="role-play__choice" onClick={() => take(choiceEvent(choice.ref))}>
                {choice.text}
              </button>
            ) : (
              <UnavailableChoice key={choice.ref} id={`role-play-${scenarioId}-why-${choice.ref}`} text={choice.text} reason={choice.reason} t={text} />
            ),
          )}
          <div className="role-play__tools">
            {step.canUndo && (
              <button type="button" className="role-play__tool" onClick={() => take(undoEvent)} title={text('roleplay.undoHint')}>
                {text('roleplay.undo')}
              </button>
            )}
            {snapshot.context.choices.length > 0 && (
              <button type="button" className="role-play__tool" onClick={props.onRestart}>
                {text('roleplay.restart')}
              </button>
            )}
          </div>
        </div>
      )}

      {step.kind === 'node' && mode === 'group' && (
        <div className="role-play__choices" role="group" aria-labelledby={promptId}>
          <p id={promptId} className="role-play__prompt">
            {text('roleplay.groupWaiting')}
          </p>
          <ol className="role-play__options">
            {step.choices.map((choice, i) => (
              <li
                key={choice.ref}
                data-choice={choice.ref.slice(choice.ref.indexOf('.') + 1)}
                {...(choice.available ? {} : { 'data-unavailable': '', className: 'role-play__option--unavailable' })}
              >
                <span className="role-play__letter">{text('roleplay.option', { letter: String.fromCharCode(65 + i) })}</span>
                {choice.text}
                {!choice.available && <span className="role-play__why">{text('roleplay.unavailable', { reason: choice.reason })}</span>}
              </li>
            ))}
          </ol>
        </div>
      )}

      {step.kind === 'ending' && (
        <Debrief {...props} ending={step.ending} snapshot={snapshot} headingRef={endingRef} endingLevel={level + 1} />
      )}
    </div>
  );
}

function Debrief({
  ending,
  snapshot,
  headingRef,
  endingLevel,
  index,
  text,
  bestPath,
  scoreRange,
  debriefLinks,
  principleList,
  onRestart,
}: ConversationProps & {
  ending: ScenarioEnding;
  snapshot: ScenarioSnapshot;
  headingRef: RefObject<HTMLHeadingElement | null>;
  /** The ending's heading sits one level below the role-play's title. */
  endingLevel: number;
}) {
  const taken = snapshot.context.choices;
  const same = taken.length === bestPath.length && taken.every((ref, i) => ref === bestPath[i]);
  const divergence = taken.findIndex((ref, i) => ref !== bestPath[i]);
  const said = (ref: string) => index.choices.get(ref)?.choice.text ?? ref;
  const inner = endingLevel + 1;
  return (
    <section className="role-play__ending" data-ending={ending.id} data-rating={ending.rating} aria-labelledby={`role-play-${index.scenario.id}-ending`}>
      <Heading level={endingLevel} id={`role-play-${index.scenario.id}-ending`} ref={headingRef} tabIndex={-1}>
        {text('roleplay.ending', { title: ending.title })}
      </Heading>
      <p className="role-play__rating">
        <strong>{text('roleplay.rating', { rating: text(`report.rating.${ending.rating}`) })}</strong> ·{' '}
        {text('roleplay.score', { total: signed(totalScore(snapshot.context.meters)), min: signed(scoreRange.min), max: signed(scoreRange.max) })}
      </p>

      <Heading level={inner}>{text('roleplay.debrief')}</Heading>
      <p>{ending.debrief}</p>
      <p>{text('roleplay.atStake', { principles: principleList(ending.principles) })}</p>
      <p className="role-play__review">{text('roleplay.review')}</p>
      <ul>
        {(debriefLinks[ending.id] ?? []).map((link) => (
          <li key={link.href}>
            <a href={link.href}>{link.text}</a>
          </li>
        ))}
      </ul>

      <Heading level={inner}>{text('roleplay.paths')}</Heading>
      <p>{same ? text('roleplay.samePath') : text('roleplay.divergeAt', { n: divergence < 0 ? taken.length + 1 : divergence + 1 })}</p>
      <div className="role-play__paths">
        <div>
          <p className="role-play__path-title">{text('roleplay.yourPath')}</p>
          <ol data-path="learner">
            {taken.map((ref) => (
              <li key={ref}>{said(ref)}</li>
            ))}
          </ol>
        </div>
        <div>
          <p className="role-play__path-title">{text('roleplay.bestPath')}</p>
          <ol data-path="best">
            {bestPath.map((ref) => (
              <li key={ref}>{said(ref)}</li>
            ))}
          </ol>
        </div>
      </div>
      <button type="button" className="button" onClick={onRestart}>
        {text('roleplay.retry')}
      </button>
    </section>
  );
}

/**
 * A choice the learner cannot take now, shown with the reason from the story. It stays focusable
 * (aria-disabled rather than disabled) so that a screen reader reaches it and reads the reason.
 */
function UnavailableChoice({ id, text, reason, t }: { id: string; text: string; reason: string; t: Translate }) {
  return (
    <div className="role-play__unavailable" data-unavailable>
      <button type="button" className="role-play__choice" aria-disabled="true" aria-describedby={id}>
        {text}
      </button>
      <p id={id} className="role-play__why">
        {t('roleplay.unavailable', { reason })}
      </p>
    </div>
  );
}

function MeterBoard({ meters, changes, text }: { meters: Meters; changes: Partial<Meters> | undefined; text: Translate }) {
  return (
    <ul className="role-play__meters" aria-label={text('roleplay.meters')}>
      {principleIds.map((principle) => {
        const value = meters[principle];
        const change = changes?.[principle];
        // The bar is a picture of the number beside it: ±6 fills one half.
        const reach = Math.min(Math.abs(value), 6) / 6;
        return (
          <li key={principle} data-principle={principle} data-value={value}>
            <span className="role-play__meter-name">{text(`roleplay.principle.${principle}`)}</span>
            <span className="role-play__meter-track" aria-hidden="true">
              <span
                className={`role-play__meter-fill role-play__meter-fill--${value < 0 ? 'down' : 'up'}`}
                style={{ width: `${reach * 50}%` }}
              />
            </span>
            <span className="role-play__meter-value">
              {signed(value)}
              {change ? <span className="role-play__meter-change">{text('roleplay.meterChange', { change: signed(change) })}</span> : null}
            </span>
          </li>
        );
      })}
    </ul>
  );
}

function describeChanges(before: Meters, after: Meters, text: Translate): string {
  const moved = principleIds
    .filter((principle) => after[principle] !== before[principle])
    .map((principle) => `${text(`roleplay.principle.${principle}`)} ${signed(after[principle] - before[principle])}`);
  return moved.length ? text('roleplay.changes', { changes: moved.join(text('roleplay.listJoin')) }) : text('roleplay.noChange');
}

function signed(n: number): string {
  return n > 0 ? `+${n}` : n < 0 ? `−${-n}` : '0';
}

function Heading({
  level,
  children,
  ...rest
}: {
  level: number;
  children: ReactNode;
  id?: string;
  tabIndex?: number;
  ref?: Ref<HTMLHeadingElement>;
}) {
  const Tag = `h${Math.min(Math.max(level, 1), 6)}` as 'h2';
  return <Tag {...rest}>{children}</Tag>;
}
