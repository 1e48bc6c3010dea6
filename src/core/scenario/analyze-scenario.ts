import type { EventFromLogic } from 'xstate';
import { getAdjacencyMap, getShortestPaths, type AdjacencyMap } from 'xstate/graph';
import {
  applyEffects,
  choiceEvent,
  choiceOfEvent,
  choiceRef,
  createScenarioMachine,
  meetsCondition,
  zeroMeters,
  refsOf,
  totalScore,
  type ScenarioMachine,
  type ScenarioSnapshot,
} from './scenario-machine.ts';
import { indexScenario, type ScoreRange } from './scenario-view.ts';
import { seededShuffle } from './shuffle.ts';
import { principleIds, principleNames } from '../course/principles.ts';
import { endingRatings, type Assumption, type Scenario } from './schemas/scenario.ts';

/** What the checker reports of a sound scenario. */
export interface ScenarioFigures {
  nodes: number;
  /** Nodes that offer two or more choices. */
  decisionNodes: number;
  endings: number;
  /** Distinct play-throughs from the opening to an ending. */
  paths: number;
  /** The most choices any play-through takes. */
  longestPath: number;
  /** The fewest choices that reach a best ending. */
  shortestToBest: number;
  scoreRange: ScoreRange;
  /** The best play-through: a best ending with the highest score, in the fewest choices; as choice refs. */
  bestPath: string[];
  bestEnding: string;
  /** For each ending id, the lowest and highest score it can be reached with. */
  endingScores: Record<string, ScoreRange>;
  /** Decision nodes whose best choice (see bestChoices) is written first in the file, of all decision nodes. */
  authoredFirst: { count: number; of: number };
  /** Of `plays` plays with seeds 1…plays, how many reach a best ending by always taking the first choice shown. */
  firstShownBest: { count: number; plays: number };
}

/** One soundness fault, named by the field of the scenario file it is about. */
export interface ScenarioFault {
  field: string;
  message: string;
}

type Adjacency = AdjacencyMap<ScenarioSnapshot, EventFromLogic<ScenarioMachine>>;

/** The ratings as the learner reads them beside the score. */
export const ratingNames = { best: '最佳', acceptable: '尚可', poor: '待改进' } as const satisfies Record<(typeof endingRatings)[number], string>;

/** How many seeded plays measure whether taking the first choice shown wins. */
export const firstShownPlays = 1000;

export type ScenarioAnalysis = { ok: true; figures: ScenarioFigures } | { ok: false; faults: ScenarioFault[] };

/** The most states a scenario may have before the checker gives up: far above any hand-written dialogue. */
export const stateLimit = 200_000;

/**
 * Proves a scenario sound with the graph of its machine: every node reachable, no dead end for any
 * reachable meter state, a best ending reachable, no play-through longer than `maxChoices`, and no
 * cast member who never appears. Returns the checker's figures when it is sound.
 */
