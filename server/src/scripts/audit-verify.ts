import { openDatabase } from './script-context.js';
import { Db } from '../database/db.service.js';
import { AuditService } from '../audit/audit.service.js';
import { SystemClock } from '../common/clock.js';

const { ds } = await openDatabase();
const result = await new AuditService(new Db(ds), new SystemClock()).verify();
await ds.destroy();
if (result.ok) {
  console.log(`Audit chain intact: ${result.count} events verified.`);
} else {
  console.error(`Audit chain BROKEN at event #${result.brokenId}: ${result.reason} (${result.count - 1} events before it verified).`);
  process.exit(1);
}
