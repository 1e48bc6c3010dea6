import { describe, expect, test } from 'vitest';
import { formatContentIssue } from '../../../../src/core/course/content-issues.ts';
import { checkScenarios, type LessonOutline } from '../../../../src/core/scenario/check-scenarios.ts';
import { tinyLessons, tinyScenarioData, type ScenarioData } from '../../../support/scenario-fixture.ts';

const file = 'content/scenarios/tiny.yaml';

function faults(change: (data: ScenarioData) => void, lessons: LessonOutline[] = tinyLessons): string[] {
  const data = tinyScenarioData();
  change(data);
  return checkScenarios([{ file, data, basename: 'tiny' }], lessons).issues.map(formatContentIssue);
}

describe('checkScenarios', () => {
  test('accepts a sound scenario and returns it with its figures', () => {
    const result = checkScenarios([{ file, data: tinyScenarioData(), basename: 'tiny' }], tinyLessons);
    expect(result.issues).toEqual([]);
    expect(result.scenarios.map(({ file: where, scenario, figures }) => [where, scenario.id, figures.paths])).toEqual([
      [file, 'tiny', 4],
    ]);
  });

  test('reports schema faults in Chinese with their field', () => {
    expect(
      faults((data) => {
        Object.assign(data.nodes[0]!.choices[0]!, { effects: { respect: 1, trust: 1 } });
        Object.assign(data.endings[0]!, { rating: 'great' });
        delete (data as Partial<ScenarioData>).maxChoices;
      }),
    ).toEqual([
      `${file} › maxChoices: 缺少必填字段（应为数字）`,
      `${file} › nodes[0].choices[0].effects: 未知字段：trust（拼写错误？）`,
      `${file} › endings[0].rating: 取值“great”无效，可选：best、acceptable、poor`,
    ]);
  });

  test('reports an id that differs from the file name', () => {
    expect(faults((data) => Object.assign(data, { id: 'small' }))).toEqual([
      `${file} › id: id “small”应与文件名 “tiny”一致（页面地址由它决定）`,
    ]);
  });

  test('reports two files with the same scenario id', () => {
    const issues = checkScenarios(
      [
        { file, data: tinyScenarioData(), basename: 'tiny' },
        { file: 'content/scenarios/tiny-copy.yaml', data: tinyScenarioData(), basename: 'tiny-copy' },
      ],
      tinyLessons,
    ).issues.map(formatContentIssue);
    expect(issues).toEqual([
      'content/scenarios/tiny-copy.yaml › id: 演练 id “tiny”重复，已用于 content/scenarios/tiny.yaml',
      'content/scenarios/tiny-copy.yaml › id: id “tiny”应与文件名 “tiny-copy”一致（页面地址由它决定）',
    ]);
  });

  test('reports a lesson that does not exist', () => {
    expect(faults((data) => Object.assign(data, { lesson: 'no-such-lesson' }))).toEqual([`${file} › lesson: 课程 “no-such-lesson”不存在`]);
  });

  test('reports cast faults: a duplicate id, a player outside the cast, unknown speakers and the player speaking a node', () => {
    expect(
      faults((data) => {
        data.cast.push({ id: 'ann', name: '另一个王姐', department: '财务部', role: '会计' });
        Object.assign(data, { player: 'nobody' });
        data.nodes[0]!.speaker = 'stranger';
        data.endings[0]!.speaker = 'stranger';
      }),
    ).toEqual([
      `${file} › cast[3].id: 角色 id “ann”重复（已用于 cast[1]）`,
      `${file} › player: 学员扮演的角色 “nobody”不在 cast 中`,
      `${file} › nodes[0].speaker: 说话人 “stranger”不在 cast 中`,
      `${file} › endings[0].speaker: 说话人 “stranger”不在 cast 中`,
    ]);
    expect(faults((data) => (data.nodes[1]!.speaker = 'me'))).toEqual([
      `${file} › nodes[1].speaker: 说话人不能是学员扮演的角色 “me”：学员的话写在选项里`,
    ]);
  });

  test('reports an id used by a node and an ending, a repeated choice id and a next step that does not exist', () => {
    expect(
      faults((data) => {
        data.endings.push({ ...data.endings[1]!, id: 'middle' });
        data.nodes[0]!.choices.push({ ...data.nodes[0]!.choices[0]! });
        data.nodes[1]!.choices[2]!.next = 'nowhere';
      }),
    ).toEqual([
      `${file} › endings[3].id: id “middle”重复（已用于 nodes[1].id）；节点与结局共用同一套 id`,
      `${file} › nodes[0].choices[2].id: 选项 id “polite”在节点 “start”中重复`,
      `${file} › nodes[1].choices[2].next: 下一步 “nowhere”既不是节点也不是结局`,
    ]);
  });

  test('reports conditions that are empty or name a choice that does not exist or is made at the same node', () => {
    expect(
      faults((data) => {
        data.nodes[0]!.choices[0]!.if = {} as never;
        data.nodes[1]!.choices[2]!.if = { chose: ['start.shout'], notChose: ['middle.plain'] } as never;
      }),
    ).toEqual([
      `${file} › nodes[0].choices[0].if: 条件是空的：至少写 atLeast、atMost、chose、choseAny、notChose 中的一项，或删去它`,
      `${file} › nodes[1].choices[2].if.chose[0]: 选项 “start.shout”不存在`,
      `${file} › nodes[1].choices[2].if.notChose[0]: 条件不能引用同一节点的选项 “middle.plain”：这时它还没有被选过`,
    ]);
  });

  test('reports an ending with a speaker but no line', () => {
    expect(faults((data) => delete (data.endings[0] as { line?: string }).line)).toEqual([
      `${file} › endings[0]: speaker 和 line 要么都写，要么都不写`,
    ]);
  });

  test('reports debrief links to a lesson or a section that does not exist, listing the sections there are', () => {
    expect(
      faults((data) => {
        data.endings[0]!.links = [
          { lesson: 'no-such-lesson', section: '尊重' },
          { lesson: 'respect-and-trust', section: '尊重' },
        ];
      }),
    ).toEqual([
      `${file} › endings[0].links[0].lesson: 课程 “no-such-lesson”不存在`,
      `${file} › endings[0].links[1].section: 课程 “respect-and-trust”中没有小节 “尊重”；它的小节有：四项原则全景、尊重：认可对方的专业、信任：让协作少走弯路`,
    ]);
  });

  test('proves a well-formed scenario sound and reports its faults with the file', () => {
    expect(faults((data) => (data.endings[0]!.rating = 'acceptable'))).toEqual([
      `${file} › endings: 没有可到达的最佳结局（rating: best）：无论学员怎么选，都得不到最佳结果`,
    ]);
  });

  test('reports a choice gated on the meters that does not say why it is unavailable, and a reason that can never show', () => {
    expect(
      faults((data) => {
        delete data.nodes[1]!.choices[0]!.unavailable;
        data.nodes[1]!.choices[1]!.unavailable = '没有条件。';
      }),
    ).toEqual([
      `${file} › nodes[1].choices[0].unavailable: 选项 “praise”按仪表设了条件，要写 unavailable：条件不满足时，在故事里说明为什么现在不能这样做`,
      `${file} › nodes[1].choices[1].unavailable: 选项 “plain”没有条件（if），unavailable 永远用不上`,
    ]);
  });

  test('reports what a node or ending assumes when it names a choice that does not exist', () => {
    expect(
      faults((data) => {
        data.nodes[1]!.assumes = { chose: ['start.shout'] };
        data.endings[2]!.assumes = { choseAny: ['middle.nothing'] };
      }),
    ).toEqual([
      `${file} › nodes[1].assumes.chose[0]: 选项 “start.shout”不存在`,
      `${file} › endings[2].assumes.choseAny[0]: 选项 “middle.nothing”不存在`,
    ]);
  });

  test('reports a real company or brand name anywhere in a scenario', () => {
    expect(
      faults((data) => {
        data.nodes[0]!.line = '华联超市明早就要对账单。';
        data.endings[1]!.debrief = '下次去沃尔玛和家乐福之前先问清口径。';
      }),
    ).toEqual([
      `${file} › nodes[0].line: 出现了真实的公司或品牌名 “华联”：演练中的机构一律用虚构的名字`,
      `${file} › endings[1].debrief: 出现了真实的公司或品牌名 “沃尔玛”、“家乐福”：演练中的机构一律用虚构的名字`,
    ]);
  });

  test('reports a <RolePlay> in a lesson that names no scenario, with its line', () => {
    const lessons = [{ ...tinyLessons[0]!, rolePlays: [{ id: 'tiny', line: 40 }, { id: 'missing', line: 57 }] }];
    expect(faults(() => {}, lessons)).toEqual([
      'content/lessons/respect-and-trust.mdx › 第 57 行: <RolePlay id="missing" /> 指向的情景演练不存在（应有文件 content/scenarios/missing.yaml）',
    ]);
  });

  test('does not report a <RolePlay> as missing when its scenario exists but is faulty', () => {
    expect(faults((data) => Object.assign(data, { maxChoices: 1 }))).toEqual([
      `${file} › maxChoices: 有一条路线需要 2 次选择，超过上限 1：start → middle → best-end`,
    ]);
  });
});
