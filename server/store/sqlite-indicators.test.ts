import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteStore } from './index.ts';
import { testIndicators } from './indicators.contract.ts';

testIndicators(async () => createSqliteStore({ file: join(mkdtempSync(join(tmpdir(), 'guichet-indicators-')), 'guichet.sqlite') }));
