import { Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { useLocaleState, useTranslate } from 'react-admin';
import type { PasskeyView } from '../../../shared/security-settings.js';
import { formatDateTime } from '../i18n/format';
import type { AuthenticatorDeviceView } from '../../../shared/two-factor.js';

/** Every passkey and security key of the person: the name they gave it, its kind, when it was added and last used. */
export const PasskeysTable = ({ passkeys }: { passkeys: PasskeyView[] }) => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  return (
    <>
      <Typography variant="subtitle2" sx={{ mt: 2 }}>
        {translate('app.people.passkeys')}
      </Typography>
      <Table size="small" sx={{ maxWidth: 900 }} data-testid="passkeys">
        <TableHead>
          <TableRow>
            <TableCell>{translate('app.people.name')}</TableCell>
            <TableCell>{translate('app.people.kind')}</TableCell>
            <TableCell>{translate('app.people.added')}</TableCell>
            <TableCell>{translate('app.people.lastUsed')}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {passkeys.map((p) => {
            const kind = translate(`app.people.passkeyKind.${p.kind}`, { _: p.kind });
            return (
              <TableRow key={p.id} data-testid="passkey-row">
                <TableCell>{p.name}</TableCell>
                <TableCell>
                  {p.backedUp ? translate('app.people.synced', { kind }) : kind}
                  {p.transports.length ? ` · ${p.transports.join(', ')}` : ''}
                </TableCell>
                <TableCell>{formatDateTime(p.createdAt, locale)}</TableCell>
                <TableCell>{formatDateTime(p.lastUsedAt, locale, translate('app.people.never'))}</TableCell>
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
    </>
  );
};

/** Every Visma Authenticator device of the person: its name, when it was added and last used. */
export const DevicesTable = ({ devices }: { devices: AuthenticatorDeviceView[] }) => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  return (
    <>
      <Typography variant="subtitle2" sx={{ mt: 2 }}>
        {translate('app.people.devices')}
      </Typography>
      <Table size="small" sx={{ maxWidth: 900 }} data-testid="devices">
        <TableHead>
          <TableRow>
            <TableCell>{translate('app.people.name')}</TableCell>
            <TableCell>{translate('app.people.added')}</TableCell>
            <TableCell>{translate('app.people.lastUsed')}</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {devices.map((d) => (
            <TableRow key={d.id} data-testid="device-row">
              <TableCell>{d.name}</TableCell>
              <TableCell>{formatDateTime(d.createdAt, locale)}</TableCell>
              <TableCell>{formatDateTime(d.lastUsedAt, locale, translate('app.people.never'))}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </>
  );
};
