import type { AgendaTemplate } from './schemas/agenda-template.ts';
import type { LessonDeck } from './slide-deck.ts';

/** A facilitator note as the agenda lists it: its minutes and its first sentence. */
export interface AgendaActivity {
  minutes: number | undefined;
  text: string;
}

/** The part of one lesson taught in one block of the day. */
export interface AgendaSegment {
  lessonId: string;
  lessonTitle: string;
  lessonNumber: number;
  /** The `##` sections taught in this part. */
  sections: string[];
  minutes: number;
  /** Whether the lesson began in an earlier block. */
  continued: boolean;
  /** Whether the lesson goes on in a later block (or did not fit). */
  continues: boolean;
  activities: AgendaActivity[];
}

interface Timed {
  /** Minutes after midnight. */
  start: number;
  end: number;
  minutes: number;
}

export type AgendaItem =
  | (Timed & { kind: 'lessons'; segments: AgendaSegment[]; /** Minutes of the lessons placed in it. */ planned: number })
  | (Timed & { kind: 'session' | 'break' | 'meal'; title: string; detail: string | undefined; worksheets: string[] });

export interface AgendaDayPlan {
  title: string;
  start: number;
  end: number;
  items: AgendaItem[];
}

export interface Agenda {
  template: Pick<AgendaTemplate, 'id' | 'title' | 'summary'>;
  days: AgendaDayPlan[];
  /** Classroom minutes the chosen lessons plan for. */
  lessonMinutes: number;
  /** Minutes the template gives to lessons. */
  teachingMinutes: number;
  /** Lesson parts no block could take, in course order. */
  unscheduled: AgendaSegment[];
}

type Placed = { lessonIndex: number; slideIndex: number };

/** How far a block may run over to finish a slide: a break that starts five minutes late beats a half-empty block. */
export const overrunMinutes = 5;

/**
 * Lays the chosen lessons into a template's lesson blocks, slide by slide in order, so a lesson may run on after a
 * break but a slide is never cut: a slide that does not fit what is left of a block (give or take overrunMinutes)
 * opens the next one, and a title slide goes where the section after it fits too. A slide
 * longer than a whole empty block is placed there anyway (the block then shows more planned than it holds).
 * Slides left when the blocks run out are listed as unscheduled.
 */
export function buildAgenda(template: AgendaTemplate, lessons: readonly LessonDeck[]): Agenda {
  const blocks: { placed: Placed[]; used: number; minutes: number }[] = [];
  const days = template.days.map((day) => {
    let clock = clockMinutes(day.start);
    const items = day.blocks.map((block): AgendaItem | { kind: 'pending'; index: number; start: number; end: number; minutes: number } => {
      const start = clock;
      clock += block.minutes;
      if (block.kind === 'lessons') {
        blocks.push({ placed: [], used: 0, minutes: block.minutes });
        return { kind: 'pending', index: blocks.length - 1, start, end: clock, minutes: block.minutes };
      }
      return { kind: block.kind, start, end: clock, minutes: block.minutes, title: block.title!, detail: block.detail, worksheets: block.worksheets };
    });
    return { title: day.title, start: clockMinutes(day.start), end: clock, items };
  });

  const unscheduled: Placed[] = [];
  let current = 0;
  lessons.forEach((lesson, lessonIndex) =>
    lesson.slides.forEach((slide, slideIndex) => {
      // A title slide stays with the section after it: a lesson never opens just before a break.
      const next = lesson.slides[slideIndex + 1];
      const needed = slide.minutes + (slide.kind === 'title' && next ? next.minutes : 0);
      while (current < blocks.length && blocks[current]!.used > 0 && blocks[current]!.used + needed > blocks[current]!.minutes + overrunMinutes) current++;
      const block = blocks[current];
      if (!block) return unscheduled.push({ lessonIndex, slideIndex });
      block.placed.push({ lessonIndex, slideIndex });
      block.used += slide.minutes;
    }),
  );

  const runs = [...blocks.map((block) => segmentsOf(lessons, block.placed)), segmentsOf(lessons, unscheduled)];
  return {
    template: { id: template.id, title: template.title, summary: template.summary },
    days: days.map((day) => ({
      ...day,
      items: day.items.map((item) =>
        item.kind === 'pending'
          ? { kind: 'lessons', start: item.start, end: item.end, minutes: item.minutes, segments: runs[item.index]!, planned: blocks[item.index]!.used }
          : item,
      ),
    })),
    lessonMinutes: lessons.reduce((sum, lesson) => sum + lesson.minutes, 0),
    teachingMinutes: blocks.reduce((sum, block) => sum + block.minutes, 0),
    unscheduled: runs.at(-1)!,
  };
}

/**
 * Builds the agenda of every template and returns the one to suggest: the template with the fewest lesson minutes
 * that takes every slide, or the roomiest when none does.
 */
export function recommendAgenda(templates: readonly AgendaTemplate[], lessons: readonly LessonDeck[]): Agenda {
  const agendas = templates.map((template) => buildAgenda(template, lessons)).sort((a, b) => a.teachingMinutes - b.teachingMinutes);
  if (agendas.length === 0) throw new Error('no agenda template to choose from');
  return agendas.find((agenda) => agenda.unscheduled.length === 0) ?? agendas.at(-1)!;
}

/** Formats minutes after midnight as a 24-hour clock time, "09:05". */
export function formatClock(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** The first sentence of a note, for a one-line agenda entry. */
export function firstSentence(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const end = flat.search(/[。！？!?]/);
  return end < 0 ? flat : flat.slice(0, end + 1);
}

function clockMinutes(time: string): number {
  const [hours, minutes] = time.split(':').map(Number) as [number, number];
  return hours * 60 + minutes;
}

/** Groups placed slides into one segment per lesson run. */
function segmentsOf(lessons: readonly LessonDeck[], placed: readonly Placed[]): AgendaSegment[] {
  const segments: (AgendaSegment & { lessonIndex: number; firstSlide: number; lastSlide: number })[] = [];
  for (const { lessonIndex, slideIndex } of placed) {
    const { lesson, slides } = lessons[lessonIndex]!;
    const slide = slides[slideIndex]!;
    let segment = segments.at(-1);
    if (!segment || segment.lessonIndex !== lessonIndex) {
      segment = {
        lessonId: lesson.id,
        lessonTitle: lesson.title,
        lessonNumber: lesson.number,
        sections: [],
        minutes: 0,
        continued: false,
        continues: false,
        activities: [],
        lessonIndex,
        firstSlide: slideIndex,
        lastSlide: slideIndex,
      };
      segments.push(segment);
    }
    segment.lastSlide = slideIndex;
    segment.minutes += slide.minutes;
    if (slide.kind === 'section') segment.sections.push(slide.heading);
    for (const note of slide.notes) {
      if (note.kind === 'facilitator') segment.activities.push({ minutes: note.minutes, text: firstSentence(note.text) });
    }
  }
  return segments.map(({ firstSlide, lastSlide, lessonIndex, ...segment }) => ({
    ...segment,
    continued: firstSlide > 0,
    continues: lastSlide < lessons[lessonIndex]!.slides.length - 1,
  }));
}