export function analyzeScenario(scenario: Scenario, machine: ScenarioMachine = createScenarioMachine(scenario)): ScenarioAnalysis {
  const faults = unusedCast(scenario);
  const loops = cycles(scenario);
  // A loop in the dialogue makes the state space endless: the graph is only walked without one.
  if (loops.length > 0) return { ok: false, faults: [...faults, ...loops] };

  const traversal = traversalOptions(scenario);
  let adjacency: Adjacency;
  try {
    adjacency = getAdjacencyMap(machine, { ...traversal, limit: stateLimit });
  } catch (error) {
    if (!(error instanceof Error) || !/limit/i.test(error.message)) throw error;
    return {
      ok: false,
      faults: [...faults, { field: 'nodes', message: `分支组合过多（超过 ${stateLimit} 个状态），无法完成检查：请减少条件或合并节点` }],
    };
  }
  const states = Object.entries(adjacency);
  const reached = new Set(states.map(([, { state }]) => String(state.value)));

  scenario.nodes.forEach((node, i) => {
    if (!reached.has(node.id)) {
      faults.push({ field: `nodes[${i}]`, message: `节点 “${node.id}”无法到达：从开场出发，没有任何一条选择路线通向它` });
    }
  });
  scenario.endings.forEach((ending, i) => {
    if (!reached.has(ending.id)) {
      faults.push({ field: `endings[${i}]`, message: `结局 “${ending.id}”无法到达：从开场出发，没有任何一条选择路线通向它` });
    }
  });

  const deadEnds = new Map<string, ScenarioSnapshot>();
  for (const [, { state, transitions }] of states) {
    const id = String(state.value);
    if (state.status !== 'done' && Object.keys(transitions).length === 0 && !deadEnds.has(id)) deadEnds.set(id, state);
  }
  for (const [id, state] of deadEnds) {
    const i = scenario.nodes.findIndex((node) => node.id === id);
    faults.push({
      field: `nodes[${i}].choices`,
      message: `节点 “${id}”是死胡同：当${describeState(state)}，所有选项的条件都不满足，学员无路可走`,
    });
  }

  faults.push(...unmetAssumptions(scenario, states.map(([, { state }]) => state)));

  const ratingOf = new Map(scenario.endings.map((ending) => [ending.id, ending.rating]));
  const isBest = (state: ScenarioSnapshot) => state.status === 'done' && ratingOf.get(String(state.value)) === 'best';
  if (!states.some(([, { state }]) => isBest(state))) {
    faults.push({ field: 'endings', message: '没有可到达的最佳结局（rating: best）：无论学员怎么选，都得不到最佳结果' });
  }

  const longest = longestPath(adjacency, traversal.serializeState);
  if (longest.length > scenario.maxChoices) {
    faults.push({
      field: 'maxChoices',
      message: `有一条路线需要 ${longest.length} 次选择，超过上限 ${scenario.maxChoices}：${longest.route.join(' → ')}`,
    });
  }
  const finals = states.map(([, { state }]) => state).filter((state) => state.status === 'done');
  const endingScores = scoresByEnding(finals);
  faults.push(...ratingContradictions(scenario, endingScores));
  if (faults.length > 0) return { ok: false, faults };

  const totals = finals.map((state) => totalScore(state.context.meters));
  const best = bestChoices(scenario, adjacency, traversal.serializeState);
  const decisions = scenario.nodes.filter((node) => node.choices.length >= 2);
  const bestPaths = getShortestPaths(machine, traversal).filter((path) => isBest(path.state));
  const bestPlay = bestPaths.reduce((a, b) => {
    const byScore = totalScore(b.state.context.meters) - totalScore(a.state.context.meters);
    return byScore > 0 || (byScore === 0 && b.weight < a.weight) ? b : a;
  });
  return {
    ok: true,
    figures: {
      nodes: scenario.nodes.length,
      decisionNodes: decisions.length,
      endings: scenario.endings.length,
      paths: countPaths(adjacency, traversal.serializeState),
      longestPath: longest.length,
      shortestToBest: Math.min(...bestPaths.map((path) => path.weight)),
      scoreRange: { min: Math.min(...totals), max: Math.max(...totals) },
      // The graph's paths begin with a step for the initial state (event xstate.init), which is no choice.
      bestPath: bestPlay.steps.flatMap((step) => choiceOfEvent(step.event) ?? []),
      bestEnding: String(bestPlay.state.value),
      endingScores,
      authoredFirst: {
        count: decisions.filter((node) => best.get(node.id) === choiceRef(node.id, node.choices[0]!.id)).length,
        of: decisions.length,
      },
      firstShownBest: { count: firstShownWins(scenario, firstShownPlays), plays: firstShownPlays },
    },
  };
}

/**
 * Traversal options for the scenario's graph: the events are the choices the current node offers and
 * the machine accepts (taking a choice back is left out: it only returns to a state already seen).
 * States are told apart by node, meters and the choices conditions ask about, not by the path, so
 * routes that meet in the same situation merge and the graph stays small.
 */
export function traversalOptions(scenario: Scenario) {
  const choicesAt = new Map(scenario.nodes.map((node) => [node.id, node.choices.map((c) => choiceEvent(choiceRef(node.id, c.id)))]));
  const asked = new Set([
    ...scenario.nodes.flatMap((node) => [...refsOf(node.assumes), ...node.choices.flatMap((choice) => refsOf(choice.if))]),
    ...scenario.endings.flatMap((ending) => refsOf(ending.assumes)),
  ]);
  return {
    events: (state: ScenarioSnapshot) =>
      state.status === 'done' ? [] : (choicesAt.get(String(state.value)) ?? []).filter((event) => state.can(event)),
    serializeState: (state: ScenarioSnapshot) =>
      JSON.stringify([
        state.value,
        principleIds.map((p) => state.context.meters[p]),
        state.context.choices.filter((ref) => asked.has(ref)).sort(),
      ]),
  };
}

function describeState(state: ScenarioSnapshot): string {
  const meters = principleIds.map((p) => `${principleNames[p]} ${signed(state.context.meters[p])}`).join('、');
  return `仪表为 ${meters}（例如依次选择 ${state.context.choices.join(' → ')} 之后）`;
}

