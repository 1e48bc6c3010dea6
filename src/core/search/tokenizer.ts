/** One searchable word of a text: its normalised term and where it stands in the original text. */
export interface SearchToken {
  term: string;
  /** UTF-16 offsets into the original text, so a match can be highlighted where it was written. */
  start: number;
  end: number;
}

/**
 * Words too common to tell one section from another: particles, conjunctions, pronouns, question words
 * and a few English function words. They are dropped when indexing and when querying alike, so a
 * question such as “怎么处理同事的抵触情绪” is searched by its content words only.
 */
export const stopWords: ReadonlySet<string> = new Set([
  // Particles
  '的', '地', '得', '了', '着', '过', '吗', '呢', '吧', '啊', '呀', '嘛', '么',
  // Conjunctions and prepositions
  '和', '与', '及', '以及', '或', '或者', '并', '并且', '而', '而且', '但', '但是', '跟', '同', '把', '被', '将',
  '对', '对于', '从', '向', '在', '于', '以', '为', '为了', '给', '让', '由', '关于', '如果', '因为', '所以',
  // Pronouns and determiners
  '这', '那', '这个', '那个', '这些', '那些', '这样', '那样', '这种', '那种', '其', '它', '它们', '我', '我们',
  '你', '你们', '他', '他们', '她', '她们', '自己', '大家', '一个', '一些', '一种', '各种', '每个',
  // Question words: how a learner asks, not what the course says
  '什么', '哪', '哪些', '哪个', '哪里', '怎么', '怎样', '怎么样', '如何', '为什么', '为何', '多少', '是否', '能否',
  // Copulas, auxiliaries and degree adverbs
  '是', '有', '就', '也', '都', '还', '又', '很', '更', '最', '会', '能', '要', '可以', '应该', '应当', '需要',
  '不', '没', '没有', '不是', '已经', '正在',
  // English function words, for the glossary's English names and mixed queries ("it" stays: it is the IT department)
  'a', 'an', 'the', 'and', 'or', 'of', 'to', 'in', 'on', 'for', 'with', 'is', 'are', 'be', 'by', 'as', 'at',
]);

// One segmenter for the whole module: building one is far costlier than segmenting a short query.
const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });

const hanCharacter = /^\p{Script=Han}$/u;

/**
 * Normalises a word for matching: NFKC folds full-width Latin letters and digits (“ＣＲＭ”, “３６０”)
 * into ASCII, and lower case makes “CRM”, “Crm” and “crm” one term.
 */
export function normalizeTerm(word: string): string {
  return word.normalize('NFKC').toLowerCase();
}

/** Splits a text into its searchable words. */
export type Tokenizer = (text: string) => SearchToken[];

interface Word extends SearchToken {
  /** True when only white space separates this word from the one before it. */
  joined: boolean;
}

/** Splits a text into every word-like segment, stop words included, noting which follow on without punctuation. */
function words(text: string): Word[] {
  const found: Word[] = [];
  let gap = '';
  for (const { segment, index, isWordLike } of segmenter.segment(text)) {
    if (!isWordLike) {
      gap += segment;
      continue;
    }
    found.push({ term: normalizeTerm(segment), start: index, end: index + segment.length, joined: found.length > 0 && !gap.trim() });
    gap = '';
  }
  return found;
}

/**
 * Makes the tokenizer used both to build the index and to query it. It splits text with
 * `Intl.Segmenter('zh')`: Chinese by its word dictionary, Latin words and numbers whole, punctuation and
 * stop words left out. Each of the given phrases (the glossary's terms) that occurs unbroken also yields
 * one extra token for the whole phrase, so “内部服务链” ranks the sections that use the term above those that
 * merely say 内部, 服务 and 链 apart, while a search for 服务链 alone still finds it.
 */
export function createTokenizer(phrases: readonly string[] = []): Tokenizer {
  const phraseWords = phrases
    .map((phrase) => words(phrase).map((word) => word.term))
    .filter((terms) => terms.length > 1);
  const byFirstWord = new Map<string, string[][]>();
  for (const terms of phraseWords) byFirstWord.set(terms[0]!, [...(byFirstWord.get(terms[0]!) ?? []), terms]);

  return (text) => {
    const all = words(text);
    const tokens: SearchToken[] = [];
    all.forEach((word, i) => {
      for (const terms of byFirstWord.get(word.term) ?? []) {
        const run = all.slice(i, i + terms.length);
        const whole = run.length === terms.length && run.every((next, j) => next.term === terms[j] && (j === 0 || next.joined));
        // The phrase comes before its first word, so tokens stay ordered by where they start.
        if (whole) tokens.push({ term: terms.join(''), start: word.start, end: run.at(-1)!.end });
      }
      if (!stopWords.has(word.term)) tokens.push({ term: word.term, start: word.start, end: word.end });
    });
    return tokens;
  };
}

/** Returns the one term a phrase is matched by as a whole: its words normalised and joined (“PDCA 循环” → “pdca循环”). */
export function phraseTerm(phrase: string): string {
  return words(phrase)
    .map((word) => word.term)
    .join('');
}

/** Splits a text into its searchable words, without phrases: the tokenizer of an index built without glossary terms. */
export const tokenize: Tokenizer = createTokenizer();

/** Returns the distinct terms a tokenizer finds in a text, in the order they first appear. */
export function distinctTerms(text: string, tokenizer: Tokenizer = tokenize): string[] {
  return [...new Set(tokenizer(text).map((token) => token.term))];
}

/** Tells whether a term is a single Chinese character, which a query searches for inside longer words. */
export function isSingleHanCharacter(term: string): boolean {
  return hanCharacter.test(term);
}

/** Tells whether a term is written in Latin letters or digits, like “crm”, “kpi” or “okr2.0”. */
export function isLatinTerm(term: string): boolean {
  return /^[a-z0-9][a-z0-9.+#_-]*$/.test(term);
}
