import { freshDatabase } from '../../test/support/postgres.ts';
import { createPostgresStore } from './index.ts';
import { testHelpBooking } from './help.contract.ts';

testHelpBooking(async () => {
  const connectionString = await freshDatabase();
  return () => createPostgresStore({ connectionString });
});