function signed(n: number): string {
  return n > 0 ? `+${n}` : String(n);
}

function countPaths(
  adjacency: Adjacency,
  serialize: (state: ScenarioSnapshot) => string,
): number {
  const memo = new Map<string, number>();
  const count = (key: string): number => {
    const known = memo.get(key);
    if (known !== undefined) return known;
    const { state, transitions } = adjacency[key as keyof typeof adjacency]!;
    const value =
      state.status === 'done' ? 1 : Object.values(transitions).reduce((sum, next) => sum + count(serialize(next.state)), 0);
    memo.set(key, value);
    return value;
  };
  return count(Object.keys(adjacency)[0]!);
}

function longestPath(
  adjacency: Adjacency,
  serialize: (state: ScenarioSnapshot) => string,
): { length: number; route: string[] } {
  const memo = new Map<string, { length: number; route: string[] }>();
  const longest = (key: string): { length: number; route: string[] } => {
    const known = memo.get(key);
    if (known) return known;
    const { state, transitions } = adjacency[key as keyof typeof adjacency]!;
    let result = { length: 0, route: [String(state.value)] };
    for (const next of Object.values(transitions)) {
      const tail = longest(serialize(next.state));
      if (tail.length + 1 > result.length) result = { length: tail.length + 1, route: [String(state.value), ...tail.route] };
    }
    memo.set(key, result);
    return result;
  };
  return longest(Object.keys(adjacency)[0]!);
}

function unusedCast(scenario: Scenario): ScenarioFault[] {
  const speakers = new Set([scenario.player, ...scenario.nodes.map((n) => n.speaker), ...scenario.endings.map((e) => e.speaker)]);
  return scenario.cast.flatMap((member, i) =>
    speakers.has(member.id)
      ? []
      : [{ field: `cast[${i}]`, message: `角色 “${member.name}”（${member.id}）没有出场：既不是学员扮演的角色，也没有在任何节点或结局中说话` }],
  );
}

/** Finds loops in the dialogue (a choice leading back to a node on the way to it). */
function cycles(scenario: Scenario): ScenarioFault[] {
  const nodeIndex = new Map(scenario.nodes.map((node, i) => [node.id, i]));
  const state = new Map<string, 'open' | 'done'>();
  const trail: string[] = [];
  const faults: ScenarioFault[] = [];
  const visit = (id: string) => {
    state.set(id, 'open');
    trail.push(id);
    const i = nodeIndex.get(id)!;
    scenario.nodes[i]!.choices.forEach((choice, j) => {
      if (!nodeIndex.has(choice.next)) return;
      if (state.get(choice.next) === 'open') {
        const loop = [...trail.slice(trail.indexOf(choice.next)), choice.next];
        faults.push({
          field: `nodes[${i}].choices[${j}].next`,
          message: `选项 “${choice.id}”回到了 “${choice.next}”，形成环路 ${loop.join(' → ')}：演练可能永远走不到结局`,
        });
      } else if (!state.has(choice.next)) visit(choice.next);
    });
    trail.pop();
    state.set(id, 'done');
  };
  for (const node of scenario.nodes) if (!state.has(node.id)) visit(node.id);
  return faults;
}

/**
 * Checks every reachable state against what its node or ending assumes happened: a route that
 * reaches it without the choices its story takes for granted is a fault, named with that route.
 * States differ by every choice an assumption asks about (see traversalOptions), so checking one
 * route per state covers them all.
 */
function unmetAssumptions(scenario: Scenario, states: ScenarioSnapshot[]): ScenarioFault[] {
  const parts = new Map<string, { field: string; assumes: Assumption | undefined }>([
    ...scenario.nodes.map((node, i) => [node.id, { field: `nodes[${i}].assumes`, assumes: node.assumes }] as const),
    ...scenario.endings.map((ending, i) => [ending.id, { field: `endings[${i}].assumes`, assumes: ending.assumes }] as const),
  ]);
  const faults = new Map<string, ScenarioFault>();
  for (const state of states) {
    const id = String(state.value);
    const part = parts.get(id);
    if (!part?.assumes || faults.has(id) || meetsCondition(part.assumes, state.context)) continue;
    faults.set(id, {
      field: part.field,
      message: `“${id}”的叙述假定${describeAssumption(part.assumes)}，但依次选择 ${state.context.choices.join(' → ')} 也会到达这里`,
    });
  }
  return [...faults.values()];
}

function describeAssumption({ chose, choseAny, notChose }: Assumption): string {
  return [
    chose && `学员选过 ${chose.join('、')}`,
    choseAny && `学员选过 ${choseAny.join('、')} 之一`,
    notChose && `学员没有选过 ${notChose.join('、')}`,
  ]
    .filter(Boolean)
    .join('，且');
}

