import { Column, ColumnOptions } from 'typeorm';

/**
 * The database kind is fixed per process (DATABASE_URL set → PostgreSQL), so column types that differ
 * between the two databases are chosen once here. Everything else uses types both understand.
 */
export const IS_POSTGRES = /^postgres(ql)?:\/\//.test(process.env.DATABASE_URL ?? '');
const TIMESTAMP = IS_POSTGRES ? 'timestamptz' : 'datetime';

export function TimestampColumn(options: ColumnOptions = {}): PropertyDecorator {
  return Column({ type: TIMESTAMP, ...options } as ColumnOptions);
}
/** JSON stored as text on both databases. */
export function JsonColumn(options: ColumnOptions = {}): PropertyDecorator {
  return Column({ type: 'simple-json', ...options } as ColumnOptions);
}
export function IdColumn(): PropertyDecorator {
  return Column({ type: 'varchar', length: 36, primary: true });
}
