// A Klachtwijzer process for the crash test: it stores one complaint, says so on stdout, and then
// waits to be killed. Arguments: <sqlite file> <data dir> <smtp url> <worker|no-worker>.
import { createDelivery, deliveryMigrations } from '../../../src/app/delivery';
import { parseEnv } from '../../../src/config/env';
import { fixedClock } from '../../../src/infra/clock/clock';
import { migrate } from '../../../src/infra/db/migrate';
import { SqliteDb } from '../../../src/infra/db/sqlite';
import { loadProcedures } from '../../../src/infra/procedures/loadProcedures';
import { draft, MAIL_FROM, NOW } from '../fixtures';

async function main(): Promise<void> {
  const [dbFile, dataDir, smtpUrl, mode] = process.argv.slice(2);
  const db = new SqliteDb(dbFile);
  await migrate(db, deliveryMigrations);
  const env = parseEnv({ DATA_DIR: dataDir, SMTP_URL: smtpUrl, MAIL_FROM, OUTBOX_POLL_MS: '20' });
  const delivery = createDelivery({ env, db, procedures: loadProcedures(), clock: fixedClock(NOW) });
  if (mode === 'worker') delivery.worker.start();
  const result = await delivery.sender.submit(draft('jess', 'manager'), { idempotencyKey: 'conv-crash' });
  process.stdout.write(`stored ${result.ok ? result.reference : 'failed'}\n`);
  setInterval(() => undefined, 60_000);
}

void main();
