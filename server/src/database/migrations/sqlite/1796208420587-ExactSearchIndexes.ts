import type { MigrationInterface, QueryRunner } from 'typeorm';
import { SEARCH_INDEXES_V1, sqliteDropSearchIndex, sqliteExactSearchIndex, sqliteSearchIndex } from '../../search-index.js';

/**
 * Hand-written (SQLite only; PostgreSQL's pg_trgm indexes are unchanged): every search index becomes the exact one
 * (`sqliteExactSearchIndex`: contentless FTS5 over LOWER(column), case-sensitive trigrams), so that a search can
 * count and pick its matches from the index alone (common/text-search.ts).
 */
export class ExactSearchIndexes1796208420587 implements MigrationInterface {
  name = 'ExactSearchIndexes1796208420587';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const d of SEARCH_INDEXES_V1) {
      for (const sql of sqliteDropSearchIndex(d)) await queryRunner.query(sql);
      for (const sql of sqliteExactSearchIndex(d)) await queryRunner.query(sql);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const d of SEARCH_INDEXES_V1) {
      for (const sql of sqliteDropSearchIndex(d)) await queryRunner.query(sql);
      for (const sql of sqliteSearchIndex(d)) await queryRunner.query(sql);
    }
  }
}
