import { Injectable } from '@nestjs/common';
import { In, MoreThan } from 'typeorm';
import { Clock, RandomSource } from '../common/clock.js';
import { formatInstant, localeOf, mail, t } from '../i18n/i18n.js';
import { DomainError, ErrorCode } from '../common/errors.js';
import { Db, newId } from '../database/db.service.js';
import { AuditService } from '../audit/audit.service.js';
import { OutboxService } from '../notifications/outbox.service.js';
import { Identity } from '../identities/identity.entity.js';
import { SessionService } from '../staff-auth/session.service.js';
import type { AuthChallenge } from '../staff-auth/session.entity.js';
import {
  PUSH_FATIGUE_LIMIT,
  PUSH_FATIGUE_WINDOW_MINUTES,
  PUSH_PAUSE_MINUTES,
  PUSH_SECONDS,
  pushAnswerPayload,
  type PendingPush,
  type PushAnswerOutcome,
  type PushDecision,
  type PushStarted,
  type PushStatus,
} from '../../../shared/two-factor.js';
import { AuthenticatorDevice, PushRequest } from './authenticator.entity.js';
import { ConnectSignInService, type SignInDone } from './connect-sign-in.service.js';
import { userActor } from './connect-sessions.service.js';
import { pushPausedUntil, verifyDeviceSignature } from './device-signature.js';
import { badDeviceSignature } from './devices.service.js';

/** Statuses in which a push was never answered by the person: they count towards push fatigue. */
const UNANSWERED = ['pending', 'expired', 'superseded'];
const LONG_POLL_STEP_MS = 500;

/** A two-digit number, 10–99, without modulo bias. */
export function twoDigits(random: RandomSource): number {
  for (;;) {
    const b = random.bytes(1)[0];
    if (b < 180) return 10 + (b % 90);
  }
}

/** A short description of the browser from its User-Agent (the device shows where a sign-in comes from). */
export function describeBrowser(ua: string | undefined): string | null {
  if (!ua) return null;
  const browser = /Edg\//.test(ua) ? 'Edge' : /Firefox\//.test(ua) ? 'Firefox' : /Chrom(e|ium)\//.test(ua) ? 'Chrome' : /Safari\//.test(ua) ? 'Safari' : null;
  const os = /Windows/.test(ua) ? 'Windows' : /Android/.test(ua) ? 'Android' : /iPhone|iPad/.test(ua) ? 'iOS' : /Mac OS X/.test(ua) ? 'macOS' : /Linux/.test(ua) ? 'Linux' : null;
  const s = [browser, os].filter(Boolean).join(' on ');
  return (s || ua).slice(0, 200);
}

/**
 * Visma Authenticator push with number matching: the sign-in page shows a two-digit number, the device lists the
 * pending sign-in with three numbers and answers with a signature over `pushId|decision|number`. A wrong number is
 * a denial and a failed attempt; "report" also notifies the person and is audited. Push fatigue: three unanswered
 * pushes within ten minutes pause pushes for fifteen.
 */
