import { Injectable } from '@nestjs/common';
import { Clock } from '../common/clock.js';
import { sha256 } from '../common/crypto.js';
import { Db } from '../database/db.service.js';
import { Organization } from '../organizations/organization.entity.js';
import { SeveraUser } from '../severa-users/severa-user.entity.js';
import { PORTAL_NAMES, PortalId } from '../../../shared/sign-in.js';
import { SeveraSession } from './login-attempt.entity.js';
import type { LandingInfo } from './severa-pages.js';

export const SEVERA_COOKIE = 'severa_session';

/** Severa sessions opened by hand-offs. They depend only on their own cookie, never on a portal or staff session. */
@Injectable()
export class SeveraSessionService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {}

  /** Who the cookie signs in, or null (unknown, expired, or the Severa user has been deactivated since). */
  async resolve(token: unknown): Promise<LandingInfo | null> {
    if (typeof token !== 'string' || token.length === 0 || token.length > 100) return null;
    const session = await this.db.manager.getRepository(SeveraSession).findOneBy({ id: sha256(token) });
    if (!session || session.expiresAt.getTime() <= this.clock.nowMs()) return null;
    const user = await this.db.manager.getRepository(SeveraUser).findOneBy({ id: session.severaUserId });
    if (!user || !user.active) return null;
    const org = await this.db.manager.getRepository(Organization).findOneBy({ id: user.organizationId });
    return {
      name: user.name,
      email: user.email,
      organizationName: org?.name ?? '',
      portalName: PORTAL_NAMES[session.portalId as PortalId] ?? (session.portalId === 'visma-connect' ? 'Visma Connect' : session.portalId),
      signedInAt: session.createdAt,
    };
  }

  async signOut(token: unknown): Promise<void> {
    if (typeof token !== 'string' || token.length === 0 || token.length > 100) return;
    await this.db.tx((m) => m.getRepository(SeveraSession).delete({ id: sha256(token) }));
  }
}
