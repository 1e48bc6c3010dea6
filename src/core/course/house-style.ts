import type { ContentIssue } from './content-issues.ts';

/** A content file's text as written, for checks that read its prose line by line. */
export interface ContentText {
  file: string;
  text: string;
}

/** The full-width form of each half-width mark that must not stand between Chinese characters. */
const fullWidth: Readonly<Record<string, string>> = {
  ',': '，',
  '.': '。',
  ':': '：',
  ';': '；',
  '?': '？',
  '!': '！',
  '(': '（',
  ')': '）',
};

const halfWidthBetweenHan = /(?<=\p{Script=Han}[ \t]*)[,.:;?!()](?=[ \t]*\p{Script=Han})/gu;
const cornerQuote = /[「」『』]/;
const straightQuote = /"/g;
const han = /\p{Script=Han}/u;
const fence = /^\s*(```|~~~)/;

/** A YAML key whose value is a flow list, like `keyTerms: [内部客户, 服务意识]`: its commas are syntax. */
const yamlFlowList = /^(\s*(?:- )?[A-Za-z_][\w-]*:\s*\[)(.*)(\]\s*)$/;

/** Blanks what is markup rather than prose: YAML list commas, component tags (with their attribute values), expressions and code spans. */
function proseOf(line: string): string {
  return line
    .replace(yamlFlowList, (_line, key: string, items: string, end: string) => `${key}${items.replace(/,(?= )/g, ' ')}${end}`)
    .replace(/<\/?[A-Za-z][^>]*>/g, (tag) => ' '.repeat(tag.length))
    .replace(/\{[^}]*\}/g, (expression) => (han.test(expression) ? expression : ' '.repeat(expression.length)))
    .replace(/`[^`]*`/g, (code) => ' '.repeat(code.length));
}

/** Quotes a few characters either side of a fault, so the author finds it in a long line. */
function excerpt(line: string, at: number): string {
  const start = Math.max(0, at - 6);
  const end = Math.min(line.length, at + 7);
  return `${start > 0 ? '…' : ''}${line.slice(start, end).trim()}${end < line.length ? '…' : ''}`;
}

/** Tells whether a straight double quote at `at` belongs to Chinese text: a Chinese character beside it or inside the quoted span. */
function quotesChinese(line: string, at: number): boolean {
  if (han.test(line[at - 1] ?? '') || han.test(line[at + 1] ?? '')) return true;
  const close = line.indexOf('"', at + 1);
  return close > at && han.test(line.slice(at + 1, close));
}

/**
 * Checks the house style of a content file's Chinese prose: quotation marks are “” (never "" or 「」), and
 * no half-width , . : ; ? ! ( ) stands between two Chinese characters. Markup (tags, attributes, code) and
 * quotes around text without Chinese, such as a YAML string in English, are left alone.
 */
export function checkHouseStyle({ file, text }: ContentText): ContentIssue[] {
  const issues: ContentIssue[] = [];
  let inFence = false;
  text.split(/\r?\n/).forEach((raw, i) => {
    if (fence.test(raw)) inFence = !inFence;
    if (inFence) return;
    const line = proseOf(raw);
    const field = `第 ${i + 1} 行`;
    const corner = line.search(cornerQuote);
    if (corner >= 0) issues.push({ file, field, message: `用了直角引号「」，本课程统一用“”：${excerpt(raw, corner)}` });
    const straight = [...line.matchAll(straightQuote)].find((match) => quotesChinese(line, match.index));
    if (straight) issues.push({ file, field, message: `中文里用了英文直引号 "，应改为“”：${excerpt(raw, straight.index)}` });
    for (const match of line.matchAll(halfWidthBetweenHan)) {
      const mark = match[0];
      issues.push({
        file,
        field,
        message: `汉字之间用了半角“${mark}”，应改为全角“${fullWidth[mark]}”：${excerpt(raw, match.index)}`,
      });
    }
  });
  return issues;
}
