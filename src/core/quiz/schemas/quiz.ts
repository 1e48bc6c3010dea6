import { z } from 'zod';
import { principleIds } from '../../course/principles.ts';
import { SlugSchema } from '../../course/schemas/course.ts';

/** The four implementation methods of the course. */
export const methodIds = ['training', 'platform', 'appraisal', 'team-building'] as const;
export type MethodId = (typeof methodIds)[number];

const Text = z.string().trim().min(1);

/** Where in the course a question's answer is taught: a lesson and one of its `##` sections (heading text or anchor). */
export const SectionRefSchema = z
  .object({
    lesson: SlugSchema,
    heading: Text,
  })
  .strict();
export type SectionRef = z.output<typeof SectionRefSchema>;

const ChoiceOptionSchema = z
  .object({
    id: SlugSchema,
    text: Text,
    correct: z.boolean().default(false),
    /** Shown when the learner picks this option (or misses it, if it is correct). */
    feedback: Text,
  })
  .strict();
export type ChoiceOption = z.output<typeof ChoiceOptionSchema>;

const QuestionBase = {
  id: SlugSchema,
  prompt: Text,
  explanation: Text,
  section: SectionRefSchema,
  principle: z.enum(principleIds).optional(),
  method: z.enum(methodIds).optional(),
};

const SingleChoiceSchema = z
  .object({ ...QuestionBase, type: z.literal('single'), options: z.array(ChoiceOptionSchema).min(2).max(6) })
  .strict();

const MultipleChoiceSchema = z
  .object({ ...QuestionBase, type: z.literal('multiple'), options: z.array(ChoiceOptionSchema).min(3).max(7) })
  .strict();

/** A short workplace vignette followed by one choice. */
const SituationalSchema = z
  .object({
    ...QuestionBase,
    type: z.literal('situational'),
    scenario: Text,
    options: z.array(ChoiceOptionSchema).min(2).max(6),
  })
  .strict();

const TrueFalseSchema = z
  .object({
    ...QuestionBase,
    type: z.literal('true-false'),
    answer: z.boolean(),
    /** What the learner reads after answering 正确 (`true`) or 错误 (`false`). */
    feedback: z.object({ true: Text, false: Text }).strict(),
  })
  .strict();

const OrderingItemSchema = z
  .object({
    id: SlugSchema,
    text: Text,
    /** Shown when this item ends up out of order. */
    feedback: Text,
  })
  .strict();

/** Items are authored in the correct order; learners see them shuffled. */
const OrderingSchema = z
  .object({ ...QuestionBase, type: z.literal('ordering'), items: z.array(OrderingItemSchema).min(3).max(6) })
  .strict();

const MatchingPremiseSchema = z
  .object({
    id: SlugSchema,
    text: Text,
    /** The id of its partner in `right`. */
    match: SlugSchema.optional(),
    /** Shown when this premise is matched wrongly. */
    feedback: Text,
  })
  .strict();

const MatchingResponseSchema = z.object({ id: SlugSchema, text: Text }).strict();

/** Every premise on the left has exactly one partner on the right, and every right item one premise. */
const MatchingSchema = z
  .object({
    ...QuestionBase,
    type: z.literal('matching'),
    left: z.array(MatchingPremiseSchema).min(2).max(6),
    right: z.array(MatchingResponseSchema).min(2).max(6),
  })
  .strict();

export const QuestionSchema = z.discriminatedUnion('type', [
  SingleChoiceSchema,
  MultipleChoiceSchema,
  SituationalSchema,
  TrueFalseSchema,
  OrderingSchema,
  MatchingSchema,
]);
export type Question = z.output<typeof QuestionSchema>;
export type QuestionType = Question['type'];
export type ChoiceQuestion = Extract<Question, { type: 'single' | 'multiple' | 'situational' }>;
export type TrueFalseQuestion = Extract<Question, { type: 'true-false' }>;
export type OrderingQuestion = Extract<Question, { type: 'ordering' }>;
export type MatchingQuestion = Extract<Question, { type: 'matching' }>;

/** The question types, in the order authors meet them in the README. */
export const questionTypes = ['single', 'multiple', 'true-false', 'ordering', 'matching', 'situational'] as const;

/** A practice quiz: embedded in one lesson, graded in the browser, passed at its own pass mark. */
export const PracticeQuizSchema = z
  .object({
    id: SlugSchema,
    kind: z.literal('practice'),
    title: Text.max(30),
    lesson: SlugSchema,
    passMark: z.number().gt(0).max(1),
    questions: z.array(QuestionSchema).min(3).max(6),
  })
  .strict();
export type PracticeQuiz = z.output<typeof PracticeQuizSchema>;

/**
 * The final assessment's bank: graded on the server only. The number of questions drawn and the pass mark
 * are in course.yaml (`completion.finalAssessment`), so the bank holds only questions and their keys.
 */
export const FinalBankSchema = z
  .object({
    id: SlugSchema,
    kind: z.literal('final'),
    title: Text,
    questions: z.array(QuestionSchema).min(1),
  })
  .strict();
export type FinalBank = z.output<typeof FinalBankSchema>;

export const QuizBankSchema = z.discriminatedUnion('kind', [PracticeQuizSchema, FinalBankSchema]);
export type QuizBank = z.output<typeof QuizBankSchema>;
