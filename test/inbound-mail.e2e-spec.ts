/**
 * Tickets from e-mail (INBOUND_SMTP_PORT) through a real SMTP conversation, agents' replies through the outbox,
 * and the built-in mailbox (MAILBOX) with its access rule.
 */
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import nodemailer, { type SendMailOptions } from 'nodemailer';
import { AGENT, createTestApp, SUPERVISOR, type StaffClient, type TestApp } from './create-test-app.js';
import { InboundMailListener } from '../server/src/tickets/inbound-mail.listener.js';
import { Ticket, TicketAttachment, TicketComment } from '../server/src/tickets/ticket.entity.js';
import { OutboxService } from '../server/src/notifications/outbox.service.js';
import { OutboxMessage } from '../server/src/notifications/outbox-message.entity.js';
import { Organization } from '../server/src/organizations/organization.entity.js';
import { Identity } from '../server/src/identities/identity.entity.js';
import { ticketNumberInSubject, mimeBombCheck, attachmentPolicy } from '../server/src/tickets/inbound-mail.rules.js';
import { MailboxMessage } from '../server/src/notifications/mailbox-message.entity.js';
import { ConnectClient, makeIdentity } from './support/connect.js';
import { createServer } from 'node:http';
import { randomUUID } from 'node:crypto';

const SUPPORT = 'support@accessdesk.test';

