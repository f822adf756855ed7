import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Db } from '../database/db.service.js';
import { DomainError, ErrorCode } from '../common/errors.js';
import { AuditService } from '../audit/audit.service.js';
import { assertInScope } from '../common/scope.js';
import type { Actor } from '../common/request-context.js';
import { TwoFactorPolicy } from '../../../shared/identity.js';
import type { EffectivePolicy } from '../../../shared/two-factor.js';
import { Organization } from './organization.entity.js';
import { effectivePolicyDetail } from '../identities/two-factor-policy.js';

export const TWO_FACTOR_POLICIES: readonly TwoFactorPolicy[] = [TwoFactorPolicy.REQUIRED, TwoFactorPolicy.ADAPTIVE];

export { strictestPolicy } from '../identities/two-factor-policy.js';

/**
 * The one place that says which 2FA policy applies to an identity, and where organizations change theirs.
 * The Connect sign-in, the security-settings page and the console all call `effectiveFor`.
 */
@Injectable()
export class TwoFactorPolicyService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
  ) {}

  /**
   * The identity's organizations: those of its Severa users (linked to the identity, or with exactly its e-mail)
   * and those it administers (org-admin roles); the effective policy is the strictest of theirs.
   */
  async effectiveFor(identityId: string, m: EntityManager = this.db.manager): Promise<EffectivePolicy> {
    return effectivePolicyDetail(m, identityId);
  }

  /** Supervisors, and org admins for their own organization (others: 404), with step-up (the access table). Audited. */
  async setForOrganization(organizationId: string, policy: string, actor: Actor): Promise<Organization> {
    if (!TWO_FACTOR_POLICIES.includes(policy as TwoFactorPolicy)) throw DomainError.invalid('policy', `must be one of ${TWO_FACTOR_POLICIES.join(', ')}`);
    assertInScope(actor, organizationId, 'Organization');
    return this.db.tx(async (m) => {
      const org = await m.getRepository(Organization).findOneBy({ id: organizationId });
      if (!org) throw DomainError.notFound('Organization');
      if (org.twoFactorPolicy === policy) throw DomainError.conflict(ErrorCode.CONFLICT, `The two-step verification policy is already ${policy}.`);
      const before = org.twoFactorPolicy;
      await m.getRepository(Organization).update({ id: organizationId }, { twoFactorPolicy: policy });
      await this.audit.record({ action: 'organization.two-factor-policy.changed', targetType: 'organization', targetId: organizationId, organizationId, before: { twoFactorPolicy: before }, after: { twoFactorPolicy: policy } }, m);
      return { ...org, twoFactorPolicy: policy };
    });
  }
}
