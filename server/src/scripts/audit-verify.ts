import { openDatabase } from './script-context.js';
import { Db } from '../database/db.service.js';
import { AuditService } from '../audit/audit.service.js';
import { SystemClock } from '../common/clock.js';

const { config, ds } = await openDatabase();
// The chain is keyed: verify with the same AUDIT_KEY (or DATA_DIR/audit.key) as the server's.
const audit = new AuditService(new Db(ds), new SystemClock(), config);
const result = await audit.verify();
const head = result.ok ? await audit.head() : null;
await ds.destroy();
if (result.ok) {
  console.log(`Audit chain intact: ${result.count} events verified. Head #${head!.id} ${head!.hash}`);
} else {
  console.error(`Audit chain BROKEN at event #${result.brokenId}: ${result.reason} (${result.count - 1} events before it verified).`);
  process.exit(1);
}
