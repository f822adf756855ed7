import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Db } from '../database/db.service.js';
import { APP_VERSION } from '../version.js';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly db: Db) {}

  @Get()
  @ApiOperation({ summary: 'Whether the server and its database answer, and the version' })
  @ApiOkResponse({ description: 'The server and its database answer', schema: { example: { status: 'ok', database: 'sqlite', version: '0.1.0' } } })
  async health(): Promise<{ status: 'ok'; database: string; version: string }> {
    await this.db.manager.query('SELECT 1');
    return { status: 'ok', database: this.db.isPostgres ? 'postgres' : 'sqlite', version: APP_VERSION };
  }
}
