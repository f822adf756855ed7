import { Column, Entity } from 'typeorm';
import { TimestampColumn } from '../database/columns.js';

/** A data pass that runs once per database (see one-time-steps.ts), recorded when it has done its work. */
@Entity('one_time_steps')
export class OneTimeStepRecord {
  @Column({ type: 'varchar', length: 100, primary: true }) name: string;
  @TimestampColumn() doneAt: Date;
  /** What it changed (rows), for the record. */
  @Column({ type: 'integer', default: 0 }) changed: number;
}
