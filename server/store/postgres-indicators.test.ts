import { freshDatabase } from '../../test/support/postgres.ts';
import { createPostgresStore } from './index.ts';
import { testIndicators } from './indicators.contract.ts';

testIndicators(async () => createPostgresStore({ connectionString: await freshDatabase() }));
