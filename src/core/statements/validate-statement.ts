import { z } from 'zod';
import { formatFieldPath } from '../field-path.ts';
import { isIsoDuration } from './duration.ts';
import { isUuid } from './uuid.ts';
import type { Statement } from './xapi.ts';

/** One rule a statement breaks: the field (e.g. "result.score.scaled") and what is wrong with it. */
export interface StatementFault {
  field: string;
  message: string;
}

export type StatementValidation = { ok: true; statement: Statement } | { ok: false; faults: StatementFault[] };

const iri = z
  .string({ required_error: 'is required', invalid_type_error: 'must be a string' })
  .regex(/^[a-z][a-z0-9+.-]*:[^\s]+$/i, 'must be an absolute IRI (for example https://example.com/path)');
const irl = z.string({ invalid_type_error: 'must be a string' }).regex(/^https?:\/\/\S+$/i, 'must be an http(s) URL');
const uuid = z.string({ invalid_type_error: 'must be a string' }).refine(isUuid, 'must be a UUID');
const languageTag = /^[a-z]{1,8}(-[a-z0-9]{1,8})*$/i;
const languageMap = z
  .record(z.string({ invalid_type_error: 'must be a string' }))
  .refine((map) => Object.keys(map).every((tag) => languageTag.test(tag)), 'keys must be language tags such as zh-CN');
const extensions = z
  .record(z.unknown())
  .refine((map) => Object.keys(map).every((key) => iri.safeParse(key).success), 'keys must be absolute IRIs');
// ISO 8601 date and time with a time zone (Z or ±hh:mm), as xAPI timestamps must have.
const timestamp = z
  .string({ invalid_type_error: 'must be a string' })
  .regex(
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/,
    'must be an ISO 8601 timestamp with a time zone',
  )
  .refine((value) => !Number.isNaN(Date.parse(value)), 'is not a real date');

const agent = z
  .object({
    objectType: z.literal('Agent', { errorMap: () => ({ message: 'only Agent actors are supported' }) }).optional(),
    name: z.string().optional(),
    mbox: z.string().regex(/^mailto:[^@\s]+@[^@\s]+$/, 'must be a mailto: IRI').optional(),
    mbox_sha1sum: z.string().regex(/^[0-9a-f]{40}$/i, 'must be 40 hexadecimal characters').optional(),
    openid: iri.optional(),
    account: z
      .object({ homePage: irl, name: z.string().min(1, 'must not be empty') })
      .strict()
      .optional(),
  })
  .strict()
  .superRefine((value, ctx) => {
    const identifiers = (['mbox', 'mbox_sha1sum', 'openid', 'account'] as const).filter((key) => value[key] !== undefined);
    if (identifiers.length !== 1) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: `must have exactly one of mbox, mbox_sha1sum, openid, account (has ${identifiers.length ? identifiers.join(', ') : 'none'})`,
      });
    }
  });

const activity = z
  .object({
    objectType: z
      .literal('Activity', { errorMap: () => ({ message: 'only Activity objects are supported' }) })
      .optional(),
    id: iri,
    definition: z
      .object({
        name: languageMap.optional(),
        description: languageMap.optional(),
        type: iri.optional(),
        moreInfo: irl.optional(),
        extensions: extensions.optional(),
        interactionType: z.string().optional(),
        correctResponsesPattern: z.array(z.string()).optional(),
        choices: z.array(z.unknown()).optional(),
        scale: z.array(z.unknown()).optional(),
        source: z.array(z.unknown()).optional(),
        target: z.array(z.unknown()).optional(),
        steps: z.array(z.unknown()).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

// xAPI lets a single context activity stand for a one-element array; readers always get arrays.
const contextActivityList = z.preprocess((value) => (Array.isArray(value) ? value : [value]), z.array(activity));

const score = z
  .object({
    scaled: z.number().min(-1, 'must be between -1 and 1').max(1, 'must be between -1 and 1').optional(),
    raw: z.number().optional(),
    min: z.number().optional(),
    max: z.number().optional(),
  })
  .strict()
  .superRefine((value, ctx) => {
    if (value.min !== undefined && value.max !== undefined && value.min >= value.max) {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['min'], message: 'must be less than max' });
    }
    if (value.raw !== undefined) {
      if (value.min !== undefined && value.raw < value.min) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['raw'], message: 'must not be less than min' });
      }
      if (value.max !== undefined && value.raw > value.max) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['raw'], message: 'must not be greater than max' });
      }
    }
  });

const StatementSchema = z
  .object({
    id: uuid,
    actor: agent,
    verb: z.object({ id: iri, display: languageMap.optional() }).strict(),
    object: activity,
    result: z
      .object({
        score: score.optional(),
        success: z.boolean().optional(),
        completion: z.boolean().optional(),
        response: z.string().optional(),
        duration: z.string().refine(isIsoDuration, 'must be an ISO 8601 duration such as PT1M30S').optional(),
        extensions: extensions.optional(),
      })
      .strict()
      .optional(),
    context: z
      .object({
        registration: uuid.optional(),
        instructor: agent.optional(),
        contextActivities: z
          .object({
            parent: contextActivityList.optional(),
            grouping: contextActivityList.optional(),
            category: contextActivityList.optional(),
            other: contextActivityList.optional(),
          })
          .strict()
          .optional(),
        revision: z.string().optional(),
        platform: z.string().optional(),
        language: z.string().regex(languageTag, 'must be a language tag such as zh-CN').optional(),
        extensions: extensions.optional(),
      })
      .strict()
      .optional(),
    timestamp,
    stored: timestamp.optional(),
    authority: agent.optional(),
    version: z.string().regex(/^1\.0(\.\d+)?$/, 'must be 1.0.x').optional(),
  })
  .strict();

function describe(issue: z.ZodIssue): string {
  if (issue.code === 'invalid_type' && issue.received === 'undefined') return 'is required';
  if (issue.code === 'invalid_type') return `must be ${issue.expected === 'object' ? 'an object' : `a ${issue.expected}`}`;
  if (issue.code === 'unrecognized_keys') return `has properties xAPI does not define or this server does not support: ${issue.keys.join(', ')}`;
  return issue.message;
}

/**
 * Checks a statement against the xAPI 1.0.3 data rules this platform supports, naming every field that breaks one.
 * Statements without an id are rejected: ours always carry the client-made id that makes re-sending harmless.
 */
export function validateStatement(input: unknown): StatementValidation {
  const parsed = StatementSchema.safeParse(input);
  if (parsed.success) return { ok: true, statement: parsed.data as Statement };
  return {
    ok: false,
    faults: parsed.error.issues.map((issue) => ({ field: formatFieldPath(issue.path) || 'statement', message: describe(issue) })),
  };
}
