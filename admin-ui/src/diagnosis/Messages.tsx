import { Fragment, type ReactNode } from 'react';
import { useLocaleState, useTranslate } from 'react-admin';
import type { DiagnosisMessage } from '../../../shared/diagnosis.js';
import { formatDate, formatDateTime } from '../i18n/format';

/**
 * Sentences the API sent as keys and parameters (`at`: date and time, `on`: date), in the console's language.
 * `prefix` is the catalog area the keys belong to (the diagnosis' evidence, a connection check's items).
 */
export function useMessageText(prefix: string) {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  return (messages: DiagnosisMessage[]): string =>
    messages
      .map((m) => {
        const params: Record<string, unknown> = { ...m.params };
        if (typeof params.at === 'string') params.at = formatDateTime(params.at, locale);
        if (typeof params.on === 'string') params.on = formatDate(params.on, locale);
        return translate(`${prefix}${m.key}`, params);
      })
      .join(' ');
}

/** The diagnosis' evidence and remedies (`app.diagnosis.*`). */
export const useDiagnosisText = () => useMessageText('app.diagnosis.');

const MARK = '\u0001';

/**
 * A translated sentence with elements in it (an e-mail shown as stored, a link): the catalog keeps the whole sentence
 * with `%{name}` placeholders, so each language orders it its own way; `nodes` fill the named ones.
 */
export function useRichText() {
  const translate = useTranslate();
  return (key: string, nodes: Record<string, ReactNode>, params: Record<string, unknown> = {}): ReactNode => {
    const marked = Object.fromEntries(Object.keys(nodes).map((k) => [k, `${MARK}${k}${MARK}`]));
    const parts = translate(key, { ...params, ...marked }).split(MARK);
    // Odd parts are the placeholders' names.
    return parts.map((part, i) => <Fragment key={i}>{i % 2 === 1 && part in nodes ? nodes[part] : part}</Fragment>);
  };
}
