import type { MigrationInterface, QueryRunner } from 'typeorm';
import { SEARCH_INDEXES_V1, postgresDropSearchIndex, postgresSearchIndex } from '../../search-index.js';

/** Hand-written: pg_trgm GIN indexes on LOWER(column) for name / e-mail search. */
export class TrigramSearch1796102451369 implements MigrationInterface {
  name = 'TrigramSearch1796102451369';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE EXTENSION IF NOT EXISTS pg_trgm');
    for (const d of SEARCH_INDEXES_V1) for (const sql of postgresSearchIndex(d)) await queryRunner.query(sql);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const d of SEARCH_INDEXES_V1) for (const sql of postgresDropSearchIndex(d)) await queryRunner.query(sql);
  }
}