describe('tickets from e-mail', () => {
  let t: TestApp;
  let agent: StaffClient;
  let port: number;
  const send = (mail: SendMailOptions) =>
    nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true }).sendMail({ to: SUPPORT, ...mail });
  const refusal = async (mail: SendMailOptions): Promise<{ responseCode?: number; response?: string }> => {
    try {
      await send(mail);
    } catch (e) {
      return e as { responseCode?: number; response?: string };
    }
    assert.fail('the message was accepted');
  };

  before(async () => {
    t = await createTestApp({ env: { INBOUND_SMTP_PORT: '0', INBOUND_SMTP_HOST: '127.0.0.1', INBOUND_MAX_BYTES: String(200 * 1024) } });
    port = t.app.get(InboundMailListener).port!;
    agent = await t.signIn(AGENT);
  });
  after(async () => t.close());

  it('a message to the support address opens an e-mail ticket; the sender is only a claimed sender, never linked', async () => {
    const r = await send({ from: 'Erik Nurmi <erik.nurmi@northwind.test>', subject: 'Cannot sign in', text: 'My phone was stolen, please help.' });
    assert.match(r.response, /^250 .*Queued as ticket #3/);
    const tk = await t.ds.getRepository(Ticket).findOneByOrFail({ number: 3 });
    assert.equal(tk.channel, 'e-mail');
    assert.equal(tk.callerEmail, 'erik.nurmi@northwind.test');
    assert.equal(tk.identityId, null, 'a From address proves nothing: the ticket is not linked by it');
    assert.equal(tk.createdById, null);
    assert.equal(tk.subject, 'Cannot sign in');
    assert.match(tk.description, /phone was stolen/);
    const view = await agent.get(`/api/tickets/${tk.id}/timeline`);
    const received = view.body.find((e: { action: string }) => e.action === 'ticket.mail-received');
    assert.equal(received.actorRole, 'claimed sender');
    assert.equal(received.details.claimedSender, 'erik.nurmi@northwind.test');
    // What happened is a code for the catalogs; the person's words are the body.
    assert.deepEqual(received.messages, [{ code: 'mailReceived', params: {} }]);
    assert.equal(received.body, 'My phone was stolen, please help.');
  });

  it('[#n] in the subject threads a reply into the open ticket; an agent reply goes out through the outbox with [#n]', async () => {
    const tk = await t.ds.getRepository(Ticket).findOneByOrFail({ number: 3 });
    const reply = await agent.post(`/api/tickets/${tk.id}/replies`, { body: 'Please call us at the number on our web site.' });
    assert.equal(reply.status, 201, JSON.stringify(reply.body));
    const out = await t.ds.getRepository(OutboxMessage).findOneByOrFail({ ticketId: tk.id, kind: 'ticket.reply' });
    assert.equal(out.recipient, 'erik.nurmi@northwind.test');
    assert.equal(out.subject, 'Re: Cannot sign in [#3]');
    await waitFor(() => t.mail.sent.some((m) => m.to === 'erik.nurmi@northwind.test' && m.subject === 'Re: Cannot sign in [#3]'), 20_000);
    const mailed = t.mail.sent.find((m) => m.subject === 'Re: Cannot sign in [#3]')!;
    assert.match(mailed.body, /^Please call us at the number on our web site\.\n\n—\nCustomer service, ticket #3\. Reply to this message and keep \[#3\] in the subject\.$/);
    const after = (await agent.get(`/api/tickets/${tk.id}`)).body;
    assert.equal(after.waitingForPerson, true);
    assert.ok(after.firstResponseAt);

    const r = await send({ from: 'erik.nurmi@northwind.test', subject: 'Re: Cannot sign in [#3]', text: 'I will call. Thanks!' });
    assert.match(r.response, /#3/);
    assert.equal(await t.ds.getRepository(Ticket).count(), 3, 'no new ticket');
    const comments = await t.ds.getRepository(TicketComment).find({ where: { ticketId: tk.id, kind: 'inbound' }, order: { createdAt: 'ASC' } });
    assert.equal(comments.at(-1)!.body.trim(), 'I will call. Thanks!');
    assert.equal((await t.ds.getRepository(Ticket).findOneByOrFail({ id: tk.id })).waitingForPerson, false, 'the person answered');
  });

  it('a reference to a finished or unknown ticket opens a new one that names it', async () => {
    const r = await send({ from: 'someone@example.test', subject: 'Re: old thing [#999]', text: 'Still broken' });
    assert.match(r.response, /#4/);
    const tk = await t.ds.getRepository(Ticket).findOneByOrFail({ number: 4 });
    assert.equal(tk.description, 'Still broken', 'the mail\'s words only: the reference is data, not an English line');
    assert.equal(tk.subject, 'Re: old thing');
    const created = (await agent.get(`/api/tickets/${tk.id}/timeline`)).body.find((e: { action: string }) => e.action === 'ticket.created');
    assert.deepEqual(created.messages, [
      { code: 'ticketCreated', params: { channel: 'e-mail' } },
      { code: 'followUpUnknown', params: { number: 999 } },
    ]);
  });

  it('a message without subject and text opens a ticket with both empty (the console words them), and a reply still threads', async () => {
    const r = await send({ from: 'blank@example.test', subject: '', text: '', attachments: [{ filename: 'screen.png', contentType: 'image/png', content: Buffer.alloc(10, 1) }] });
    const n = Number(/#(\d+)/.exec(r.response)![1]);
    const tk = await t.ds.getRepository(Ticket).findOneByOrFail({ number: n });
    assert.equal(tk.subject, '');
    assert.equal(tk.description, '');
    const view = (await agent.get(`/api/tickets/${tk.id}`)).body;
    assert.equal(view.subject, '');
    const created = (await agent.get(`/api/tickets/${tk.id}/timeline`)).body.find((e: { action: string }) => e.action === 'ticket.created');
    assert.deepEqual(created.messages, [{ code: 'ticketCreated', params: { channel: 'e-mail' } }], 'no reference, no follow-up message');
    assert.equal((await agent.post(`/api/tickets/${tk.id}/replies`, { body: 'What can we do for you?' })).status, 201);
    assert.equal((await t.ds.getRepository(OutboxMessage).findOneByOrFail({ ticketId: tk.id, kind: 'ticket.reply' })).subject, `Re: [#${n}]`);
  });

  it('attachments: small ones of an allowed type are kept; others are listed as refused', async () => {
    const r = await send({
      from: 'bella.stone@brightside.test',
      subject: 'Screenshot',
      text: 'See attached',
      attachments: [
        { filename: 'screen.png', contentType: 'image/png', content: Buffer.alloc(1000, 1) },
        { filename: 'tool.exe', contentType: 'application/octet-stream', content: Buffer.alloc(500, 2) },
        { filename: 'huge.pdf', contentType: 'application/pdf', content: Buffer.alloc(100 * 1024, 3) },
      ],
    });
    const n = Number(/#(\d+)/.exec(r.response)![1]);
    const tk = await t.ds.getRepository(Ticket).findOneByOrFail({ number: n });
    const list = await agent.get(`/api/tickets/${tk.id}/attachments`);
    assert.equal(list.status, 200);
    assert.deepEqual(
      list.body.map((a: { filename: string; refusedReason: string | null; size: number }) => [a.filename, a.refusedReason, a.size]).sort(),
      [
        ['huge.pdf', null, 100 * 1024],
        ['screen.png', null, 1000],
        ['tool.exe', 'type-not-allowed', 500],
      ],
    );
    assert.ok(!('content' in list.body[0]), 'contents are not in the list');
    const rows = await t.ds.getRepository(TicketAttachment).findBy({ ticketId: tk.id });
    assert.equal(rows.find((a) => a.filename === 'tool.exe')!.content, null);
    assert.equal(Buffer.from(rows.find((a) => a.filename === 'screen.png')!.content!, 'base64').length, 1000);
  });

  it('refuses oversized messages (552), MIME bombs (554), mail without a sender (550) and other recipients (550), creating nothing', async () => {
    const before = await t.ds.getRepository(Ticket).count();
    const big = await refusal({ from: 'x@example.test', subject: 'big', text: 'x'.repeat(300 * 1024) });
    assert.equal(big.responseCode, 552);

    const nested = (depth: number): string =>
      depth === 0 ? 'Content-Type: text/plain\r\n\r\nhi\r\n' : `Content-Type: multipart/mixed; boundary="b${depth}"\r\n\r\n--b${depth}\r\n${nested(depth - 1)}--b${depth}--\r\n`;
    const bomb = await refusal({ envelope: { from: 'x@example.test', to: [SUPPORT] }, raw: `From: x@example.test\r\nTo: ${SUPPORT}\r\nSubject: bomb\r\nMIME-Version: 1.0\r\n${nested(30)}` });
    assert.equal(bomb.responseCode, 554);

    const noSender = await refusal({ envelope: { from: '', to: [SUPPORT] }, raw: 'Subject: who am I\r\n\r\nno from header at all\r\n' });
    assert.equal(noSender.responseCode, 550);

    const garbage = await refusal({ envelope: { from: '', to: [SUPPORT] }, raw: Buffer.from([0, 1, 2, 3, 255, 254, 10, 13, 10]) });
    assert.equal(garbage.responseCode, 550, 'malformed input is refused, not a crash');

    const relay = await refusal({ to: 'ceo@northwind.test', from: 'x@example.test', subject: 'relay?', text: 'x' });
    assert.equal(relay.responseCode, 550);
    assert.equal(await t.ds.getRepository(Ticket).count(), before);
    // the server is still fine afterwards
    assert.match((await send({ from: 'ok@example.test', subject: 'fine', text: 'still works' })).response, /Queued as ticket/);
  });

  it('an e-mail ticket opened by an earlier version (first message stored as "E-mail received: <subject>") still reads: as its subject, no body', async () => {
    const old = await agent.post('/api/tickets', { callerEmail: 'old.mail@example.test', channel: 'e-mail', description: 'Opened by an earlier version' });
    await t.ds.getRepository(TicketComment).insert({ id: randomUUID(), ticketId: old.body.id, authorId: null, kind: 'inbound', fromAddress: 'old.mail@example.test', body: 'E-mail received: Cannot sign in', createdAt: new Date(old.body.createdAt) });
    const legacy = (await agent.get(`/api/tickets/${old.body.id}/timeline`)).body.find((e: { action: string }) => e.action === 'ticket.mail-received');
    assert.deepEqual(legacy.messages, [{ code: 'mailReceivedSubject', params: { subject: 'Cannot sign in' } }]);
    assert.equal(legacy.body, null);
  });

  it("an agent's reply to a person with an identity is written in their language", async () => {
    const fi = await makeIdentity(t, 'aino.suomi@northwind.test');
    await t.ds.getRepository(Identity).update({ id: fi.id }, { locale: 'fi' });
    const tk = await agent.post('/api/tickets', { identityId: fi.id, channel: 'e-mail', description: 'Kirjautuminen ei onnistu' });
    assert.equal((await agent.post(`/api/tickets/${tk.body.id}/replies`, { body: 'Soitamme sinulle.' })).status, 201);
    const subject = `Re: Kirjautuminen ei onnistu [#${tk.body.number}]`;
    await waitFor(() => t.mail.sent.some((m) => m.subject === subject), 20_000);
    assert.match(t.mail.sent.find((m) => m.subject === subject)!.body, new RegExp(`Asiakaspalvelu, tiketti #${tk.body.number}\\. Vastaa tähän viestiin ja säilytä \\[#${tk.body.number}\\] aiherivillä\\.$`));
  });

  it('the pure rules: threading, the MIME pre-check and the attachment policy', () => {
    assert.equal(ticketNumberInSubject('Re: help [#12]'), 12);
    assert.equal(ticketNumberInSubject('Fwd: [#3] about [#12]'), 12);
    assert.equal(ticketNumberInSubject('[#0] nothing'), null);
    assert.equal(ticketNumberInSubject('#12 no brackets'), null);
    assert.equal(mimeBombCheck(Buffer.from('Content-Type: text/plain\r\n\r\nhi')), null);
    assert.equal(mimeBombCheck(Buffer.from('Content-Type: image/png\r\n'.repeat(60))), 'too-many-parts');
    assert.equal(mimeBombCheck(Buffer.from('X-A: 1\r\n'.repeat(600) + '\r\nbody')), 'too-many-headers');
    const many = attachmentPolicy(Array.from({ length: 7 }, (_, i) => ({ filename: `a${i}.txt`, contentType: 'text/plain', content: Buffer.from('x') })));
    assert.deepEqual(many.map((a) => a.refusedReason), [null, null, null, null, null, 'too-many', 'too-many']);
    assert.equal(attachmentPolicy([{ filename: 'big.pdf', contentType: 'application/pdf', content: Buffer.alloc(300 * 1024) }])[0].refusedReason, 'too-large');
  });
});

describe('the built-in mailbox', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ realMail: true });
  });
  after(async () => t.close());

  it('with demo data and no SMTP_URL, mail lands in /mailbox with absolute, working links; staff Outbox still hides them', async () => {
    assert.equal(t.config.mailbox, true);
    const sup = await t.signIn(SUPERVISOR);
    const northwind = (await t.ds.getRepository(Organization).findOneByOrFail({ name: 'Northwind Consulting' })).id;
    assert.equal((await sup.post('/api/identities/invite', { email: 'Mail.Box@northwind.test', name: 'Mail Box', organizationId: northwind })).status, 202);
    await waitFor(async () => (await t.ds.getRepository(OutboxMessage).findOneByOrFail({ recipient: 'Mail.Box@northwind.test' })).status === 'sent');
    const index = await t.http.get('/mailbox');
    assert.equal(index.status, 200);
    assert.match(index.headers['content-type'], /text\/html/);
    assert.equal(index.headers['cache-control'], 'no-store');
    assert.match(index.text, /mail\.box@northwind\.test/);
    const page = await t.http.get('/mailbox?to=MAIL.box@northwind.test');
    const link = /href="(http:\/\/localhost:\d+\/connect\/activate\?token=[^"]+)"/.exec(page.text);
    assert.ok(link, page.text);
    const token = decodeURIComponent(new URL(link[1].replace(/&amp;/g, '&')).searchParams.get('token')!);
    const inspect = await t.http.post('/api/connect/links/inspect').send({ token });
    assert.equal(inspect.status, 200, 'the mailed link works');
    const staffView = await sup.get(`/api/outbox?filter=${encodeURIComponent(JSON.stringify({ recipient: 'mail.box' }))}`);
    assert.ok(!JSON.stringify(staffView.body).includes(token), 'the staff Outbox still hides the token');
  });

  it('unset MAILBOX (demo default) answers this machine only; MAILBOX=false answers nobody', async () => {
    const proxied = await createTestApp({ realMail: true, env: { TRUST_PROXY: 'loopback' } });
    try {
      assert.equal((await proxied.http.get('/mailbox')).status, 200);
      assert.equal((await proxied.http.get('/mailbox').set('X-Forwarded-For', '203.0.113.7')).status, 404, 'a remote client cannot read the mailbox');
    } finally {
      await proxied.close();
    }
    const off = await createTestApp({ realMail: true, env: { MAILBOX: 'false' } });
    try {
      assert.equal((await off.http.get('/mailbox')).status, 404);
      const sup = await off.signIn(SUPERVISOR);
      const northwind = (await off.ds.getRepository(Organization).findOneByOrFail({ name: 'Northwind Consulting' })).id;
      await sup.post('/api/identities/invite', { email: 'held@northwind.test', name: 'Held', organizationId: northwind });
      assert.equal((await off.ds.getRepository(OutboxMessage).findOneByOrFail({ recipient: 'held@northwind.test' })).status, 'held');
    } finally {
      await off.close();
    }
  });
});

