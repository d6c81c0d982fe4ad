// The content model: the one door through which the kiosk and the server reach content.
// Pure functions and types only (no file or network access), so it runs in both.
export type * from './types.ts';
export { FIELD_TYPES } from './types.ts';
export {
  ATTACHMENT_ID,
  EMAIL,
  PHONE,
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
export { answersSchema, exampleAnswers, type JsonSchema } from './json-schema.ts';
export { todayIn, TOWN_TIME_ZONE } from './calendar.ts';
export { LEGAL_BASIS_WORDS, registerMarkdown, registerOfProcessing, type RegisterEntry } from './register.ts';
export type { Content } from './content.ts';
export {
  DEFAULT_DELAY,
  DEFAULT_RETENTION_DAYS,
  MAX_RETENTION_DAYS,
  effectiveSilence,
  isComputableDelay,
  procedureMentionGaps,
  requiredMentions,
  retentionDays,
  siteMentionGaps,
  type AcknowledgmentKind,
  type MentionGap,
  type MentionId,
} from './legal.ts';
export { HELP_WEEKDAYS, helpSlot, helpSlots, minutesOf, slotLocalStart, townInstant, type HelpKind, type HelpSlot } from './help.ts';
export { completionProcedure, missingFieldId, roundOf, type NamedPiece } from './completion.ts';
