import { useLocaleState, useTranslate } from 'react-admin';
import type { DiagnosisMessage } from '../../../shared/diagnosis.js';
import { formatDate, formatDateTime } from '../i18n/format';

/** Sentences the API sent as keys and parameters (`at`: date and time, `on`: date), in the console's language. */
export function useDiagnosisText() {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  return (messages: DiagnosisMessage[]): string =>
    messages
      .map((m) => {
        const params: Record<string, unknown> = { ...m.params };
        if (typeof params.at === 'string') params.at = formatDateTime(params.at, locale);
        if (typeof params.on === 'string') params.on = formatDate(params.on, locale);
        return translate(`app.diagnosis.${m.key}`, params);
      })
      .join(' ');
}
