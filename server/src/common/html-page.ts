/**
 * The one shell of every page the server renders itself (the Severa pages around a hand-off, the built-in mailbox):
 * doctype, language, viewport, noindex, the shared look, a brand line. No scripts: the strict Content-Security-Policy
 * (`script-src 'self'`) applies; styles are inline (`style-src 'self' 'unsafe-inline'`). Pure.
 */

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** What every page shares: the font, the colours (4.5:1 for text) and the brand line. */
const BASE_STYLES = `  body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; background: #f4f6f8; color: #1f2933; margin: 0; }
  .brand { color: #0b5394; font-weight: 600; letter-spacing: .02em; }
  .muted { color: #616e7c; }
  button { font: inherit; }`;

export interface HtmlPage {
  /** The page's language (`lang` attribute). */
  lang: string;
  /** The document title (escaped here). */
  title: string;
  /** The brand line above the content (escaped here). */
  brand: string;
  /** The page's own layout rules, added after the shared ones. */
  styles: string;
  /** The content of <main>, already escaped by the caller. */
  body: string;
}

export function htmlPage(p: HtmlPage): string {
  return `<!doctype html>
<html lang="${escapeHtml(p.lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(p.title)}</title>
<style>
${BASE_STYLES}
${p.styles.trimEnd()}
</style>
</head>
<body>
<main>
<div class="brand">${escapeHtml(p.brand)}</div>
${p.body}
</main>
</body>
</html>
`;
}
