// The receipts' context from site.yaml: the town, its data protection officer and its court.
import type { Site } from '../../content/model/index.ts';
import type { ReceiptContext } from './acknowledgment.ts';

/**
 * What `buildReceipt` needs besides the submission, read from site.yaml. A site without a DPO
 * or a court still builds (content:check refuses it; `missingMentions` names the gap).
 *
 * @example buildReceipt(submission, receiptContextOf(content.site))
 */
export function receiptContextOf(site: Site): ReceiptContext {
  return {
    site,
    dataProtection: site.dataProtection ?? { dpo: {} },
    court: site.court ?? '',
  };
}