@Injectable()
export class PushService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly random: RandomSource,
    private readonly sessions: SessionService,
    private readonly signIn: ConnectSignInService,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
  ) {}

  private effectiveStatus(p: PushRequest): PushStatus {
    return p.status === 'pending' && p.expiresAt.getTime() <= this.clock.nowMs() ? 'expired' : (p.status as PushStatus);
  }

  /** `POST /api/connect/sign-in/push`: after the password, send a push to the identity's devices. */
  async start(challengeToken: string, ip: string | null, userAgent: string | undefined): Promise<PushStarted> {
    const { challenge, identity } = await this.signIn.challengeFor(challengeToken, 'password-ok');
    return this.startFor(challenge, identity, ip, userAgent);
  }

  /**
   * Sends a push for `challenge` (a sign-in after the password, or a security-settings step-up): number matching,
   * push fatigue and "a new push replaces the one still waiting" apply alike.
   */
  async startFor(challenge: AuthChallenge, identity: Identity, ip: string | null, userAgent: string | undefined): Promise<PushStarted> {
    if ((await this.db.manager.getRepository(AuthenticatorDevice).countBy({ identityId: identity.id })) === 0) {
      throw DomainError.conflict(ErrorCode.NO_PUSH_DEVICE, 'No Visma Authenticator device is enrolled. Use another method.');
    }
    const now = this.clock.now();
    const number = twoDigits(this.random);
    const choices = new Set<number>([number]);
    while (choices.size < 3) choices.add(twoDigits(this.random));
    // Fisher–Yates with unbiased random indexes: the right number is anywhere among the three.
    const order = [...choices];
    for (let i = order.length - 1; i > 0; i--) {
      let b: number;
      do b = this.random.bytes(1)[0];
      while (b >= 252);
      const j = b % (i + 1);
      [order[i], order[j]] = [order[j], order[i]];
    }
    const outcome = await this.db.tx(async (m) => {
      await this.db.lock(m, 'push:' + identity.id);
      const since = new Date(now.getTime() - (PUSH_FATIGUE_WINDOW_MINUTES + PUSH_PAUSE_MINUTES) * 60_000);
      const recent = await m.getRepository(PushRequest).findBy({ identityId: identity.id, status: In(UNANSWERED), createdAt: MoreThan(since) });
      const paused = pushPausedUntil(recent.map((p) => p.createdAt), now.getTime(), PUSH_FATIGUE_LIMIT, PUSH_FATIGUE_WINDOW_MINUTES * 60_000, PUSH_PAUSE_MINUTES * 60_000);
      if (paused) return { paused, push: null } as const;
      // A new push for the same sign-in replaces the one still waiting.
      await m.getRepository(PushRequest).update({ challengeId: challenge.id, status: 'pending' }, { status: 'superseded' });
      const push = m.getRepository(PushRequest).create({
        id: newId(),
        identityId: identity.id,
        challengeId: challenge.id,
        number,
        choices: order,
        status: 'pending',
        reason: null,
        ip: ip?.slice(0, 64) ?? null,
        browser: describeBrowser(userAgent),
        createdAt: now,
        expiresAt: new Date(now.getTime() + PUSH_SECONDS * 1000),
        answeredAt: null,
        deviceId: null,
      });
      await m.getRepository(PushRequest).insert(push);
      await this.audit.record({ action: 'connect.push.sent', targetType: 'identity', targetId: identity.id, after: { pushId: push.id, ip: push.ip, browser: push.browser }, actor: userActor(identity) }, m);
      return { paused: null, push } as const;
    });
    if (outcome.paused) {
      const paused = outcome.paused;
      const seconds = Math.ceil((paused.getTime() - now.getTime()) / 1000);
      await this.db.tx((m) => this.audit.record({ action: 'connect.push.paused', targetType: 'identity', targetId: identity.id, after: { until: paused.toISOString() }, actor: { id: null, email: null, role: 'system' } }, m));
      throw new DomainError(429, ErrorCode.PUSH_PAUSED, 'Too many sign-in requests went unanswered: push notifications are paused for a while. Use another method.', undefined, { 'Retry-After': String(Math.max(1, seconds)) });
    }
    const push = outcome.push;
    return { pushId: push.id, number, expiresAt: push.expiresAt.toISOString() };
  }

  /**
   * `POST /api/connect/sign-in/push/result`: where the push stands (long poll up to `waitSeconds`). When it was
   * approved, this completes the sign-in (the challenge is consumed once) and the caller sets the session cookie.
   */
  async result(challengeToken: string, pushId: string, waitSeconds: number, ip: string | null): Promise<{ status: PushStatus; reason: string | null; done?: SignInDone }> {
    const deadline = Date.now() + Math.min(Math.max(waitSeconds, 0), 25) * 1000;
    for (;;) {
      const { challenge, identity } = await this.signIn.challengeFor(challengeToken, 'password-ok');
      const push = await this.db.manager.getRepository(PushRequest).findOneBy({ id: pushId, challengeId: challenge.id });
      if (!push) throw DomainError.notFound('Push');
      const status = this.effectiveStatus(push);
      if (status === 'approved') return { status, reason: null, done: await this.signIn.complete(challenge, identity, 'push', ip) };
      if (status !== 'pending' || Date.now() >= deadline) return { status, reason: push.reason };
      await new Promise((r) => setTimeout(r, LONG_POLL_STEP_MS));
    }
  }

  /** Where the push of `challengeId` stands (no side effect). */
  async statusOf(challengeId: string, pushId: string): Promise<{ status: PushStatus; reason: string | null }> {
    const push = await this.db.manager.getRepository(PushRequest).findOneBy({ id: pushId, challengeId });
    if (!push) throw DomainError.notFound('Push');
    return { status: this.effectiveStatus(push), reason: push.reason };
  }

  /** `GET /api/authenticator/devices/:id/requests` (the device already authenticated): pending sign-ins of its identity. */
  async pendingFor(device: AuthenticatorDevice): Promise<PendingPush[]> {
    const identity = await this.db.manager.getRepository(Identity).findOneByOrFail({ id: device.identityId });
    const rows = await this.db.manager.getRepository(PushRequest).find({ where: { identityId: device.identityId, status: 'pending', expiresAt: MoreThan(this.clock.now()) }, order: { createdAt: 'DESC' } });
    return rows.map((p) => ({
      pushId: p.id,
      application: 'Visma Connect',
      email: identity.email,
      createdAt: p.createdAt.toISOString(),
      expiresAt: p.expiresAt.toISOString(),
      location: { ip: p.ip, browser: p.browser },
      choices: p.choices,
    }));
  }

  /**
   * `POST /api/authenticator/requests/:pushId`: the device's answer, signed with its key over `pushId|decision|number`.
   * Accepted once (a conditional UPDATE on a pending, unexpired push); an approval with the wrong number is a denial.
   */
  async answer(pushId: string, decision: PushDecision, number: number, signature: string): Promise<PushAnswerOutcome> {
    const push = await this.db.manager.getRepository(PushRequest).findOneBy({ id: pushId });
    if (!push) throw badDeviceSignature();
    const devices = await this.db.manager.getRepository(AuthenticatorDevice).findBy({ identityId: push.identityId });
    const payload = pushAnswerPayload(pushId, decision, number);
    const device = devices.find((d) => verifyDeviceSignature(d.publicKeyJwk, payload, signature));
    if (!device) throw badDeviceSignature();
    const now = this.clock.now();
    const wrongNumber = decision === 'approve' && number !== push.number;
    const status: PushStatus = decision === 'report' ? 'reported' : decision === 'approve' && !wrongNumber ? 'approved' : 'denied';
    const reason = decision === 'report' ? 'reported' : wrongNumber ? 'wrong-number' : decision === 'deny' ? 'denied' : null;
    const identity = await this.db.tx(async (m) => {
      const r = await m
        .createQueryBuilder()
        .update(PushRequest)
        .set({ status, reason, answeredAt: now, deviceId: device.id })
        .where('id = :id AND status = :pending AND "expiresAt" > :now', { id: pushId, pending: 'pending', now })
        .execute();
      if ((r.affected ?? 0) !== 1) return null;
      await m.getRepository(AuthenticatorDevice).update({ id: device.id }, { lastUsedAt: now });
      const identity = await m.getRepository(Identity).findOneByOrFail({ id: push.identityId });
      const where = { pushId, deviceId: device.id, ip: push.ip, browser: push.browser };
      await this.audit.record({ action: `connect.push.${status}`, targetType: 'identity', targetId: identity.id, after: { ...where, reason }, actor: userActor(identity) }, m);
      if (status === 'reported') {
        await this.outbox.enqueue(m, {
          kind: 'connect.push-reported',
          recipient: identity.email,
          ...reportedMail(identity, push),
          identityId: identity.id,
        });
      }
      return identity;
    });
    if (!identity) throw new DomainError(409, ErrorCode.PUSH_NOT_PENDING, 'This sign-in request was already answered or has expired.');
    // A wrong number or a report is a failed sign-in attempt: it counts towards the identity's lockout and spends a try of the challenge.
    if (wrongNumber || status === 'reported') await this.signIn.pushFailure(push.challengeId, identity, push.ip, wrongNumber ? 'push-wrong-number' : 'push-reported');
    return { status, reason };
  }
}

/** The notice after the person reported a push they did not start, in their language. */
function reportedMail(identity: Identity, push: PushRequest): { subject: string; body: string } {
  const locale = localeOf(identity);
  return mail(locale, 'pushReported', {
    name: identity.displayName,
    browser: push.browser ?? t(locale, 'mail.pushReported.unknownBrowser'),
    ip: push.ip ?? t(locale, 'mail.pushReported.unknownAddress'),
    at: formatInstant(push.createdAt, locale),
  });
}