function scoresByEnding(finals: ScenarioSnapshot[]): Record<string, ScoreRange> {
  const ranges: Record<string, ScoreRange> = {};
  for (const state of finals) {
    const id = String(state.value);
    const total = totalScore(state.context.meters);
    const range = ranges[id];
    ranges[id] = range ? { min: Math.min(range.min, total), max: Math.max(range.max, total) } : { min: total, max: total };
  }
  return ranges;
}

/**
 * A rating must agree with the score shown beside it: every score an ending of a better rating can
 * be reached with is above every score of an ending of a worse rating. Otherwise one learner sees
 * “差” with a higher score than another's “良好”.
 */
function ratingContradictions(scenario: Scenario, scores: Record<string, ScoreRange>): ScenarioFault[] {
  const rank = (rating: (typeof endingRatings)[number]) => endingRatings.length - endingRatings.indexOf(rating);
  const faults: ScenarioFault[] = [];
  scenario.endings.forEach((higher, i) => {
    for (const lower of scenario.endings) {
      const high = scores[higher.id];
      const low = scores[lower.id];
      if (!high || !low || rank(higher.rating) <= rank(lower.rating) || high.min > low.max) continue;
      faults.push({
        field: `endings[${i}].rating`,
        message:
          `结局 “${higher.id}”（评价“${ratingNames[higher.rating]}”）最低 ${signed(high.min)} 分，` +
          `不高于结局 “${lower.id}”（评价“${ratingNames[lower.rating]}”）可得的最高分 ${signed(low.max)}：` +
          `得分更高的学员可能拿到更差的评价。请调整选项得分、条件或结局评价`,
      });
    }
  });
  return faults;
}

/**
 * For each node, its best choice: the one a best play from there takes, rated first by the ending
 * reached (best, acceptable, poor), then by the final score. Of the states at a node, the one
 * with the best outlook decides.
 */
export function bestChoices(scenario: Scenario, adjacency: Adjacency, serialize: (state: ScenarioSnapshot) => string): Map<string, string> {
  const ratingOf = new Map(scenario.endings.map((ending) => [ending.id, ending.rating]));
  const value = (state: ScenarioSnapshot) =>
    (endingRatings.length - endingRatings.indexOf(ratingOf.get(String(state.value))!)) * 1000 + totalScore(state.context.meters);
  const memo = new Map<string, number>();
  const outlook = (key: string): number => {
    const known = memo.get(key);
    if (known !== undefined) return known;
    const { state, transitions } = adjacency[key as keyof typeof adjacency]!;
    const result =
      state.status === 'done' ? value(state) : Math.max(...Object.values(transitions).map((next) => outlook(serialize(next.state))));
    memo.set(key, result);
    return result;
  };
  const best = new Map<string, { outlook: number; ref: string }>();
  for (const key of Object.keys(adjacency)) {
    const { state, transitions } = adjacency[key as keyof typeof adjacency]!;
    if (state.status === 'done') continue;
    const here = outlook(key);
    const id = String(state.value);
    if ((best.get(id)?.outlook ?? -Infinity) >= here) continue;
    const taken = Object.values(transitions).find((next) => outlook(serialize(next.state)) === here)!;
    best.set(id, { outlook: here, ref: choiceOfEvent(taken.event)! });
  }
  return new Map([...best].map(([id, { ref }]) => [id, ref]));
}

/**
 * Counts the plays, with seeds 1…plays, that reach a best ending by always taking the first
 * available choice the player shows. Walks the scenario's data the way currentStep orders and
 * filters it (seeded order, the choice's condition) rather than the machine, which is many times
 * faster for a thousand plays.
 */
export function firstShownWins(scenario: Scenario, plays: number): number {
  const index = indexScenario(scenario);
  let wins = 0;
  for (let seed = 1; seed <= plays; seed++) {
    const context = { meters: zeroMeters(), choices: [] as string[] };
    let at: string = scenario.nodes[0]!.id;
    for (let node = index.nodes.get(at); node; node = index.nodes.get(at)) {
      const choice = seededShuffle(node.choices, seed, node.id).find((candidate) => !candidate.if || meetsCondition(candidate.if, context))!;
      context.meters = applyEffects(context.meters, choice.effects);
      context.choices.push(choiceRef(node.id, choice.id));
      at = choice.next;
    }
    if (index.endings.get(at)?.rating === 'best') wins++;
  }
  return wins;
}
