// `npm run purge`: one retention purge now, as the server runs it every hour (server/retention.ts).
// Environment: DATA_DIR, DATABASE_URL, CONTENT_DIR, as the server reads them.
import { join } from 'node:path';
import { loadContent } from '../../content/check/index.ts';
import { purgeExpired } from '../retention.ts';
import { readConfigOrExit } from '../config.ts';
import { openStore } from '../store/index.ts';

const { dataDir, contentDir, databaseUrl } = readConfigOrExit(process.env);
const content = loadContent(contentDir);
const store = openStore({ databaseUrl, dataDir });

try {
  await store.migrate();
  const report = await purgeExpired({ store, content, attachmentsDir: join(dataDir, 'attachments') });
  for (const p of report.procedures) console.log(`${p.procedureId}: ${p.purged} purged (kept ${p.days} days after the last status change)`);
  console.log(`${report.submissions} submission(s) purged, ${report.files} file(s) removed, ${report.mandates} ended mandate(s) without the resident's name.`);
} finally {
  await store.dispose();
}
