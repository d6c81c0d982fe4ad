import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteStore } from './index.ts';
import { testHelpBooking } from './help.contract.ts';

testHelpBooking(async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'guichet-help-')), 'guichet.sqlite');
  return () => createSqliteStore({ file });
});
