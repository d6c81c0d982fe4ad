// Receipts: the acknowledgments of registration (AEE) and of receipt (ARE) that the CRPA
// requires for every electronic sending, as data, HTML, PDF and email. The one door of the
// folder: the submission route and content:check import from here.
export {
  addCalendarDays,
  addCalendarMonths,
  addWorkingDays,
  easterSunday,
  frenchPublicHolidays,
  implicitDecisionDate,
  isPublicHoliday,
  isWorkingDay,
  nextWorkingDay,
  parseDelay,
  receptionDate,
  type CalendarDate,
  type CalendarOptions,
  type Delay,
  type PublicHoliday,
} from './calendar.ts';
export {
  buildReceipt,
  buildRegistration,
  contactEmail,
  missingMentions,
  requiredMentions,
  type Acknowledgment,
  type Assistance,
  type AcknowledgmentKind,
  type AcknowledgmentSection,
  type Bilingual,
  type DataProtectionContact,
  type Mention,
  type MentionId,
  type ReceiptContext,
  type SectionId,
  type Submission,
} from './acknowledgment.ts';
export { receiptContextOf } from './site-context.ts';
export { summarizeAnswers, type AnswerSummary, type SummaryRow } from './summary.ts';
export { renderReceiptHtml, trackingUrl, type Paper, type RenderOptions } from './html.ts';
export { renderReceiptPdf, type PdfOptions } from './pdf.ts';
export { loadReceiptFonts, type ReceiptFontFiles } from './fonts.ts';
export { createReceiptMailer, renderReceiptText, type ReceiptMailer, type ReceiptMailerOptions, type SentReceipt } from './email.ts';
export { addReceiptTexts, isReceiptLocale, readReceiptTexts, receiptLocales, receiptText, type ReceiptLocale, type ReceiptTextKey, type ReceiptTexts } from './texts.ts';