describe('SMS: to the mailbox, or to SMS_WEBHOOK_URL', () => {
  const smsSignIn = async (t: TestApp, email: string) => {
    const who = await makeIdentity(t, email, { smsNumber: '+4542822160' });
    const c = new ConnectClient(t);
    const challenge = await c.challenge(who.email);
    assert.equal((await c.post('sign-in/sms/send', { challenge })).status, 200);
    return who;
  };

  it('without a webhook an SMS lands in the mailbox under the phone number', async () => {
    const t = await createTestApp({ realMail: true });
    try {
      await smsSignIn(t, 'sms.box@northwind.test');
      await waitFor(async () => (await t.ds.getRepository(MailboxMessage).countBy({ recipientNormalized: '+4542822160', channel: 'sms' })) === 1);
      const page = await t.http.get('/mailbox?to=%2B4542822160');
      assert.match(page.text, /SMS/);
      assert.match(page.text, /\b\d{6}\b/, 'the code reached the phone');
    } finally {
      await t.close();
    }
  });

  it('with SMS_WEBHOOK_URL the SMS is POSTed there as JSON; a failing gateway leaves it pending for a retry', async () => {
    const received: { to: string; text: string }[] = [];
    let fail = true;
    const gateway = createServer((req, res) => {
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        if (fail) {
          res.statusCode = 503;
          return res.end();
        }
        received.push(JSON.parse(body));
        res.end('{}');
      });
    });
    await new Promise<void>((r) => gateway.listen(0, '127.0.0.1', () => r()));
    const addr = gateway.address() as { port: number };
    const t = await createTestApp({ realMail: true, env: { SMS_WEBHOOK_URL: `http://127.0.0.1:${addr.port}/sms`, OUTBOX_RETRY_SECONDS: '1', OUTBOX_POLL_SECONDS: '1' } });
    try {
      const who = await smsSignIn(t, 'sms.hook@northwind.test');
      const row = () => t.ds.getRepository(OutboxMessage).findOneByOrFail({ identityId: who.id, channel: 'sms' });
      // attempts counts at claim time (status `sending`); the failed send puts it back to `pending` with a backoff
      await waitFor(async () => { const r = await row(); return r.attempts >= 1 && r.status !== 'sending'; });
      const failed = await row();
      assert.equal(failed.status, 'pending', 'retried later');
      assert.match(failed.lastError ?? '', /503/);
      assert.ok(failed.nextAttemptAt && failed.nextAttemptAt.getTime() > t.clock.nowMs(), 'the retry waits for its backoff');
      fail = false;
      await t.app.get(OutboxService).deliverPending();
      assert.equal(received.length, 0, 'not before the backoff has passed');
      t.clock.advanceSeconds(5);
      await waitFor(() => Promise.resolve(received.length === 1), 15_000);
      assert.equal(received[0].to, '+4542822160');
      assert.match(received[0].text, /\b\d{6}\b/);
      await waitFor(async () => (await row()).status === 'sent');
      assert.equal(await t.ds.getRepository(MailboxMessage).count(), 0, 'nothing in the mailbox');
    } finally {
      await t.close();
      gateway.close();
    }
  });
});

async function waitFor(check: () => boolean | Promise<boolean>, ms = 5000): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    try {
      if (await check()) return;
    } catch {
      /* not yet */
    }
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}
