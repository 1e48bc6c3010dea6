import { describe, expect, test } from 'vitest';
import { analyzeScenario } from '../../../../src/core/scenario/analyze-scenario.ts';
import { tinyScenario } from '../../../support/scenario-fixture.ts';

function faultsOf(change: Parameters<typeof tinyScenario>[0]) {
  const analysis = analyzeScenario(tinyScenario(change));
  return analysis.ok ? [] : analysis.faults;
}

describe('analyzeScenario', () => {
  test('measures a sound scenario: paths, longest path, shortest way to the best ending, score range and best path', () => {
    expect(analyzeScenario(tinyScenario())).toEqual({
      ok: true,
      figures: {
        nodes: 2,
        decisionNodes: 2,
        endings: 3,
        paths: 4,
        longestPath: 2,
        shortestToBest: 2,
        scoreRange: { min: -4, max: 2 },
        bestPath: ['start.polite', 'middle.praise'],
        bestEnding: 'best-end',
        endingScores: { 'best-end': { min: 2, max: 2 }, 'ok-end': { min: -2, max: 1 }, 'bad-end': { min: -4, max: -4 } },
        authoredFirst: { count: 2, of: 2 },
        firstShownBest: { count: expect.any(Number), plays: 1000 },
      },
    });
  });

  test('counts routes that meet again as separate paths', () => {
    const analysis = analyzeScenario(
      tinyScenario((data) => {
        data.nodes[0]!.choices.push({ id: 'quiet', text: '……', next: 'middle' } as never);
      }),
    );
    expect(analysis.ok && analysis.figures.paths).toBe(5);
  });

  test('picks as best path the best ending with the highest score, then the fewest choices', () => {
    const analysis = analyzeScenario(
      tinyScenario((data) => {
        data.nodes[0]!.choices.push({ id: 'warm', text: '王姐辛苦了！', effects: { respect: 2, goals: 1 }, next: 'middle' } as never);
        data.nodes[1]!.choices[0]!.effects = { goals: 3 };
      }),
    );
    expect(analysis.ok && analysis.figures.bestPath).toEqual(['start.warm', 'middle.praise']);
    expect(analysis.ok && analysis.figures.scoreRange).toEqual({ min: -4, max: 6 });
  });

  test('reports a node no choice leads to as unreachable', () => {
    expect(
      faultsOf((data) => {
        data.nodes.push({ id: 'orphan', speaker: 'ann', line: '没人来找我。', choices: [{ id: 'go', text: '走吧。', next: 'ok-end' }] } as never);
      }),
    ).toEqual([{ field: 'nodes[2]', message: '节点 “orphan”无法到达：从开场出发，没有任何一条选择路线通向它' }]);
  });

  test('reports a node only a never-offered choice leads to as unreachable', () => {
    expect(
      faultsOf((data) => {
        data.nodes[1]!.choices[0]!.if = { atLeast: { respect: 5 } };
        data.nodes[1]!.choices[0]!.next = 'ok-end';
        data.endings[0]!.rating = 'acceptable';
        data.endings[1]!.rating = 'best';
      }),
    ).toEqual([{ field: 'endings[0]', message: '结局 “best-end”无法到达：从开场出发，没有任何一条选择路线通向它' }]);
  });

  test('reports a dead end: a node where, for some reachable meter state, no choice is offered', () => {
    expect(
      faultsOf((data) => {
        data.nodes[1]!.choices.splice(1, 1);
        data.nodes[1]!.choices[1]!.if = { atMost: { respect: -2 } };
      }),
    ).toContainEqual(
      {
        field: 'nodes[1].choices',
        message:
          '节点 “middle”是死胡同：当仪表为 尊重与信任 -1、沟通与反馈 -1、共同目标 0、持续改进 0（例如依次选择 start.blunt 之后），所有选项的条件都不满足，学员无路可走',
      });
  });

  test('reports a scenario whose best ending cannot be reached', () => {
    expect(
      faultsOf((data) => {
        data.endings[0]!.rating = 'acceptable';
      }),
    ).toEqual([{ field: 'endings', message: '没有可到达的最佳结局（rating: best）：无论学员怎么选，都得不到最佳结果' }]);
  });

  test('reports a path longer than the author allows, naming its route', () => {
    expect(faultsOf((data) => Object.assign(data, { maxChoices: 1 }))).toEqual([
      { field: 'maxChoices', message: '有一条路线需要 2 次选择，超过上限 1：start → middle → best-end' },
    ]);
  });

  test('reports a cast member who never speaks and is not the learner', () => {
    expect(
      faultsOf((data) => {
        data.cast.push({ id: 'ghost', name: '老李', department: '行政部', role: '主管' });
      }),
    ).toEqual([{ field: 'cast[3]', message: '角色 “老李”（ghost）没有出场：既不是学员扮演的角色，也没有在任何节点或结局中说话' }]);
  });

  test('reports a loop in the dialogue without walking its endless graph', () => {
    expect(
      faultsOf((data) => {
        data.nodes[1]!.choices[1]!.next = 'start';
      }),
    ).toEqual([
      {
        field: 'nodes[1].choices[1].next',
        message: '选项 “plain”回到了 “start”，形成环路 start → middle → start：演练可能永远走不到结局',
      },
    ]);
  });

  test('reports every fault of a scenario at once', () => {
    const faults = faultsOf((data) => {
      data.cast.push({ id: 'ghost', name: '老李', department: '行政部', role: '主管' });
      data.endings[0]!.rating = 'poor';
      Object.assign(data, { maxChoices: 1 });
    });
    expect(faults.map((fault) => fault.field)).toEqual(['cast[3]', 'endings', 'maxChoices', 'endings[1].rating']);
  });

  test('reports a node whose story assumes a choice that some route to it did not make, naming that route', () => {
    expect(
      faultsOf((data) => {
        data.nodes[1]!.assumes = { chose: ['start.polite'] };
      }),
    ).toEqual([
      {
        field: 'nodes[1].assumes',
        message: '“middle”的叙述假定学员选过 start.polite，但依次选择 start.blunt 也会到达这里',
      },
    ]);
  });

  test('reports an ending whose story assumes a choice was not made when a route to it made it', () => {
    expect(
      faultsOf((data) => {
        data.endings[1]!.assumes = { notChose: ['start.blunt'] };
      }),
    ).toEqual([
      {
        field: 'endings[1].assumes',
        message: '“ok-end”的叙述假定学员没有选过 start.blunt，但依次选择 start.blunt → middle.plain 也会到达这里',
      },
    ]);
  });

  test('accepts assumptions every route keeps, whether one of several choices or none of them', () => {
    const analysis = analyzeScenario(
      tinyScenario((data) => {
        data.endings[0]!.assumes = { chose: ['start.polite'], notChose: ['start.blunt'] };
        data.endings[2]!.assumes = { choseAny: ['start.blunt', 'start.polite'] };
      }),
    );
    expect(analysis.ok).toBe(true);
  });

  test('reports an ending whose rating contradicts its score: a worse rating reachable with as high a score as a better one', () => {
    expect(
      faultsOf((data) => {
        data.nodes[1]!.choices[1]!.effects = { goals: 1 };
      }),
    ).toEqual([
      {
        field: 'endings[0].rating',
        message:
          '结局 “best-end”（评价“最佳”）最低 +2 分，不高于结局 “ok-end”（评价“尚可”）可得的最高分 +2：得分更高的学员可能拿到更差的评价。请调整选项得分、条件或结局评价',
      },
    ]);
  });

  test('counts the decision nodes whose best choice is written first, and plays with the first choice shown', () => {
    const reordered = analyzeScenario(
      tinyScenario((data) => {
        data.nodes[0]!.choices.reverse();
      }),
    );
    expect(reordered.ok && reordered.figures.authoredFirst).toEqual({ count: 1, of: 2 });
    // Shuffled, the first choice shown is the polite one in about half the plays, and then the best one about half the time.
    const { count, plays } = reordered.ok ? reordered.figures.firstShownBest : { count: 0, plays: 0 };
    expect(count / plays).toBeGreaterThan(0.1);
    expect(count / plays).toBeLessThan(0.4);
  });
});
