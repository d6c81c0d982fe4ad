// The content model: the one door through which the kiosk and the server reach content.
// Pure functions and types only (no file or network access), so it runs in both.
export type * from './types.ts';
export { FIELD_TYPES } from './types.ts';
export {
  ATTACHMENT_ID,
  LIMITS,
  allFields,
  dateBound,
  holds,
  pruneAnswers,
  validateAnswers,
  validateField,
  validateStep,
  visibleSteps,
  type ValidationContext,
  type ValidationResult,
} from './validate.ts';
export { answersSchema, type JsonSchema } from './json-schema.ts';
export { todayIn, TOWN_TIME_ZONE } from './calendar.ts';
export type { Content } from './content.ts';
