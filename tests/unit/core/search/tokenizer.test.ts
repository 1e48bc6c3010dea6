import { describe, expect, test } from 'vitest';
import {
  createTokenizer,
  distinctTerms,
  isLatinTerm,
  isSingleHanCharacter,
  normalizeTerm,
  phraseTerm,
  stopWords,
  tokenize,
} from '../../../../src/core/search/tokenizer.ts';

const terms = (text: string) => tokenize(text).map((token) => token.term);

describe('tokenize', () => {
  test('splits Chinese into dictionary words', () => {
    expect(terms('绩效考核')).toEqual(['绩效', '考核']);
    expect(terms('立体客户关系')).toEqual(['立体', '客户', '关系']);
  });

  test('keeps Latin words and numbers whole, lower-cased, next to Chinese words', () => {
    expect(terms('KPI考核指标')).toEqual(['kpi', '考核', '指标']);
    expect(terms('用 RACI 表理清分工')).toEqual(['用', 'raci', '表', '理清', '分工']);
    expect(terms('续约率提高到 85%')).toEqual(['续约', '率', '提高', '到', '85']);
    expect(terms('OKR2.0')).toEqual(['okr2.0']);
  });

  test('folds full-width letters and digits into ASCII', () => {
    expect(terms('ＣＲＭ')).toEqual(['crm']);
    expect(terms('３６０度评估')).toEqual(['360', '度', '评估']);
  });

  test('leaves out punctuation, Chinese and Latin alike', () => {
    expect(terms('各自用力，彼此抵消。“终点”——（NPS）!')).toEqual(['各自', '用力', '彼此', '抵消', '终点', 'nps']);
  });

  test('leaves out stop words, so a question is searched by its content words', () => {
    expect(terms('怎么处理同事的抵触情绪')).toEqual(['处理', '同事', '抵触', '情绪']);
    expect(terms('CRM 和内部客户有什么不同')).toEqual(['crm', '内部', '客户', '不同']);
    expect(terms('沟通与反馈')).toEqual(['沟通', '反馈']);
    expect(terms('的了与')).toEqual([]);
  });

  test('keeps a single character that is a word of its own', () => {
    expect(terms('信')).toEqual(['信']);
    expect(terms('部门墙')).toEqual(['部门', '墙']);
  });

  test('gives each word its place in the original text, full-width letters included', () => {
    const text = '销售找ＩＴ部门。';
    expect(tokenize(text).map((token) => text.slice(token.start, token.end))).toEqual(['销售', '找', 'ＩＴ', '部门']);
  });
});

describe('createTokenizer', () => {
  const withPhrases = createTokenizer(['内部服务链', '尊重与信任']);

  test('adds a token for a phrase, placed before the words it spans', () => {
    const found = withPhrases('画出内部服务链').map((token) => token.term);
    expect(found.slice(found.indexOf('内部服务链'))).toEqual(['内部服务链', '内部', '服务', '链']);
  });

  test('matches a phrase that has a stop word inside it', () => {
    const text = '先讲尊重与信任';
    const phrase = withPhrases(text).find((token) => token.term === '尊重与信任');
    expect(phrase && text.slice(phrase.start, phrase.end)).toBe('尊重与信任');
  });

  test('does not match a phrase across punctuation', () => {
    expect(withPhrases('内部服务，链条').map((token) => token.term)).not.toContain('内部服务链');
  });

  test('splits a query the same way it splits the text, so the phrase is found either way', () => {
    expect(distinctTerms('内部服务链', withPhrases)).toEqual(['内部服务链', '内部', '服务', '链']);
  });
});

describe('normalizeTerm', () => {
  test('makes case and width variants one term', () => {
    expect(new Set(['CRM', 'Crm', 'crm', 'ＣＲＭ'].map(normalizeTerm))).toEqual(new Set(['crm']));
  });
});

describe('stopWords', () => {
  test('holds the common particles, conjunctions and question words', () => {
    for (const word of ['的', '了', '与', '和', '怎么', '什么', '如何']) expect(stopWords.has(word), word).toBe(true);
  });

  test('holds no content word of the course', () => {
    for (const word of ['客户', '部门', '信任', '目标', '不同', '考核', 'it']) expect(stopWords.has(word), word).toBe(false);
  });
});

describe('isSingleHanCharacter and isLatinTerm', () => {
  test('tell a single Chinese character and a Latin term apart from other terms', () => {
    expect(['信', '墙', '信任', 'a'].map(isSingleHanCharacter)).toEqual([true, true, false, false]);
    expect(['crm', 'okr2.0', '85', '客户'].map(isLatinTerm)).toEqual([true, true, true, false]);
  });
});

describe('phraseTerm', () => {
  test('returns the one term the tokenizer gives a glossary phrase found whole', () => {
    expect(phraseTerm('PDCA 循环')).toBe('pdca循环');
    expect(createTokenizer(['PDCA 循环'])('按 PDCA 循环推进').map((token) => token.term)).toContain(phraseTerm('PDCA 循环'));
  });
});
