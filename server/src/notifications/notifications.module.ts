import { Global, Module } from '@nestjs/common';
import { OutboxService } from './outbox.service.js';
import { OutboxController } from './outbox.controller.js';
import { MailboxController } from './mailbox.controller.js';
import { NotificationsPurge } from './notifications.purge.js';

/** The outbox is global: any domain writes messages in its own transaction. MailTransport comes from CoreModule. */
@Global()
@Module({ controllers: [OutboxController, MailboxController], providers: [OutboxService, NotificationsPurge], exports: [OutboxService] })
export class NotificationsModule {}
