import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDelivery, deliveryMigrations } from '../../src/app/delivery';
import { parseEnv } from '../../src/config/env';
import { createApp } from '../../src/createApp';
import { fixedClock } from '../../src/infra/clock/clock';
import { migrate } from '../../src/infra/db/migrate';
import { openDb } from '../../src/infra/db/openDb';
import { createLogger } from '../../src/infra/log/logger';
import { loadProcedures } from '../../src/infra/procedures/loadProcedures';
import { stateMigrations } from '../../src/infra/state/sqlStorage';

/**
 * The bot in this process on SQLite with the real send port (register and outbox; the outbox
 * worker is not started, so no mail is written), for the per-step benchmarks.
 */
export async function startInProcessApp(name: string) {
  const dataDir = mkdtempSync(join(tmpdir(), `kw-bench-${name}-`));
  const env = parseEnv({ DATA_DIR: dataDir, RATE_LIMIT_PER_ADDRESS: '1000000', RATE_LIMIT_PER_CONVERSATION: '1000' });
  const clock = fixedClock('2026-03-10T10:00:00+01:00');
  const procedures = loadProcedures();
  const db = openDb({ dataDir });
  await migrate(db, [...stateMigrations, ...deliveryMigrations]);
  const log = createLogger('silent');
  const delivery = createDelivery({ env, db, procedures, clock, logger: log });
  const app = createApp({ auth: env, db, procedures, sender: delivery.sender, clock, log, conversationRetentionDays: 30 });
  return {
    env,
    clock,
    procedures,
    db,
    app,
    async close() {
      await app.close();
      await delivery.close();
      await db.close();
    },
  };
}
