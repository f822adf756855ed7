/** The mailbox's HTML, in the pages' shared shell (common/html-page). Pure. */
import { escapeHtml, htmlPage } from '../common/html-page.js';

/** Escapes a message body and turns its http(s) links into anchors. */
export function linkify(body: string): string {
  return body
    .split(/(https?:\/\/[^\s<>"']+)/g)
    .map((part, i) => (i % 2 === 1 ? `<a href="${escapeHtml(part)}" rel="noreferrer" data-testid="mailbox-link">${escapeHtml(part)}</a>` : escapeHtml(part)))
    .join('');
}

/** The mailbox's own layout: a column of messages. */
const MAILBOX_STYLES = `  main { max-width: 48rem; margin: 2rem auto; padding: 0 1rem; }
  h1 { font-size: 1.3rem; overflow-wrap: anywhere; }
  .brand { margin-bottom: 1rem; }
  .note { color: #52606d; }
  article { background: #fff; border-radius: 8px; padding: 1rem 1.25rem; margin: 0 0 1rem; box-shadow: 0 1px 3px rgba(0,0,0,.12); }
  article header { display: flex; flex-wrap: wrap; gap: .5rem; align-items: baseline; margin-bottom: .5rem; }
  article time { color: #616e7c; font-size: .85rem; margin-left: auto; }
  .chan { font-size: .75rem; text-transform: uppercase; color: #0b5394; border: 1px solid #0b5394; border-radius: 3px; padding: 0 .3rem; }
  pre { white-space: pre-wrap; overflow-wrap: anywhere; font: inherit; margin: 0; line-height: 1.45; }
  ul { background: #fff; border-radius: 8px; padding: 1rem 2rem; box-shadow: 0 1px 3px rgba(0,0,0,.12); }
  li { margin: .35rem 0; overflow-wrap: anywhere; }
  .count { color: #616e7c; }
  input { padding: .3rem .5rem; width: min(20rem, 60vw); }
  button { padding: .3rem .8rem; }`;

export function mailboxPage(title: string, body: string): string {
  return htmlPage({ lang: 'en', title, brand: 'Access Desk · built-in mailbox', styles: MAILBOX_STYLES, body });
}
