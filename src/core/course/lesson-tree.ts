import GithubSlugger from 'github-slugger';
import type { Heading, Nodes, Root, RootContent } from 'mdast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { mdxFromMarkdown } from 'mdast-util-mdx';
import type { MdxJsxFlowElement, MdxJsxTextElement } from 'mdast-util-mdx-jsx';
import { toString } from 'mdast-util-to-string';
import { gfm } from 'micromark-extension-gfm';
import { mdxjs } from 'micromark-extension-mdxjs';

/*
 * The one place lesson MDX is parsed. The tree is the one @astrojs/mdx builds (MDX with GFM tables), so
 * what counts as a heading, a component or code here is what counts on the page.
 */

/** A frontmatter block at the very start of a file; no frontmatter extension of micromark is installed. */
const frontmatterPattern = /^---\r?\n([\s\S]*?)\r?\n---(?:\r?\n|$)/;

/** A file's frontmatter YAML (undefined when there is no block) and its body after the block. */
export function splitFrontmatter(source: string): { yaml: string | undefined; body: string } {
  const match = frontmatterPattern.exec(source);
  return match ? { yaml: match[1] ?? '', body: source.slice(match[0].length) } : { yaml: undefined, body: source };
}

/** A JSX element of a lesson (`<Callout>`, `<Figure>`, …) with its literal attributes and the line it starts on. */
export interface LessonElement {
  name: string;
  /** Attributes written as strings; `{…}` expressions keep their source text. */
  attributes: Record<string, string>;
  line: number;
}

/** A `<Quiz id>` or `<RolePlay id>` a lesson embeds; an id of null means the tag has none. */
export interface EmbeddedActivity {
  id: string | null;
  line: number;
}

/** A `<FacilitatorNote>`: text for the classroom only, with the minutes it plans for. */
export interface FacilitatorNote {
  minutes: number | undefined;
  text: string;
  line: number;
}

/** Any heading of the lesson with the id Astro gives it on the page. */
export interface LessonHeading {
  depth: number;
  text: string;
  anchor: string;
}

/** A run of a lesson's top-level nodes: the intro, a `##` section, or a `<KeyPoints>` / `<Discussion>` block's content. */
export interface LessonPart {
  /** The part's nodes; a section's heading is not among them. */
  nodes: RootContent[];
  /** The words a self-study reader sees, without facilitator notes, tags, markup or expressions. */
  text: string;
  facilitatorNotes: FacilitatorNote[];
  /** Components other than notes, quizzes and role-plays: figures, callouts, diagrams. */
  elements: LessonElement[];
  /** The line the part starts on (its heading's line for a section). */
  line: number;
}

/** One `##` section of a lesson. */
export interface LessonTreeSection extends LessonPart {
  heading: string;
  anchor: string;
}

/** A lesson body split the way its page shows it. */
export interface LessonTree {
  root: Root;
  /** Everything before the first `##` heading, outside `<KeyPoints>` and `<Discussion>`. */
  intro: LessonPart;
  /** The top-level `##` sections; a heading inside a component starts no section. */
  sections: LessonTreeSection[];
  /** Every heading, nested ones included, in document order. */
  headings: LessonHeading[];
  quizzes: EmbeddedActivity[];
  rolePlays: EmbeddedActivity[];
  keyPoints: LessonPart | undefined;
  discussion: LessonPart | undefined;
}

/** A lesson component, written as a block or inside a paragraph. */
export type JsxElement = MdxJsxFlowElement | MdxJsxTextElement;

/** Components whose content belongs to a fixed part of the page rather than to the section they follow. */
const blockNames = new Set(['KeyPoints', 'Discussion']);
/** Components that are not content a part "contains" as a figure or callout. */
const activityNames = new Set(['FacilitatorNote', 'Quiz', 'RolePlay']);

/** MDX the site could not build, e.g. a component without its closing tag: the parser's reason and the line. */
export class LessonSyntaxError extends Error {
  constructor(
    readonly reason: string,
    readonly line: number | undefined,
  ) {
    super(line ? `${reason} (line ${line})` : reason);
    this.name = 'LessonSyntaxError';
  }
}

