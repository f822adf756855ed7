import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';

/**
 * The public Visma Connect pages, served outside /api (see CONNECT_PAGE_ROUTES in app.factory.ts). One small page
 * (admin-ui/connect.html, built by Vite next to the staff SPA) renders every step; the path tells it which.
 */
export const CONNECT_PAGES = ['', 'one-time-code', 'lost', 'enrol', 'phone', 'emergency-code', 'home', 'activate', 'forgot', 'reset', 'settings', 'authenticator'] as const;

/** For setGlobalPrefix's exclude list: these GET paths are pages, not API routes. */
export const CONNECT_PAGE_PATHS: string[] = CONNECT_PAGES.map((p) => (p ? `connect/${p}` : 'connect'));

@ApiTags('connect pages')
@Controller('connect')
export class ConnectPagesController {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  @Get([...CONNECT_PAGES])
  @ApiProduces('text/html')
  @ApiOperation({ summary: 'The public Visma Connect page (HTML); the path names the step' })
  @ApiResponse({ status: 200, description: 'The page', content: { 'text/html': { schema: { type: 'string', maxLength: 1_000_000 } } } })
  @ApiResponse({ status: 503, description: 'The pages are not built (npm run build:ui)', content: { 'text/plain': { schema: { type: 'string', maxLength: 200 } } } })
  page(@Res() res: Response) {
    const file = join(this.config.staticDir, 'connect.html');
    res.setHeader('Cache-Control', 'no-cache');
    res.setHeader('Referrer-Policy', 'no-referrer');
    if (!existsSync(file)) {
      res.status(503).type('text/plain').send('The Visma Connect pages are not built: run `npm run build:ui`.');
      return;
    }
    res.sendFile(file);
  }
}
