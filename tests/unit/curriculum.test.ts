import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { countChineseCharacters, lessonReaderText } from '../../src/core/course/lesson-text.ts';
import type { ValidCourseContent } from '../../src/core/course/validate-course.ts';
import { loadShippedContent, readLessonSource, repoRoot } from '../support/course-fixture.ts';

let content: ValidCourseContent;
const sources = new Map<string, string>();
const bodyOf = (id: string) => (sources.get(id) ?? '').replace(/^---[\s\S]*?\n---\n/, '');

beforeAll(async () => {
  content = await loadShippedContent();
  for (const lesson of content.lessons) sources.set(lesson.id, await readLessonSource(lesson.id));
});

describe('the shipped curriculum', () => {
  test('has five modules with the titles the course design asks for', () => {
    expect(content.course.modules.map((module) => module.title)).toEqual([
      '概念与价值',
      '基本原则',
      '实施方法',
      '案例分析',
      '挑战与趋势',
    ]);
  });

  test('gives every lesson at least 1,000 Chinese characters of reader text', () => {
    const short = content.lessons
      .map((lesson) => ({ id: lesson.id, characters: countChineseCharacters(lessonReaderText(bodyOf(lesson.id))) }))
      .filter(({ characters }) => characters < 1000);
    expect(short).toEqual([]);
  });

  test('gives every lesson 3–6 slide sections, one 要点回顾, one 思考与讨论 and facilitator notes', () => {
    for (const lesson of content.lessons) {
      const body = bodyOf(lesson.id);
      const sections = body.match(/^## /gm)?.length ?? 0;
      expect(sections, `${lesson.id}: ## sections`).toBeGreaterThanOrEqual(3);
      expect(sections, `${lesson.id}: ## sections`).toBeLessThanOrEqual(6);
      expect(body.match(/<KeyPoints>/g)?.length, `${lesson.id}: KeyPoints`).toBe(1);
      expect(body.match(/<Discussion>/g)?.length, `${lesson.id}: Discussion`).toBe(1);
      expect(body.match(/<FacilitatorNote\b/g)?.length ?? 0, `${lesson.id}: FacilitatorNote`).toBeGreaterThan(0);
      expect(body, `${lesson.id} must not repeat the title as an h1`).not.toMatch(/^# /m);
    }
  });

  test('uses only components the lesson page provides', () => {
    // Read as text: the map imports .astro files, which only Astro's compiler can load.
    const map = readFileSync(join(repoRoot, 'src/components/lesson/reader-components.ts'), 'utf8');
    const known = new Set([...map.matchAll(/^\s{2}(\w+)(?::|,)/gm)].map((match) => match[1]!));
    expect(known).toContain('FacilitatorNote');
    for (const lesson of content.lessons) {
      const used = [...bodyOf(lesson.id).matchAll(/<([A-Z][A-Za-z]*)/g)].map((match) => match[1]!);
      expect(used.filter((name) => !known.has(name)), lesson.id).toEqual([]);
    }
  });

  test('uses every glossary term in at least one lesson that the term links to', () => {
    const unused = content.glossary.filter(
      (entry) => !entry.lessons.some((id) => (sources.get(id) ?? '').includes(entry.term)),
    );
    expect(unused.map((entry) => entry.term)).toEqual([]);
    expect(content.glossary.length).toBeGreaterThanOrEqual(15);
  });

  // Each section of the source document, with the ideas a lesson must teach for it.
  const seedCoverage: [string, string, string[]][] = [
    ['course introduction', 'course-introduction', ['营销', '骨干', '立体客户关系', '离线']],
    ['§1 the concept', 'what-is-an-internal-customer', ['内部客户', '服务业', '依存', '整体目标']],
    ['§2 why it matters', 'why-it-matters', ['满意', '协作', '服务质量', '外部客户', '企业文化', '归属感']],
    ['§3 respect and trust', 'respect-and-trust', ['尊重', '信任', '信息']],
    ['§3 communication and feedback', 'communication-and-feedback', ['沟通渠道', '反馈']],
    ['§3 shared goals', 'shared-goals', ['共同目标', '使命感', '责任感']],
    ['§3 continuous improvement', 'continuous-improvement', ['定期', '评估', '改进']],
    ['§4 training and platforms', 'training-and-platforms', ['培训', '服务意识', '沟通平台', '信息共享']],
    ['§4 appraisal and team building', 'appraisal-and-team-building', ['绩效考核', '激励', '团队建设', '默契']],
    ['§5 the case study', 'case-cross-department', ['互联网', '跨部门协作小组', '每周', '反馈机制', '满意度']],
    ['§6 internal vs external', 'internal-vs-external-crm', ['关注', '目标', '忠诚', '市场', '销售']],
    ['§7 challenges', 'implementation-challenges', ['文化差异', '权责不清', '抵触情绪']],
    ['§8 trends', 'future-trends', ['数字化', '人工智能', '个性化', '跨部门', '资源']],
    ['§9 summary and references', 'summary-and-outlook', ['效率', '满意度', '企业文化', '市场竞争', '长期稳健发展', '结合自身情况', 'Kotler', 'Grönroos', 'Berry']],
  ];
  test.each(seedCoverage)('covers %s in %s', (_section, lessonId, ideas) => {
    const text = lessonReaderText(bodyOf(lessonId));
    expect(ideas.filter((idea) => !text.includes(idea))).toEqual([]);
  });

  test('cites the three references of the source document in full', () => {
    expect(content.course.references.map((reference) => `${reference.authors} (${reference.year})`)).toEqual([
      'Kotler, P. & Keller, K. L. (2016)',
      'Grönroos, C. (2004)',
      'Berry, L. L. (1995)',
    ]);
  });
});

// The source document sits beside the repository on the team's machines and in CI, never inside it.
const seedDir = join(repoRoot, '..', 'shared', 'seed');
const hasSeed = existsSync(seedDir);

describe.skipIf(!hasSeed)('originality against the source document', () => {
  const window = 12;
  const normalise = (text: string) => text.replace(/[^\u4e00-\u9fffA-Za-z0-9]/g, '');

  test(`shares no run of ${window} characters with it in any lesson or glossary definition`, () => {
    const seed = normalise(readdirSync(seedDir).map((name) => readFileSync(join(seedDir, name), 'utf8')).join('\n'));
    const seedRuns = new Set<string>();
    for (let i = 0; i + window <= seed.length; i++) seedRuns.add(seed.slice(i, i + window));
    const texts = [
      ...content.lessons.map((lesson) => ({ where: lesson.id, text: lessonReaderText(bodyOf(lesson.id)) })),
      ...content.glossary.map((entry) => ({ where: `glossary ${entry.term}`, text: entry.definition })),
    ];
    const copied = texts.flatMap(({ where, text }) => {
      const plain = normalise(text);
      const runs: string[] = [];
      for (let i = 0; i + window <= plain.length; i++) {
        if (seedRuns.has(plain.slice(i, i + window))) runs.push(`${where}: ${plain.slice(i, i + window)}`);
      }
      return runs;
    });
    expect(copied).toEqual([]);
  });
});