/** Parses MDX into the mdast tree @astrojs/mdx works on; throws a LessonSyntaxError on invalid MDX. */
export function parseLessonMdx(mdx: string): Root {
  try {
    return fromMarkdown(mdx, {
      extensions: [mdxjs(), gfm()],
      mdastExtensions: [mdxFromMarkdown(), gfmFromMarkdown()],
    });
  } catch (error) {
    const { reason, line } = error as { reason?: unknown; line?: unknown };
    if (typeof reason !== 'string') throw error;
    // Some messages carry their place only in the text, as "(3:1-3:10)".
    const placed = /\((\d+):\d+/.exec(reason)?.[1];
    throw new LessonSyntaxError(reason, typeof line === 'number' ? line : placed ? Number(placed) : undefined);
  }
}

/**
 * Parses a lesson once and splits it into its intro, its `##` sections, its key points and discussion, and
 * the quizzes and role-plays it embeds. A leading frontmatter block is blanked out rather than cut, so the
 * lines reported are the file's.
 */
export function splitLesson(source: string): LessonTree {
  const cached = recentTrees.get(source);
  if (cached) return cached;
  const tree = buildLessonTree(source);
  recentTrees.set(source, tree);
  if (recentTrees.size > recentTreeLimit) recentTrees.delete(recentTrees.keys().next().value!);
  return tree;
}

/**
 * The content check, the quiz checks and the search index each split every lesson; parsing is the costly
 * part (tens of milliseconds a lesson), so the last few trees are kept. Callers must not change them.
 */
const recentTrees = new Map<string, LessonTree>();
const recentTreeLimit = 64;

function buildLessonTree(source: string): LessonTree {
  const frontmatter = frontmatterPattern.exec(source);
  const mdx = frontmatter ? frontmatter[0].replace(/[^\r\n]/g, '') + source.slice(frontmatter[0].length) : source;
  const root = parseLessonMdx(mdx);

  const headings = slugHeadings(root);
  const anchors = new Map(headings.map((heading) => [heading.node, heading.anchor]));
  const intro: RootContent[] = [];
  const sections: { heading: Heading; nodes: RootContent[] }[] = [];
  const blocks = new Map<string, MdxJsxFlowElement[]>();
  for (const node of root.children) {
    if (node.type === 'heading' && node.depth === 2) sections.push({ heading: node, nodes: [] });
    else if (node.type === 'mdxJsxFlowElement' && node.name && blockNames.has(node.name)) {
      blocks.set(node.name, [...(blocks.get(node.name) ?? []), node]);
    } else (sections.at(-1)?.nodes ?? intro).push(node);
  }

  const blockPart = (name: string) => {
    const elements = blocks.get(name);
    return elements ? part(elements.flatMap((element) => element.children as RootContent[]), lineOf(elements[0]!)) : undefined;
  };
  return {
    root,
    intro: part(intro, intro[0] ? lineOf(intro[0]) : 1),
    sections: sections.map(({ heading, nodes }) => ({
      heading: headingText(heading),
      anchor: anchors.get(heading)!,
      ...part(nodes, lineOf(heading)),
    })),
    headings: headings.map(({ depth, text, anchor }) => ({ depth, text, anchor })),
    quizzes: activities(root, 'Quiz'),
    rolePlays: activities(root, 'RolePlay'),
    keyPoints: blockPart('KeyPoints'),
    discussion: blockPart('Discussion'),
  };
}

/** The reader text of a whole lesson body (see LessonPart.text). */
export function readerText(nodes: readonly Nodes[]): string {
  return nodes.flatMap(readerBlocks).join('\n\n');
}

/**
 * Slugs every heading in document order with one slugger, as Astro's rehype-heading-ids does (a trailing
 * hyphen dropped), so a repeated heading gets the same `-1` suffix here as on the page.
 */
function slugHeadings(root: Root): (LessonHeading & { node: Heading })[] {
  const slugger = new GithubSlugger();
  const headings: (LessonHeading & { node: Heading })[] = [];
  visit(root, (node) => {
    if (node.type !== 'heading') return;
    const text = headingText(node);
    headings.push({ node, depth: node.depth, text, anchor: slugger.slug(text).replace(/-$/, '') });
  });
  return headings;
}

/** A heading's text as Astro slugs it: text, code and expressions, no image alt. */
function headingText(heading: Heading): string {
  return toString(heading, { includeImageAlt: false }).trim();
}

function part(nodes: RootContent[], line: number): LessonPart {
  const facilitatorNotes: FacilitatorNote[] = [];
  const elements: LessonElement[] = [];
  for (const node of nodes) {
    visit(node, (child) => {
      if (!isJsx(child) || !child.name) return;
      if (child.name === 'FacilitatorNote') {
        const minutes = Number(jsxAttributes(child).minutes);
        facilitatorNotes.push({
          minutes: Number.isFinite(minutes) && jsxAttributes(child).minutes !== undefined ? minutes : undefined,
          text: readerText(child.children),
          line: lineOf(child),
        });
      } else if (!activityNames.has(child.name) && !blockNames.has(child.name)) {
        elements.push({ name: child.name, attributes: jsxAttributes(child), line: lineOf(child) });
      }
    });
  }
  return { nodes, text: readerText(nodes), facilitatorNotes, elements, line };
}

function activities(root: Root, name: string): EmbeddedActivity[] {
  const found: EmbeddedActivity[] = [];
  visit(root, (node) => {
    if (isJsx(node) && node.name === name) found.push({ id: jsxAttributes(node).id ?? null, line: lineOf(node) });
  });
  return found;
}

/** Whether a node is a JSX element of the lesson (`<Callout>`, `<FacilitatorNote>`, …), block or inline. */
export function isJsx(node: Nodes): node is JsxElement {
  return node.type === 'mdxJsxFlowElement' || node.type === 'mdxJsxTextElement';
}

/** Reads a JSX element's literal attributes; `{…}` expressions keep their source text. */
export function jsxAttributes(element: JsxElement): Record<string, string> {
  const result: Record<string, string> = {};
  for (const attribute of element.attributes) {
    if (attribute.type !== 'mdxJsxAttribute') continue;
    const { value } = attribute;
    result[attribute.name] = value === null || value === undefined ? '' : typeof value === 'string' ? value : value.value;
  }
  return result;
}

function lineOf(node: Nodes): number {
  return node.position?.start.line ?? 0;
}

/** Visits a node and its descendants in document order. */
function visit(node: Nodes, visitor: (node: Nodes) => void): void {
  visitor(node);
  if ('children' in node) for (const child of node.children as Nodes[]) visit(child, visitor);
}

/** The reader's blocks of one node: paragraphs, list items and table rows keep their own lines. */
function readerBlocks(node: Nodes): string[] {
  switch (node.type) {
    case 'paragraph':
    case 'heading': {
      const text = readerInline(node).trim();
      return text ? [text] : [];
    }
    case 'list':
      return [node.children.map((item) => item.children.flatMap(readerBlocks).join('\n')).filter(Boolean).join('\n')];
    case 'table':
      return [node.children.map((row) => row.children.map((cell) => readerInline(cell).trim()).join('  ')).join('\n')];
    case 'code':
      return node.value ? [node.value] : [];
    case 'root':
    case 'blockquote':
      return node.children.flatMap(readerBlocks);
    case 'mdxJsxFlowElement':
      return node.name === 'FacilitatorNote' ? [] : node.children.flatMap(readerBlocks);
    default:
      // Thematic breaks, expressions, imports and raw HTML are not words a reader sees.
      return [];
  }
}

function readerInline(node: Nodes): string {
  switch (node.type) {
    case 'text':
    case 'inlineCode':
      return node.value;
    case 'image':
      return node.alt ?? '';
    case 'break':
      return '\n';
    case 'mdxJsxTextElement':
      return node.name === 'FacilitatorNote' ? '' : node.children.map(readerInline).join('');
    default:
      // Emphasis, links and the like keep their words; expressions, raw HTML and footnote marks have none.
      return 'children' in node ? (node.children as Nodes[]).map(readerInline).join('') : '';
  }
}
