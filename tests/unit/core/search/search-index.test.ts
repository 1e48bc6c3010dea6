import { describe, expect, test } from 'vitest';
import type { SearchDocument } from '../../../../src/core/search/documents.ts';
import {
  buildSearchIndex,
  loadSearchIndex,
  querySearchIndex,
  searchIndexFormat,
  type LoadedSearchIndex,
} from '../../../../src/core/search/search-index.ts';

const section = (lessonId: string, title: string, heading: string, text: string): SearchDocument => ({
  kind: 'section',
  title,
  heading,
  text,
  url: `/courses/icrm/${lessonId}/#${heading}`,
  lessonId,
});

const documents: SearchDocument[] = [
  section('respect-and-trust', '尊重与信任', '信任怎样攒起来', '信任靠说到做到、提前预警来积累，一次失信就可能前功尽弃。'),
  section('implementation-challenges', '实施中的挑战', '员工心存抵触', '抵触情绪背后是实实在在的顾虑。用 RACI 表写明谁负责、谁配合。'),
  section('internal-vs-external-crm', '内外部客户关系管理之别', '关注对象不同', '外部客户关系管理常借助 CRM 系统，内部客户则是同事。'),
  section('appraisal-and-team-building', '考核机制与团队建设', '考核方案怎么设计', '绩效考核的指标、权重和周期要讲清楚。'),
  { kind: 'term', title: '内部服务链', heading: 'Internal service chain', text: '企业内部一环接一环的服务关系。', url: '/glossary/#term-内部服务链' },
  section('what-is-an-internal-customer', '什么是内部客户', '内部服务链怎样运转', '画出内部服务链：后台支持中台，中台支持前台。'),
  section('training-and-platforms', '培训教育与沟通平台', '培训要解决什么问题', '人力资源部为新员工安排入职培训。'),
  section('case-workshop', '研讨：诊断你的服务链', '第一步', '先列出内部的服务，再找出链条上的薄弱环节。'),
];

/** Serialises through JSON as the static file does, so tests query exactly what a browser loads. */
function load(): LoadedSearchIndex {
  return loadSearchIndex(JSON.parse(JSON.stringify(buildSearchIndex(documents))));
}

const lessonsFound = (index: LoadedSearchIndex, query: string) =>
  querySearchIndex(index, query).results.map((result) => result.document.lessonId ?? result.document.title);

describe('buildSearchIndex and loadSearchIndex', () => {
  test('round-trip through JSON with the documents and the glossary terms as phrases', () => {
    const serialized = JSON.parse(JSON.stringify(buildSearchIndex(documents)));
    expect(serialized.format).toBe(searchIndexFormat);
    expect(serialized.phrases).toEqual(['内部服务链']);
    expect(loadSearchIndex(serialized).documents).toEqual(documents);
  });

  test('refuse a file of another format rather than misread it', () => {
    const serialized = { ...buildSearchIndex(documents), format: 0 };
    expect(() => loadSearchIndex(serialized as never)).toThrow(/format 0/);
  });
});

describe('querySearchIndex', () => {
  const index = load();

  test('finds a section by the words of a question, ignoring its stop words', () => {
    expect(lessonsFound(index, '怎么处理同事的抵触情绪')[0]).toBe('implementation-challenges');
  });

  test('ranks the section using a glossary term as a phrase above those that only share its words', () => {
    expect(lessonsFound(index, '内部服务链').slice(0, 2)).toEqual(['内部服务链', 'what-is-an-internal-customer']);
  });

  test('matches Latin words whatever their case and width', () => {
    for (const query of ['crm', 'CRM', 'ＣＲＭ']) expect(lessonsFound(index, query), query).toEqual(['internal-vs-external-crm']);
  });

  test('matches a Latin word as a prefix while it is being typed', () => {
    expect(lessonsFound(index, 'rac')).toEqual(['implementation-challenges']);
  });

  test('finds a single character inside the words that contain it', () => {
    expect(lessonsFound(index, '抵')).toEqual(['implementation-challenges']);
    expect(lessonsFound(index, '信')[0]).toBe('respect-and-trust');
  });

  test('searches an abbreviation the course spells out in Chinese by its Chinese words', () => {
    expect(lessonsFound(index, 'KPI')).toEqual(['appraisal-and-team-building']);
    expect(lessonsFound(index, 'HR')).toEqual(['training-and-platforms']);
  });

  test('returns nothing for a query of stop words and punctuation, or one that matches nothing', () => {
    for (const query of ['', '   ', '的了与', '？！', '天气预报']) expect(querySearchIndex(index, query), query).toEqual({ total: 0, results: [] });
  });

  test('counts every hit but prepares only as many results as asked for', () => {
    const { total, results } = querySearchIndex(index, '内部服务', 2);
    expect(total).toBeGreaterThan(2);
    expect(results).toHaveLength(2);
  });

  test('marks the matched words in the title, the heading and the snippet', () => {
    const [first] = querySearchIndex(index, '考核设计').results;
    expect(first!.title).toEqual([
      { text: '考核', match: true },
      { text: '机制与团队建设', match: false },
    ]);
    expect(first!.heading.filter((part) => part.match).map((part) => part.text)).toEqual(['考核', '设计']);
    expect(first!.snippet.filter((part) => part.match).map((part) => part.text)).toEqual(['考核']);
  });
});

describe('glossary aliases', () => {
  const withAliases: SearchDocument[] = [
    ...documents,
    {
      kind: 'term',
      title: '跨部门协作',
      heading: 'Cross-department collaboration',
      text: '不同部门为了同一项业务结果分工配合。',
      url: '/glossary/#term-跨部门协作',
      aliases: ['团队合作', '部门协作'],
    },
    section('why-it-matters', '内部客户关系的价值', '团队合作顺了，摩擦少了', '良好的内部关系促进团队合作，减少返工。'),
  ];
  const serialized = JSON.parse(JSON.stringify(buildSearchIndex(withAliases)));

  test('become phrases of the tokenizer, like the terms themselves', () => {
    expect(serialized.phrases).toEqual(['内部服务链', '跨部门协作', '团队合作', '部门协作']);
  });

  test('lead a learner who searches with an alias to the section that uses its words and to the term', () => {
    const found = querySearchIndex(loadSearchIndex(serialized), '团队合作').results.map((result) => result.document.url);
    expect(found[0]).toBe('/courses/icrm/why-it-matters/#团队合作顺了，摩擦少了');
    expect(found.slice(0, 3)).toContain('/glossary/#term-跨部门协作');
  });

  test('match as a whole, so that a term with many aliases is not weighed as a long title', () => {
    const term = withAliases.find((document) => document.kind === 'term' && document.aliases)!;
    const index = loadSearchIndex(JSON.parse(JSON.stringify(buildSearchIndex([{ ...term, aliases: ['协同作战'] }]))));
    expect(querySearchIndex(index, '协同作战').results.map((result) => result.document.title)).toEqual(['跨部门协作']);
    expect(querySearchIndex(index, '作战').total).toBe(0);
  });
});
