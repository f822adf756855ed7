import CheckCircleIcon from '@mui/icons-material/CheckCircle';
import RadioButtonUncheckedIcon from '@mui/icons-material/RadioButtonUnchecked';
import { Alert, Box, Chip, CircularProgress, Stack, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { useLocaleState, useRecordContext, useTranslate } from 'react-admin';
import { formatDateTime } from '../i18n/format';
import { errorKey } from '../providers/http';
import { fetchSecondFactors, usePolled, type SecondFactors } from '../tickets/api';
import { DevicesTable, PasskeysTable } from './PasskeysTable';
import { ResetSecondFactors } from './ResetSecondFactors';

type Method = SecondFactors['methods'][number];

/** The "Details" cell, worded from the method's code and the record's data (the API's English detail is not shown). */
function useDetail() {
  const translate = useTranslate();
  return (m: Method, f: SecondFactors): string => {
    switch (m.method) {
      case 'visma-authenticator':
      case 'totp':
        return m.enrolled ? translate(`app.people.detail.${m.method}`) : '—';
      case 'passkey':
        return f.passkeys.length
          ? translate('app.people.detail.passkeys', {
              smart_count: f.passkeys.length,
              list: f.passkeys.map((p) => `${p.name} (${translate(`app.people.passkeyKind.${p.kind}`, { _: p.kind })})`).join(', '),
            })
          : '—';
      case 'sms': {
        // The number as the server masks it (its English suffix dropped); enrolled means verified.
        const number = m.detail?.replace(/\s*\(not verified\)$/, '');
        if (!number) return '—';
        return m.enrolled ? number : translate('app.people.detail.smsUnverified', { number });
      }
      case 'emergency-code':
        return translate(m.enrolled ? 'app.people.detail.emergencyStored' : 'app.people.detail.emergencyNone');
      default:
        return m.detail ?? '—';
    }
  };
}

/**
 * Seed 003: which second factors the identity has, when they were set up, every passkey and security key, the
 * policy, that 2FA belongs to the identity, and the agent's reset of all of them at once.
 */
export const SecondFactorsPanel = ({ label: _label }: { label?: string }) => {
  const record = useRecordContext<{ id: string }>();
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const detail = useDetail();
  const factors = usePolled(record ? (signal) => fetchSecondFactors(record.id, signal) : null, [record?.id]);
  if (!record) return null;
  if (!factors.data) return factors.error ? <Alert severity="error">{translate(errorKey(factors.error))}</Alert> : <CircularProgress size={20} />;
  const f = factors.data;
  return (
    <Box data-testid="second-factors" sx={{ width: '100%' }}>
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center', mb: 1, flexWrap: 'wrap' }}>
        <Typography variant="subtitle2">{translate('app.people.policyLabel')}</Typography>
        <Chip size="small" color={f.policy === 'required' ? 'primary' : 'default'} label={translate(`app.common.twoFactorPolicy.${f.policy}`, { _: f.policy })} />
        <Typography variant="body2" color="text.secondary">
          {translate(`app.people.policy.${f.policy}`, { _: '' })}
        </Typography>
      </Stack>
      <Box sx={{ overflowX: 'auto', maxWidth: 900 }}>
        <Table size="small">
          <TableHead>
            <TableRow>
              <TableCell>{translate('app.people.method')}</TableCell>
              <TableCell>{translate('app.people.enrolled')}</TableCell>
              <TableCell>{translate('app.people.since')}</TableCell>
              <TableCell>{translate('app.people.details')}</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {f.methods.map((m) => (
              <TableRow key={m.method} data-testid={`factor-${m.method}`}>
                <TableCell>
                  {translate(`app.people.methods.${m.method}`, { _: m.method })}
                  {f.defaultMethod === m.method ? <Chip size="small" label={translate('app.people.isDefault')} sx={{ ml: 1 }} /> : null}
                </TableCell>
                <TableCell>
                  {m.enrolled ? (
                    <CheckCircleIcon color="success" fontSize="small" titleAccess={translate('app.people.enrolled')} />
                  ) : (
                    <RadioButtonUncheckedIcon color="disabled" fontSize="small" titleAccess={translate('app.people.notEnrolled')} />
                  )}
                </TableCell>
                <TableCell>{formatDateTime(m.enrolledAt, locale)}</TableCell>
                <TableCell>{detail(m, f)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </Box>
      {f.passkeys.length ? <PasskeysTable passkeys={f.passkeys} /> : null}
      {f.devices.length ? <DevicesTable devices={f.devices} /> : null}
      <Alert severity="info" sx={{ mt: 1.5, maxWidth: 900 }}>
        {translate('app.people.scopeNote')}
      </Alert>
      <ResetSecondFactors identityId={f.identityId} enrolledCount={f.enrolledCount} onDone={factors.reload} />
    </Box>
  );
};
