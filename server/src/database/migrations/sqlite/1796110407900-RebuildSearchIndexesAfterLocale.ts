import type { MigrationInterface, QueryRunner } from 'typeorm';
import { SEARCH_INDEXES_V1, sqliteDropSearchIndex, sqliteSearchIndex } from '../../search-index.js';

/**
 * Hand-written: migrations that ran after TrigramSearch rebuilt tables with a search index (SQLite copies a table
 * into `temporary_<name>` and renames it; identities and organizations were rebuilt for passkeys, the 2FA policy,
 * owned e-mail domains and the staff language), which drops the triggers and changes rowids. This re-creates every
 * search index from its table. A later migration that rebuilds one of these tables must end the same way.
 */
export class RebuildSearchIndexesAfterLocale1796110407900 implements MigrationInterface {
  name = 'RebuildSearchIndexesAfterLocale1796110407900';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const d of SEARCH_INDEXES_V1) {
      for (const sql of sqliteDropSearchIndex(d)) await queryRunner.query(sql);
      for (const sql of sqliteSearchIndex(d)) await queryRunner.query(sql);
    }
  }

  async down(): Promise<void> {
    // The indexes stay as they are: TrigramSearch's down removes them.
  }
}
