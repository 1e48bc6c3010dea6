import { zodErrorToContentIssues, type ContentIssue } from '../course/content-issues.ts';
import type { RawContentFile } from '../course/validate-course.ts';
import { analyzeScenario, type ScenarioFigures } from './analyze-scenario.ts';
import { choiceRef } from './scenario-machine.ts';
import { ScenarioSchema, type Assumption, type Condition, type Scenario } from './schemas/scenario.ts';

/**
 * Real companies and brands a scenario must not name: its stories are invented, and a real name
 * reads as a claim about that company. Not complete; it catches the names a writer reaches for first.
 */
export const realNames = [
  '华联', '沃尔玛', '家乐福', '永辉', '大润发', '物美', '盒马', '京东', '淘宝', '天猫', '阿里巴巴', '腾讯', '华为',
  '美团', '拼多多', '苏宁', '国美', '联想', '海尔', '格力', '万达', '百度', '字节跳动', '抖音', '微信', '钉钉', '飞书',
  '顺丰', '星巴克', '麦当劳', '肯德基',
];

/** What the scenario checks need to know of a lesson: its `##` sections and the role-plays it embeds. */
export interface LessonOutline {
  id: string;
  file: string;
  /** Its `##` headings; undefined when its MDX does not parse, so links into it are not judged twice. */
  sections: string[] | undefined;
  /** Each `<RolePlay id="…" />` of the lesson body, with its line in the file. */
  rolePlays: { id: string; line: number }[];
}

/** A scenario that passed every check, with the checker's figures. */
export interface CheckedScenario {
  file: string;
  scenario: Scenario;
  figures: ScenarioFigures;
}

/**
 * Validates every scenario file: its schema, the references inside it (cast, nodes, endings,
 * conditions) and to lessons (the lesson and each linked section must exist), then proves each
 * well-formed scenario sound (see analyzeScenario). Also checks that every `<RolePlay id>` in a
 * lesson names a scenario.
 */
export function checkScenarios(
  files: RawContentFile[],
  lessons: LessonOutline[],
): { issues: ContentIssue[]; scenarios: CheckedScenario[] } {
  const issues: ContentIssue[] = [];
  const scenarios: CheckedScenario[] = [];
  const lessonsById = new Map(lessons.map((lesson) => [lesson.id, lesson]));
  const seen = new Map<string, string>();

  for (const file of files) {
    // A file that could not be read has no data and its own issue already.
    if (file.data === undefined) continue;
    const parsed = ScenarioSchema.safeParse(file.data);
    if (!parsed.success) {
      issues.push(...zodErrorToContentIssues(file.file, parsed.error));
      continue;
    }
    const scenario = parsed.data;
    const fault = (field: string, message: string) => issues.push({ file: file.file, field, message });
    const before = issues.length;
    const duplicateOf = seen.get(scenario.id);
    if (duplicateOf) fault('id', `演练 id “${scenario.id}”重复，已用于 ${duplicateOf}`);
    seen.set(scenario.id, file.file);
    if (file.basename !== undefined && file.basename !== scenario.id) {
      fault('id', `id “${scenario.id}”应与文件名 “${file.basename}”一致（页面地址由它决定）`);
    }
    if (!lessonsById.has(scenario.lesson)) fault('lesson', `课程 “${scenario.lesson}”不存在`);
    for (const { field, message } of checkReferences(scenario, lessonsById)) fault(field, message);
    if (issues.length > before) continue;

    const analysis = analyzeScenario(scenario);
    if (analysis.ok) scenarios.push({ file: file.file, scenario, figures: analysis.figures });
    else for (const { field, message } of analysis.faults) fault(field, message);
  }

  // A scenario file with faults still exists (under its id or its file name): a lesson embedding it is not told it is missing.
  const present = new Set(files.flatMap((file) => [(file.data as { id?: unknown } | undefined)?.id, file.basename]));
  for (const lesson of lessons) {
    for (const rolePlay of lesson.rolePlays) {
      if (!present.has(rolePlay.id)) {
        issues.push({
          file: lesson.file,
          field: `第 ${rolePlay.line} 行`,
          message: `<RolePlay id="${rolePlay.id}" /> 指向的情景演练不存在（应有文件 content/scenarios/${rolePlay.id}.yaml）`,
        });
      }
    }
  }
  return { issues, scenarios };
}

