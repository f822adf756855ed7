import { DynamicModule, Global, Module, Provider } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import { ScheduleModule } from '@nestjs/schedule';
import { DbThrottlerStorage, throttlerOptions } from './common/rate-limited.js';
import { APP_CONFIG, type AppConfig } from './config/app-config.js';
import { Clock, CryptoRandomSource, RandomSource, SystemClock } from './common/clock.js';
import { SecretBox } from './common/crypto.js';
import { KdfGate } from './common/kdf-gate.js';
import { Db } from './database/db.service.js';
import { AuditService } from './audit/audit.service.js';
import { RateLimitService } from './common/rate-limit.service.js';
import { PurgeService } from './common/purge.service.js';
import { RateLimitPurge } from './common/rate-limit.purge.js';
import { ReplayGuard } from './common/replay-guard.js';
import { MailTransport } from './notifications/mail-transport.js';
import { buildMailTransport } from './notifications/transports.js';

export interface CoreOverrides {
  clock?: Clock;
  random?: RandomSource;
  mailTransport?: MailTransport;
}

/** Configuration, time, randomness, encryption (and the password KDF gate), transactions, the audit log and the scheduled purge: available everywhere. */
@Global()
@Module({})
export class CoreModule {
  static forRoot(config: AppConfig, overrides: CoreOverrides = {}): DynamicModule {
    const providers: Provider[] = [
      { provide: APP_CONFIG, useValue: config },
      { provide: Clock, useValue: overrides.clock ?? new SystemClock() },
      { provide: RandomSource, useValue: overrides.random ?? new CryptoRandomSource() },
      { provide: SecretBox, useValue: new SecretBox(config.encryptionKey) },
      // The one gate every password KDF run (argon2id, legacy scrypt) passes (KDF_CONCURRENCY, KDF_QUEUE, KDF_QUEUE_TIMEOUT_MS).
      { provide: KdfGate, useValue: new KdfGate(config.kdf) },
      Db,
      AuditService,
      RateLimitService,
      PurgeService,
      ReplayGuard,
    ];
    // E-mail and SMS: SMTP_URL / SMS_WEBHOOK_URL, the built-in mailbox (MAILBOX), or held in the outbox.
    providers.push({ provide: MailTransport, useFactory: (db: Db, clock: Clock) => overrides.mailTransport ?? buildMailTransport(config, db, clock), inject: [Db, Clock] });
    const throttler = ThrottlerModule.forRootAsync({
      useFactory: (storage: DbThrottlerStorage) => throttlerOptions(config, storage),
      inject: [DbThrottlerStorage],
    });
    return {
      module: CoreModule,
      imports: [throttler, ScheduleModule.forRoot()],
      providers: [...providers, RateLimitPurge, DbThrottlerStorage, { provide: APP_GUARD, useClass: ThrottlerGuard }],
      exports: [...providers, DbThrottlerStorage, throttler],
    };
  }
}
