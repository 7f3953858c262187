import { z } from '../schema.ts';
import { MILESTONE_IDS } from './plan';
import { type Schedule, ScheduleSchema } from './schedule';

/**
 * One document format for the plan kept in localStorage and for the JSON file a reader
 * exports and imports: the schedule plus the milestones ticked off. `version` lets a
 * later release recognise (and migrate) what an older one saved.
 */
export const PLAN_FORMAT = 'ml-path-guide/study-plan';
export const PLAN_VERSION = 1;
export const STORAGE_KEY = 'ml-path-guide:study-plan';

export const PlanDocumentSchema = z.object({
  /** Always `ml-path-guide/study-plan`. */
  format: z.literal(PLAN_FORMAT, { error: PLAN_FORMAT }),
  /** Always 1 for now. */
  version: z.literal(PLAN_VERSION, { error: String(PLAN_VERSION) }),
  /** Stable id of the plan; calendar events derive their UIDs from it. */
  id: z
    .string({ error: '[A-Za-z0-9-]{8,64}' })
    .regex(/^[A-Za-z0-9-]{8,64}$/, { error: '[A-Za-z0-9-]{8,64}' }),
  schedule: ScheduleSchema,
  /** Ids of the milestones ticked off. */
  done: z
    .array(z.enum(MILESTONE_IDS as [string, ...string[]], { error: MILESTONE_IDS.join(' / ') }), {
      error: '[…]',
    })
    .refine((ids) => new Set(ids).size === ids.length, { error: 'no duplicates' }),
  /** When the document was written (ISO 8601), for the reader's information only. */
  savedAt: z.string().optional(),
});
export type PlanDocument = z.infer<typeof PlanDocumentSchema>;

export type PlanFileProblem =
  /** Not JSON at all. */
  | 'not-json'
  /** JSON, but not one of our plans. */
  | 'not-a-plan'
  /** One of our plans, from a version this code cannot read. */
  | 'unsupported-version'
  /** One of our plans with a field out of range or missing. */
  | 'invalid-field';

/** Why a saved or imported plan was rejected, with the field and what it should be. */
export class PlanFileError extends Error {
  override readonly name = 'PlanFileError';
  constructor(
    readonly problem: PlanFileProblem,
    /** Dotted path of the bad field, e.g. `schedule.days.2.hours`; empty when not applicable. */
    readonly field = '',
    /** What a valid value looks like, in language-neutral notation (`0.5–12`, `YYYY-MM-DD`). */
    readonly expected = '',
    message = describe(problem, field, expected),
  ) {
    super(message);
  }
}

function describe(problem: PlanFileProblem, field: string, expected: string): string {
  switch (problem) {
    case 'not-json':
      return 'The file is not JSON; choose a file exported from this study plan.';
    case 'not-a-plan':
      return `The JSON is not a study plan: "format" should be "${PLAN_FORMAT}".`;
    case 'unsupported-version':
      return `This plan was saved in format version ${field || 'unknown'}; this page reads version ${PLAN_VERSION}.`;
    case 'invalid-field':
      return `${field || 'the plan'} must be ${expected}.`;
  }
}

/** Checks a parsed value, throwing a PlanFileError that names the first bad field. */
export function validatePlanDocument(value: unknown): PlanDocument {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new PlanFileError('not-a-plan');
  }
  const record = value as Record<string, unknown>;
  if (record.format !== PLAN_FORMAT) throw new PlanFileError('not-a-plan');
  if (record.version !== PLAN_VERSION) {
    throw new PlanFileError('unsupported-version', String(record.version ?? ''));
  }
  const result = PlanDocumentSchema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue ? issue.path.map(String).join('.') : '';
  throw new PlanFileError('invalid-field', field, issue?.message ?? '');
}

/** Parses JSON text (a file or a localStorage value) into a plan document. */
export function parsePlanDocument(text: string): PlanDocument {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new PlanFileError('not-json');
  }
  return validatePlanDocument(value);
}

export function createPlanDocument(
  id: string,
  schedule: Schedule,
  done: readonly string[] = [],
): PlanDocument {
  return validatePlanDocument({ format: PLAN_FORMAT, version: PLAN_VERSION, id, schedule, done: [...done] });
}

/** Pretty JSON with a trailing newline, stamped with `now`. */
export function serializePlanDocument(document: PlanDocument, now: Date): string {
  const stamped: PlanDocument = { ...validatePlanDocument(document), savedAt: now.toISOString() };
  return `${JSON.stringify(stamped, null, 2)}\n`;
}

export type StoredPlan =
  | { status: 'empty' }
  | { status: 'ok'; document: PlanDocument }
  | { status: 'invalid'; error: PlanFileError };

/** Reads what localStorage held (null when nothing); never throws. */
export function readStoredPlan(raw: string | null): StoredPlan {
  if (raw === null || raw === '') return { status: 'empty' };
  try {
    return { status: 'ok', document: parsePlanDocument(raw) };
  } catch (error) {
    const reason = error instanceof PlanFileError ? error : new PlanFileError('not-a-plan');
    return { status: 'invalid', error: reason };
  }
}
