import type { MigrationInterface, QueryRunner } from 'typeorm';
import { SEARCH_INDEXES_V1, sqliteDropSearchIndex, sqliteSearchIndex } from '../../search-index.js';

/** Hand-written: FTS5 trigram indexes (external content, kept in step by triggers) for name / e-mail search. */
export class TrigramSearch1796102451369 implements MigrationInterface {
  name = 'TrigramSearch1796102451369';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const d of SEARCH_INDEXES_V1) for (const sql of sqliteSearchIndex(d)) await queryRunner.query(sql);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const d of SEARCH_INDEXES_V1) for (const sql of sqliteDropSearchIndex(d)) await queryRunner.query(sql);
  }
}
