import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { escapeHtml, htmlPage } from '../../server/src/common/html-page.js';
import { mailboxPage } from '../../server/src/notifications/mailbox-page.js';
import { landingPage, notSignedInPage, refusedPage, signedOutPage } from '../../server/src/sign-in/severa-pages.js';

/** Everything up to the page's own styles: what the shell writes for every page. */
const shellHead = (html: string) => html.slice(0, html.indexOf('<title>'));

describe('one HTML shell for every server-rendered page', () => {
  it('writes the doctype, language, viewport and noindex, escapes title, language and brand, and carries no script', () => {
    const html = htmlPage({ lang: 'fi"><x', title: '<Title & "more">', brand: 'A & B', styles: '  main { color: red; }', body: '<p>ok</p>' });
    assert.ok(html.startsWith('<!doctype html>\n<html lang="fi&quot;&gt;&lt;x">'));
    assert.match(html, /<meta name="viewport" content="width=device-width, initial-scale=1">/);
    assert.match(html, /<meta name="robots" content="noindex">/);
    assert.match(html, /<title>&lt;Title &amp; &quot;more&quot;&gt;<\/title>/);
    assert.match(html, /<div class="brand">A &amp; B<\/div>\n<p>ok<\/p>/);
    assert.match(html, /main \{ color: red; \}\n<\/style>/);
    assert.ok(!/<script/i.test(html));
    assert.equal(escapeHtml(`<a href="x" title='y'>&</a>`), '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });

  it('the mailbox and the Severa pages share it: same head, same base styles, their own layout after', () => {
    const pages = [
      mailboxPage('Mailbox', '<h1>Mailbox</h1>'),
      refusedPage('MyVisma', 'ref-1'),
      refusedPage('MyVisma', 'ref-1', 'sv'),
      landingPage({ name: 'Anna', email: 'anna@x.test', organizationName: 'Org', portalName: 'MyVisma', signedInAt: new Date(0) }),
      notSignedInPage('fi'),
      signedOutPage('da'),
    ];
    const base = htmlPage({ lang: 'en', title: 't', brand: 'b', styles: '', body: '' });
    const baseStyles = base.slice(base.indexOf('<style>'), base.indexOf('\n\n</style>'));
    for (const html of pages) {
      assert.equal(shellHead(html).replace(/lang="\w+"/, 'lang="en"'), shellHead(base));
      assert.ok(html.includes(baseStyles), 'the shared styles come first');
      assert.ok(!/<script/i.test(html));
    }
    assert.match(pages[2], /<html lang="sv">/);
    assert.match(pages[0], /<div class="brand">Access Desk · built-in mailbox<\/div>/);
    assert.match(pages[1], /<div class="brand">Visma Severa<\/div>/);
  });
});
