// `npm run audit:verify`: walks the audit log oldest first and checks its hash chain; exits 1
// and names each broken entry when one was edited, removed, inserted or reordered.
// Environment: DATA_DIR (SQLite file) or DATABASE_URL, as the server reads them.
import { auditChainChecker } from '../store/audit-chain.ts';
import { readConfigOrExit } from '../config.ts';
import { openStore } from '../store/index.ts';

const PAGE = 5_000;
const store = openStore(readConfigOrExit(process.env));

try {
  await store.migrate();
  const check = auditChainChecker();
  let afterId = 0;
  for (;;) {
    const page = await store.auditLog({ afterId, limit: PAGE });
    check.add(page);
    if (page.length < PAGE) break;
    afterId = page[page.length - 1]!.id;
  }
  const report = check.report();
  for (const broken of report.breaks) console.error(`BROKEN ${broken.message}`);
  console.log(`${report.entries} entries, ${report.breaks.length} broken; head ${report.head}`);
  // A cut tail leaves an intact chain: compare this head with one written down before.
  if (process.env.GUICHET_AUDIT_HEAD && process.env.GUICHET_AUDIT_HEAD !== report.head)
    console.log('(the head differs from GUICHET_AUDIT_HEAD: entries were added since, or the tail was cut)');
  process.exitCode = report.breaks.length > 0 ? 1 : 0;
} finally {
  await store.dispose();
}
