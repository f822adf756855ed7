/**
 * Every language says everything English says, and no text for people is written outside the catalogs.
 *
 * 1. Catalogs: for each catalog set (the console's own, react-admin's messages, the Connect pages, the server's
 *    e-mails / SMS / pages), every language has exactly the keys `en` has, the same %{placeholders} per key and the
 *    same plural forms, and no value is empty.
 * 2. Source scan (scope: EVERY .ts/.tsx file under admin-ui/src, except the catalogs themselves): JSX text, the
 *    user-facing JSX attributes (label, title, placeholder, aria-label, helperText, …) and sentence-like string
 *    literals must not hold words; catalog keys used in the source (`app.…`, `resources.…`, `ra.…`) must exist.
 *    Code merged later is covered automatically: the scope is the folder, not a list of files.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';
import raEnglish from 'ra-language-english';
import { LOCALES } from '../../shared/locales.js';
import { CATALOGS, resources } from '../../admin-ui/src/i18n/catalog/index.js';
import raFi from '../../admin-ui/src/i18n/ra/fi.js';
import raSv from '../../admin-ui/src/i18n/ra/sv.js';
import raNb from '../../admin-ui/src/i18n/ra/nb.js';
import raDa from '../../admin-ui/src/i18n/ra/da.js';
import { CONNECT_MESSAGES } from '../../admin-ui/src/connect/i18n/messages/index.js';
import { SERVER_MESSAGES } from '../../server/src/i18n/messages/index.js';

type Tree = { [k: string]: string | Tree };

function flatten(tree: unknown, prefix = '', out = new Map<string, string>()): Map<string, string> {
  for (const [k, v] of Object.entries(tree as Tree)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'string') out.set(key, v);
    else flatten(v, key, out);
  }
  return out;
}

const placeholders = (s: string) => [...s.matchAll(/%\{(\w+)\}/g)].map((m) => m[1]).sort().filter((v, i, a) => a.indexOf(v) === i);
const pluralForms = (s: string) => s.split('||||').length;

/** Differences between `en` and one language, as readable lines. */
function compare(name: string, en: unknown, other: unknown, locale: string): string[] {
  const problems: string[] = [];
  const e = flatten(en);
  const o = flatten(other);
  for (const [key, text] of e) {
    const t = o.get(key);
    if (t === undefined) problems.push(`${name}/${locale}: missing ${key}`);
    else {
      if (!t.trim() && text.trim()) problems.push(`${name}/${locale}: empty ${key}`);
      if (placeholders(t).join() !== placeholders(text).join()) problems.push(`${name}/${locale}: ${key} has placeholders {${placeholders(t).join()}} where en has {${placeholders(text).join()}}`);
      if (pluralForms(t) !== pluralForms(text)) problems.push(`${name}/${locale}: ${key} has ${pluralForms(t)} plural forms, en ${pluralForms(text)}`);
    }
  }
  for (const key of o.keys()) if (!e.has(key)) problems.push(`${name}/${locale}: extra key ${key} (not in en)`);
  return problems;
}

/** Every catalog set the product has, each as locale → messages. */
const SETS: Record<string, Record<string, unknown>> = {
  ...Object.fromEntries(Object.entries(CATALOGS).map(([area, byLocale]) => [`console:${area}`, byLocale])),
  'console:resources': resources,
  'react-admin': { en: raEnglish, fi: raFi, sv: raSv, nb: raNb, da: raDa },
  connect: CONNECT_MESSAGES,
  server: SERVER_MESSAGES,
};

describe('i18n catalogs', () => {
  it('every catalog set has all five languages', () => {
    for (const [name, set] of Object.entries(SETS)) assert.deepEqual(Object.keys(set).sort(), [...LOCALES].sort(), name);
  });

  it('every language has exactly the keys, placeholders and plural forms en has', () => {
    const problems = Object.entries(SETS).flatMap(([name, set]) => LOCALES.filter((l) => l !== 'en').flatMap((l) => compare(name, set.en, set[l], l)));
    assert.deepEqual(problems, [], `\n${problems.join('\n')}`);
  });

  it('every catalog file stays under 400 lines (an area that outgrows one file gets a folder: en.ts, the others typed by it, index.ts)', () => {
    const files = [resolve('admin-ui/src/i18n'), resolve('admin-ui/src/connect/i18n'), resolve('server/src/i18n')].flatMap((d) => walk(d, [], false));
    assert.ok(files.length > 30, `only ${files.length} catalog files found`);
    const long = files.map((f) => [relative(process.cwd(), f), readFileSync(f, 'utf8').split('\n').length] as const).filter(([, n]) => n > 400);
    assert.deepEqual(long, []);
  });

  it('the comparison itself notices a missing key, an extra key and a wrong placeholder', () => {
    const problems = compare('probe', { a: 'x %{n}', b: 'y', c: 'one |||| many' }, { a: 'x %{m}', c: 'one', d: 'z' }, 'fi');
    assert.deepEqual(problems.sort(), ['probe/fi: a has placeholders {m} where en has {n}', 'probe/fi: c has 1 plural forms, en 2', 'probe/fi: extra key d (not in en)', 'probe/fi: missing b'].sort());
  });
});

