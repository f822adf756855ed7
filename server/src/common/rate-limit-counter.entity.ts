import { Column, Entity } from 'typeorm';
import { TimestampColumn } from '../database/columns.js';

/** Fixed-window counters shared by every server process (rate limits, failure counts, remembered addresses). */
@Entity('rate_limits')
export class RateLimitCounter {
  @Column({ type: 'varchar', length: 300, primary: true }) key: string;
  @Column({ type: 'integer' }) count: number;
  @TimestampColumn() windowStart: Date;
  @TimestampColumn() expiresAt: Date;
}
