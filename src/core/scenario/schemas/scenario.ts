import { z } from 'zod';
import { SlugSchema } from '../../course/schemas/course.ts';
import { principleIds } from '../../course/principles.ts';

export const PrincipleSchema = z.enum(principleIds);

/** A value per meter; a meter left out counts as 0. */
export const MeterValuesSchema = z
  .object({
    respect: z.number().int().optional(),
    communication: z.number().int().optional(),
    goals: z.number().int().optional(),
    improvement: z.number().int().optional(),
  })
  .strict();
export type MeterValues = z.output<typeof MeterValuesSchema>;

/** A choice named across the scenario: `<node id>.<choice id>`. */
export const ChoiceRefSchema = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*\.[a-z0-9]+(?:-[a-z0-9]+)*$/, '写作“节点 id.选项 id”，如 opening.ask-why');

const pathParts = {
  /** Every one of these choices was taken earlier in the play. */
  chose: z.array(ChoiceRefSchema).min(1).optional(),
  /** At least one of these choices was taken earlier in the play. */
  choseAny: z.array(ChoiceRefSchema).min(1).optional(),
  /** None of these choices was taken earlier in the play. */
  notChose: z.array(ChoiceRefSchema).min(1).optional(),
};

/** When a choice is offered: every part given must hold (meters at least / at most, choices taken or not). */
export const ConditionSchema = z
  .object({
    atLeast: MeterValuesSchema.optional(),
    atMost: MeterValuesSchema.optional(),
    ...pathParts,
  })
  .strict();
export type Condition = z.output<typeof ConditionSchema>;

/**
 * What a node's or ending's narration and line take as having happened: the checker proves that
 * every route reaching it made (or did not make) these choices, so the story never tells the
 * learner they did something they did not.
 */
export const AssumptionSchema = z.object(pathParts).strict();
export type Assumption = z.output<typeof AssumptionSchema>;

const EffectSchema = z.number().int().min(-3).max(3);

export const ChoiceSchema = z
  .object({
    id: SlugSchema,
    /** What the learner's character says. */
    text: z.string().min(1).max(140),
    /** How the choice moves each principle meter, −3…+3. */
    effects: z
      .object({
        respect: EffectSchema.optional(),
        communication: EffectSchema.optional(),
        goals: EffectSchema.optional(),
        improvement: EffectSchema.optional(),
      })
      .strict()
      .default({}),
    if: ConditionSchema.optional(),
    /**
     * Why the choice cannot be taken when its condition does not hold, told in the story; the player
     * then shows it disabled with this reason instead of leaving it out. Required for a choice gated
     * on the meters.
     */
    unavailable: z.string().min(1).max(60).optional(),
    /** The id of the node or ending the choice leads to. */
    next: SlugSchema,
  })
  .strict();
export type Choice = z.output<typeof ChoiceSchema>;

export const ScenarioNodeSchema = z
  .object({
    id: SlugSchema,
    /** A cast id: who speaks. */
    speaker: SlugSchema,
    line: z.string().min(1),
    narration: z.string().min(1).optional(),
    assumes: AssumptionSchema.optional(),
    /** Whether a choice made here may be taken back (换个说法); defaults to the scenario's `undo`. */
    undo: z.boolean().optional(),
    choices: z.array(ChoiceSchema).min(1),
  })
  .strict();
export type ScenarioNode = z.output<typeof ScenarioNodeSchema>;

export const endingRatings = ['best', 'acceptable', 'poor'] as const;

export const LessonLinkSchema = z
  .object({
    lesson: SlugSchema,
    /** The `##` heading of the lesson section, exactly as written. */
    section: z.string().min(1),
  })
  .strict();
export type LessonLink = z.output<typeof LessonLinkSchema>;

export const ScenarioEndingSchema = z
  .object({
    id: SlugSchema,
    title: z.string().min(1).max(24),
    rating: z.enum(endingRatings),
    speaker: SlugSchema.optional(),
    line: z.string().min(1).optional(),
    narration: z.string().min(1),
    assumes: AssumptionSchema.optional(),
    debrief: z.string().min(1),
    /** The principles at stake in this ending. */
    principles: z.array(PrincipleSchema).min(1),
    links: z.array(LessonLinkSchema).min(1),
  })
  .strict();
export type ScenarioEnding = z.output<typeof ScenarioEndingSchema>;

export const CastMemberSchema = z
  .object({
    id: SlugSchema,
    name: z.string().min(1).max(12),
    department: z.string().min(1).max(16),
    role: z.string().min(1).max(16),
  })
  .strict();
export type CastMember = z.output<typeof CastMemberSchema>;

export const ScenarioSchema = z
  .object({
    id: SlugSchema,
    title: z.string().min(1).max(24),
    summary: z.string().min(1).max(120),
    /** The lesson the scenario belongs to (and is embedded in). */
    lesson: SlugSchema,
    /** The principles the scenario practises. */
    principles: z.array(PrincipleSchema).min(1),
    /** The cast id of the character the learner plays. */
    player: SlugSchema,
    cast: z.array(CastMemberSchema).min(2),
    /** The most choices any play-through may take: the author's limit on path length. */
    maxChoices: z.number().int().min(1).max(40),
    /** Whether choices may be taken back (换个说法) unless a node says otherwise. */
    undo: z.boolean().default(true),
    /** The dialogue nodes; the first one opens the scenario. */
    nodes: z.array(ScenarioNodeSchema).min(1),
    endings: z.array(ScenarioEndingSchema).min(1),
  })
  .strict();
export type Scenario = z.output<typeof ScenarioSchema>;