// --- the source scan ---

const UI_ROOT = resolve('admin-ui/src');
/**
 * Files whose strings are not moved to the catalogs yet, named one by one so that the list can only shrink: a file
 * not listed here (every new file, every file merged later) is scanned. Each entry is a known gap, not an exemption.
 */
const NOT_YET_TRANSLATED = new Set<string>([
]);

/** The only places allowed to hold words: the catalogs. */
const EXCLUDED = [join(UI_ROOT, 'i18n'), join(UI_ROOT, 'connect', 'i18n')];
/** JSX attributes people read (or hear). */
const TEXT_ATTRIBUTES = new Set(['label', 'title', 'placeholder', 'aria-label', 'helperText', 'emptyText', 'primaryText', 'secondaryText', 'alt', 'tooltip', 'confirmTitle', 'confirmContent', 'noOptionsText', 'loadingText', 'subheader', 'text']);
/** Names that are the same in every language. */
const PROPER_NOUNS = /^(Access Desk|MyVisma|Azets Work|Visma Severa|Severa|Visma Connect|Visma|TOTP|SMS|QR|OK|ID)$/;
const KEY = /^(app|ra|resources)\.[\w.-]+$/;

function walk(dir: string, out: string[] = [], skipCatalogs = true): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (skipCatalogs && EXCLUDED.some((x) => p === x)) continue;
    if (statSync(p).isDirectory()) walk(p, out, skipCatalogs);
    else if (/\.(ts|tsx)$/.test(name) && !name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

const hasWords = (s: string) => {
  const t = s.replace(/\s+/g, ' ').trim();
  return /\p{L}{2,}/u.test(t) && !PROPER_NOUNS.test(t) && !KEY.test(t);
};
/** A literal that reads like a phrase for people: two or more words, starting with a capital letter. */
const looksLikeSentence = (s: string) => /^\p{Lu}[\p{Ll}’']*(\s+[^\s]+)+/u.test(s.trim()) && !/[{}<>=;]|^\p{Lu}+_/u.test(s) && hasWords(s);

/** Call arguments that never reach people. */
const QUIET_CALLS = /^(console\.\w+|Error|TypeError|HttpError|assert\w*|describe|it|test|require|import|new URL|querySelector\w*|getElementById|addEventListener|setAttribute|getByTestId|localStorage\.\w+|sessionStorage\.\w+)$/;

interface Finding {
  file: string;
  line: number;
  text: string;
}

function scan(file: string, source = readFileSync(file, 'utf8')): { findings: Finding[]; keys: { key: string; line: number }[] } {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const findings: Finding[] = [];
  const keys: { key: string; line: number }[] = [];
  const at = (n: ts.Node) => sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1;
  const report = (n: ts.Node, text: string) => findings.push({ file: relative(process.cwd(), file), line: at(n), text: text.replace(/\s+/g, ' ').trim().slice(0, 80) });

  const visit = (n: ts.Node): void => {
    if (ts.isImportDeclaration(n) || ts.isExportDeclaration(n)) return;
    if (ts.isJsxText(n) && hasWords(n.text)) report(n, n.text);
    if (ts.isJsxAttribute(n) && n.initializer) {
      const name = n.name.getText(sf);
      const init = n.initializer;
      const literal = ts.isStringLiteral(init) ? init : ts.isJsxExpression(init) && init.expression && (ts.isStringLiteral(init.expression) || ts.isNoSubstitutionTemplateLiteral(init.expression)) ? init.expression : null;
      if (literal && TEXT_ATTRIBUTES.has(name) && hasWords(literal.text)) report(n, `${name}="${literal.text}"`);
      if (literal && (name === 'className' || name === 'data-testid' || name === 'id' || name === 'source' || name === 'reference' || name === 'resource')) return;
    }
    if (ts.isJsxExpression(n) && n.expression && (ts.isStringLiteral(n.expression) || ts.isNoSubstitutionTemplateLiteral(n.expression)) && hasWords(n.expression.text) && !ts.isJsxAttribute(n.parent)) report(n, n.expression.text);
    if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n) || ts.isTemplateHead(n)) {
      const text = n.text;
      if (KEY.test(text)) keys.push({ key: text, line: at(n) });
      const host = ts.isTemplateHead(n) ? n.parent.parent : n.parent;
      const call = ts.isCallExpression(host) || ts.isNewExpression(host) ? host.expression.getText(sf) : null;
      const compared = ts.isBinaryExpression(host) && [ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsEqualsToken].includes(host.operatorToken.kind);
      const quiet = compared || (call && QUIET_CALLS.test(call.replace(/^new /, '')));
      const inJsxAttr = ts.isJsxAttribute(n.parent) || (ts.isJsxExpression(n.parent) && ts.isJsxAttribute(n.parent.parent));
      const isPropertyName = ts.isPropertyAssignment(n.parent) && n.parent.name === n;
      if (!quiet && !inJsxAttr && !isPropertyName && !ts.isLiteralTypeNode(n.parent) && looksLikeSentence(text)) report(n, text);
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return { findings, keys };
}

const allKeys = (): Set<string> => {
  const keys = new Set<string>();
  for (const [area, byLocale] of Object.entries(CATALOGS)) for (const k of flatten(byLocale.en).keys()) keys.add(`app.${area}.${k}`);
  for (const k of flatten(resources.en).keys()) keys.add(`resources.${k}`);
  for (const k of flatten(raEnglish).keys()) keys.add(k);
  return keys;
};

/** A key built at run time (`app.common.reason.${code}`) is checked by its static prefix. */
const prefixOk = (keys: Set<string>, prefix: string) => [...keys].some((k) => k.startsWith(prefix));

describe('i18n source scan (admin-ui/src, every file)', () => {
  const files = walk(UI_ROOT);

  it('covers the whole console and the Connect pages', () => {
    assert.ok(files.length > 40, `only ${files.length} files found`);
    assert.ok(files.some((f) => f.endsWith('DiagnosisPage.tsx')) && files.some((f) => f.includes(`${join('connect', 'main.ts')}`)));
  });

  it('no words outside the catalogs', () => {
    const findings = files.filter((f) => !NOT_YET_TRANSLATED.has(relative(UI_ROOT, f).split('\\').join('/'))).flatMap((f) => scan(f).findings);
    assert.deepEqual(
      findings.map((f) => `${f.file}:${f.line} ${f.text}`),
      [],
      `\n${findings.length} strings for people are not in the catalogs (move them to admin-ui/src/i18n/catalog/ or connect/i18n/):\n${findings.map((f) => `  ${f.file}:${f.line}  ${f.text}`).join('\n')}`,
    );
  });

  it('the list of files not yet translated only names files that exist and still hold words', () => {
    for (const rel of NOT_YET_TRANSLATED) {
      const file = join(UI_ROOT, rel);
      assert.ok(files.includes(file), `${rel} is listed in NOT_YET_TRANSLATED but does not exist`);
      assert.ok(scan(file).findings.length > 0, `${rel} is translated now: remove it from NOT_YET_TRANSLATED`);
    }
  });

  it('every catalog key the source names exists in en', () => {
    const keys = allKeys();
    const missing = files.flatMap((f) =>
      scan(f)
        .keys.filter(({ key }) => !keys.has(key) && !(key.endsWith('.') && prefixOk(keys, key)))
        .map(({ key, line }) => `${relative(process.cwd(), f)}:${line} ${key}`),
    );
    assert.deepEqual(missing, [], `\n${missing.join('\n')}`);
  });

  it('the scanner itself finds JSX text, text attributes and sentence literals, and passes keys', () => {
    const probe = `
      const A = () => <Box title="Open the ticket" data-testid="x-y">Hello there<Chip label={'Active user'} /><T label="app.common.yes" /></Box>;
      notify('The add-on was activated.');
      const ok = translate('app.common.no');
      console.log('Not for people at all');
    `;
    const r = scan('/probe.tsx', probe);
    assert.deepEqual(r.findings.map((f) => f.text).sort(), ['Hello there', 'The add-on was activated.', 'label="Active user"', 'title="Open the ticket"'].sort());
    assert.deepEqual(r.keys.map((k) => k.key).sort(), ['app.common.no', 'app.common.yes']);
  });
});
