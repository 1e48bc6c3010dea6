import type { Nodes, RootContent } from 'mdast';
import { isJsx, jsxAttributes, readerText, splitLesson, type LessonPart } from '../course/lesson-tree.ts';
import { planSlideMinutes } from './planned-minutes.ts';

/** What a deck needs to know of a lesson besides its MDX source. */
export interface DeckLesson {
  id: string;
  title: string;
  /** 1-based position in the whole course. */
  number: number;
  moduleTitle: string;
  /** The author's suggested minutes for the lesson, split over its slides. */
  minutes: number;
  summary: string;
  objectives: string[];
}

/** What the facilitator reads beside a slide; the room never sees it. */
export type SpeakerNote =
  /** A `<FacilitatorNote>`, with the minutes it plans for. */
  | { kind: 'facilitator'; minutes: number | undefined; text: string }
  /** The lesson's opening, to tell in the facilitator's own words. */
  | { kind: 'opening'; text: string }
  /** The lesson's 思考与讨论 questions. */
  | { kind: 'discussion'; questions: string[] };

/** A practice quiz or role-play a section embeds, for the room to play together. */
export interface SlideActivity {
  kind: 'quiz' | 'role-play';
  id: string;
}

export interface Slide {
  /** Unique in a deck: `<lesson>#<anchor>`, with `start` and `key-points` for a lesson's first and last slide. */
  id: string;
  /** A lesson's title slide, one of its `##` sections, or its 要点回顾. */
  kind: 'title' | 'section' | 'key-points';
  lessonId: string;
  /** The lesson's title, or the section's `##` heading; empty on a key-points slide, whose kind names it. */
  heading: string;
  /** What the room sees: the part's nodes without facilitator notes, quizzes and role-plays (the title slide has none). */
  nodes: RootContent[];
  notes: SpeakerNote[];
  activities: SlideActivity[];
  /** Classroom minutes planned for the slide, its activities included. */
  minutes: number;
  /** Of those, the minutes its facilitator notes plan for activities. */
  activityMinutes: number;
}

export interface LessonDeck {
  lesson: DeckLesson;
  slides: Slide[];
  minutes: number;
}

export interface Deck {
  lessons: LessonDeck[];
  /** Every slide of every lesson, in order. */
  slides: Slide[];
  minutes: number;
}

/** Elements that are never shown to the room: notes are the facilitator's, activities run as activities. */
const offSlideElements = new Set(['FacilitatorNote', 'Quiz', 'RolePlay']);

/**
 * Turns a lesson into slides with the one lesson splitter: a title slide (objectives on screen, the opening as a
 * note), one slide per `##` section (figures and callouts included, `<FacilitatorNote>`s as speaker notes), and a
 * 要点回顾 slide whose notes hold the 思考与讨论 questions. The lesson's minutes are split over the slides by
 * planSlideMinutes: each keeps what its notes plan for, and the rest follows the length of its text.
 */
export function buildLessonDeck(lesson: DeckLesson, source: string): LessonDeck {
  const tree = splitLesson(source);
  const drafts: (Omit<Slide, 'minutes' | 'activityMinutes'> & { weight: number })[] = [];

  const opening = tree.intro.text.trim();
  drafts.push({
    id: `${lesson.id}#start`,
    kind: 'title',
    lessonId: lesson.id,
    heading: lesson.title,
    nodes: [],
    notes: [...(opening ? [{ kind: 'opening' as const, text: opening }] : []), ...facilitatorNotes(tree.intro)],
    activities: roomView(tree.intro.nodes).activities,
    weight: [lesson.summary, ...lesson.objectives, opening].join('').length,
  });
  for (const section of tree.sections) {
    const { nodes, activities } = roomView(section.nodes);
    drafts.push({
      id: `${lesson.id}#${section.anchor}`,
      kind: 'section',
      lessonId: lesson.id,
      heading: section.heading,
      nodes,
      notes: facilitatorNotes(section),
      activities,
      weight: section.text.length,
    });
  }
  const questions = tree.discussion ? listItems(tree.discussion.nodes) : [];
  if (tree.keyPoints || questions.length > 0) {
    const { nodes, activities } = roomView(tree.keyPoints?.nodes ?? []);
    drafts.push({
      id: `${lesson.id}#key-points`,
      kind: 'key-points',
      lessonId: lesson.id,
      heading: '',
      nodes,
      notes: [
        ...(tree.keyPoints ? facilitatorNotes(tree.keyPoints) : []),
        ...(questions.length > 0 ? [{ kind: 'discussion' as const, questions }] : []),
      ],
      activities,
      weight: tree.keyPoints?.text.length ?? 0,
    });
  }

  const activityMinutes = drafts.map((draft) =>
    draft.notes.reduce((sum, note) => sum + (note.kind === 'facilitator' ? (note.minutes ?? 0) : 0), 0),
  );
  const minutes = planSlideMinutes(
    lesson.minutes,
    drafts.map((draft, index) => ({ activityMinutes: activityMinutes[index]!, weight: draft.weight })),
  );
  const slides = drafts.map(({ weight: _weight, ...draft }, index) => ({
    ...draft,
    minutes: minutes[index]!,
    activityMinutes: activityMinutes[index]!,
  }));
  return { lesson, slides, minutes: sum(slides.map((slide) => slide.minutes)) };
}

/** Builds the deck of several lessons, in the order given. */
export function buildDeck(lessons: readonly { lesson: DeckLesson; source: string }[]): Deck {
  const decks = lessons.map(({ lesson, source }) => buildLessonDeck(lesson, source));
  return {
    lessons: decks,
    slides: decks.flatMap((deck) => deck.slides),
    minutes: sum(decks.map((deck) => deck.minutes)),
  };
}

function facilitatorNotes(part: LessonPart): SpeakerNote[] {
  return part.facilitatorNotes.map(({ minutes, text }) => ({ kind: 'facilitator', minutes, text }));
}

/** A part's nodes as the room sees them, and the activities taken out of them; the cached tree is not changed. */
function roomView(nodes: readonly RootContent[]): { nodes: RootContent[]; activities: SlideActivity[] } {
  const activities: SlideActivity[] = [];
  const keep = (node: Nodes): Nodes[] => {
    if (isJsx(node) && node.name && offSlideElements.has(node.name)) {
      const id = jsxAttributes(node).id;
      if (id && node.name !== 'FacilitatorNote') activities.push({ kind: node.name === 'Quiz' ? 'quiz' : 'role-play', id });
      return [];
    }
    if (!('children' in node)) return [node];
    return [{ ...node, children: (node.children as Nodes[]).flatMap(keep) } as Nodes];
  };
  return { nodes: nodes.flatMap(keep) as RootContent[], activities };
}

/** The items of a part's lists, as reader text: the 思考与讨论 questions. */
function listItems(nodes: readonly RootContent[]): string[] {
  return nodes.flatMap((node) => (node.type === 'list' ? node.children.map((item) => readerText(item.children)) : [])).filter(Boolean);
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}