function checkReferences(scenario: Scenario, lessons: Map<string, LessonOutline>): { field: string; message: string }[] {
  const faults: { field: string; message: string }[] = [];
  const fault = (field: string, message: string) => faults.push({ field, message });

  const castIds = new Map<string, number>();
  scenario.cast.forEach((member, i) => {
    const first = castIds.get(member.id);
    if (first !== undefined) fault(`cast[${i}].id`, `角色 id “${member.id}”重复（已用于 cast[${first}]）`);
    else castIds.set(member.id, i);
  });
  if (!castIds.has(scenario.player)) fault('player', `学员扮演的角色 “${scenario.player}”不在 cast 中`);

  const places = new Map<string, string>();
  const claim = (id: string, field: string) => {
    const first = places.get(id);
    if (first) fault(field, `id “${id}”重复（已用于 ${first}）；节点与结局共用同一套 id`);
    else places.set(id, field);
  };
  scenario.nodes.forEach((node, i) => claim(node.id, `nodes[${i}].id`));
  scenario.endings.forEach((ending, i) => claim(ending.id, `endings[${i}].id`));
  for (const { field, text } of textsOf(scenario)) {
    const named = realNames.filter((name) => text.includes(name));
    if (named.length > 0) fault(field, `出现了真实的公司或品牌名 ${named.map((name) => `“${name}”`).join('、')}：演练中的机构一律用虚构的名字`);
  }

  const speaker = (id: string, field: string) => {
    if (!castIds.has(id)) fault(field, `说话人 “${id}”不在 cast 中`);
    else if (id === scenario.player) fault(field, `说话人不能是学员扮演的角色 “${id}”：学员的话写在选项里`);
  };
  const refs = new Set(scenario.nodes.flatMap((node) => node.choices.map((choice) => choiceRef(node.id, choice.id))));
  scenario.nodes.forEach((node, i) => {
    speaker(node.speaker, `nodes[${i}].speaker`);
    if (node.assumes) for (const problem of checkCondition(node.assumes, node.id, refs)) fault(`nodes[${i}].assumes${problem.field}`, problem.message);
    const choiceIds = new Set<string>();
    node.choices.forEach((choice, j) => {
      const field = `nodes[${i}].choices[${j}]`;
      if (choiceIds.has(choice.id)) fault(`${field}.id`, `选项 id “${choice.id}”在节点 “${node.id}”中重复`);
      choiceIds.add(choice.id);
      if (!places.has(choice.next)) fault(`${field}.next`, `下一步 “${choice.next}”既不是节点也不是结局`);
      if (choice.if) for (const problem of checkCondition(choice.if, node.id, refs)) fault(`${field}.if${problem.field}`, problem.message);
      const gatedOnMeters = choice.if?.atLeast !== undefined || choice.if?.atMost !== undefined;
      // A good option must not vanish silently when a meter is low: the learner is shown it and told why.
      if (gatedOnMeters && !choice.unavailable) {
        fault(`${field}.unavailable`, `选项 “${choice.id}”按仪表设了条件，要写 unavailable：条件不满足时，在故事里说明为什么现在不能这样做`);
      }
      if (choice.unavailable && !choice.if) fault(`${field}.unavailable`, `选项 “${choice.id}”没有条件（if），unavailable 永远用不上`);
    });
  });

  scenario.endings.forEach((ending, i) => {
    if (ending.assumes) for (const problem of checkCondition(ending.assumes, '', refs)) fault(`endings[${i}].assumes${problem.field}`, problem.message);
    if (ending.speaker) speaker(ending.speaker, `endings[${i}].speaker`);
    if ((ending.speaker === undefined) !== (ending.line === undefined)) {
      fault(`endings[${i}]`, 'speaker 和 line 要么都写，要么都不写');
    }
    ending.links.forEach((link, j) => {
      const lesson = lessons.get(link.lesson);
      if (!lesson) fault(`endings[${i}].links[${j}].lesson`, `课程 “${link.lesson}”不存在`);
      else if (lesson.sections && !lesson.sections.includes(link.section)) {
        fault(
          `endings[${i}].links[${j}].section`,
          `课程 “${link.lesson}”中没有小节 “${link.section}”；它的小节有：${lesson.sections.join('、')}`,
        );
      }
    });
  });
  return faults;
}

function checkCondition(condition: Condition | Assumption, nodeId: string, refs: Set<string>): { field: string; message: string }[] {
  const { atLeast = {}, atMost = {}, chose = [], choseAny = [], notChose = [] } = condition as Condition;
  if (Object.keys(atLeast).length + Object.keys(atMost).length + chose.length + choseAny.length + notChose.length === 0) {
    return [{ field: '', message: '条件是空的：至少写 atLeast、atMost、chose、choseAny、notChose 中的一项，或删去它' }];
  }
  const problems: { field: string; message: string }[] = [];
  for (const [key, list] of [['chose', chose], ['choseAny', choseAny], ['notChose', notChose]] as const) {
    list.forEach((ref, k) => {
      if (!refs.has(ref)) problems.push({ field: `.${key}[${k}]`, message: `选项 “${ref}”不存在` });
      else if (ref.startsWith(`${nodeId}.`)) {
        problems.push({ field: `.${key}[${k}]`, message: `条件不能引用同一节点的选项 “${ref}”：这时它还没有被选过` });
      }
    });
  }
  return problems;
}

/** Every text of a scenario, with its field, for checks that read the words. */
function textsOf(value: unknown, field = ''): { field: string; text: string }[] {
  if (typeof value === 'string') return [{ field, text: value }];
  if (Array.isArray(value)) return value.flatMap((item, i) => textsOf(item, `${field}[${i}]`));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) => textsOf(item, field ? `${field}.${key}` : key));
  }
  return [];
}
