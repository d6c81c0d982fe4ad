// `npm run purge`: one retention purge now, as the server runs it every hour (server/retention.ts).
// Environment: DATA_DIR, DATABASE_URL, CONTENT_DIR, as the server reads them.
import { join, resolve } from 'node:path';
import { CONTENT_DIR, loadContent } from '../../content/check/index.ts';
import { purgeExpired } from '../retention.ts';
import { openStore } from '../store/index.ts';

const dataDir = resolve(process.env.DATA_DIR ?? 'data');
const content = loadContent(resolve(process.env.CONTENT_DIR ?? CONTENT_DIR));
const store = openStore({ databaseUrl: process.env.DATABASE_URL, dataDir });

try {
  await store.migrate();
  const report = await purgeExpired({ store, content, attachmentsDir: join(dataDir, 'attachments') });
  for (const p of report.procedures) console.log(`${p.procedureId}: ${p.purged} purged (kept ${p.days} days after the last status change)`);
  console.log(`${report.submissions} submission(s) purged, ${report.files} file(s) removed.`);
} finally {
  await store.dispose();
}
