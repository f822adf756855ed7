import { Chip } from '@mui/material';
import { useLocaleState, useTranslate } from 'react-admin';
import type { ConnectionHealthStatus, ConnectionHealthView, RejectionKind } from '../../../shared/index.js';
import { formatDateTime } from '../i18n/format';

const COLOR: Record<ConnectionHealthStatus, 'success' | 'error' | 'warning' | 'default' | 'info'> = {
  ok: 'success',
  failing: 'error',
  unverified: 'info',
  disabled: 'default',
  'not-configured': 'warning',
};

/** A connection's health as a chip (the API answers the code; `app.connections.health.*` words it). */
export const HealthChip = ({ status }: { status: ConnectionHealthStatus }) => {
  const translate = useTranslate();
  return <Chip size="small" color={COLOR[status]} variant={status === 'ok' ? 'outlined' : 'filled'} label={translate(`app.connections.health.${status}`)} data-testid="connection-health" data-status={status} />;
};

/** What the health means, in sentences: which evidence, since when, what to do. */
export function useHealthSentences() {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  return (h: ConnectionHealthView, portal: string): string[] => {
    const sentence =
      h.status === 'failing'
        ? translate('app.connections.status.failing', {
            at: formatDateTime(h.since, locale),
            requests: translate(`app.connections.requests.${h.cause ?? 'bad-signature'}`, { smart_count: h.evidence }),
            portal,
            window: h.windowMinutes,
            threshold: h.threshold,
          })
        : translate(`app.connections.status.${h.status}`, { portal });
    return [sentence, ...h.advice.map((a) => translate(`app.connections.advice.${a}`))];
  };
}

/** "N requests with a signature that does not match in the last hour", per kind. */
export function useRejectedSentence() {
  const translate = useTranslate();
  return (h: ConnectionHealthView): string => {
    if (h.rejectedRequests === 0) return translate('app.connections.rejected.none');
    const parts = (Object.entries(h.rejectedByKind) as [RejectionKind, number][]).filter(([, n]) => n > 0).map(([k, n]) => translate(`app.connections.requests.${k}`, { smart_count: n }));
    return translate('app.connections.rejected.some', { requests: parts.join('; ') });
  };
}
