import { Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import type { PasskeyView } from '../../../shared/security-settings.js';
import type { AuthenticatorDeviceView } from '../../../shared/two-factor.js';
import { formatTime } from '../tickets/fields';

const KIND: Record<string, string> = { passkey: 'Passkey', 'security-key': 'Security key' };

/** Every passkey and security key of the person: the name they gave it, its kind, when it was added and last used. */
export const PasskeysTable = ({ passkeys }: { passkeys: PasskeyView[] }) => (
  <>
    <Typography variant="subtitle2" sx={{ mt: 2 }}>
      Passkeys and security keys
    </Typography>
    <Table size="small" sx={{ maxWidth: 900 }} data-testid="passkeys">
      <TableHead>
        <TableRow>
          <TableCell>Name</TableCell>
          <TableCell>Kind</TableCell>
          <TableCell>Added</TableCell>
          <TableCell>Last used</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {passkeys.map((p) => (
          <TableRow key={p.id} data-testid="passkey-row">
            <TableCell>{p.name}</TableCell>
            <TableCell>
              {KIND[p.kind] ?? p.kind}
              {p.backedUp ? ' (synced)' : ''}
              {p.transports.length ? ` · ${p.transports.join(', ')}` : ''}
            </TableCell>
            <TableCell>{formatTime(p.createdAt)}</TableCell>
            <TableCell>{p.lastUsedAt ? formatTime(p.lastUsedAt) : 'never'}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  </>
);

/** Every Visma Authenticator device of the person: its name, when it was added and last used. */
export const DevicesTable = ({ devices }: { devices: AuthenticatorDeviceView[] }) => (
  <>
    <Typography variant="subtitle2" sx={{ mt: 2 }}>
      Visma Authenticator devices
    </Typography>
    <Table size="small" sx={{ maxWidth: 900 }} data-testid="devices">
      <TableHead>
        <TableRow>
          <TableCell>Name</TableCell>
          <TableCell>Added</TableCell>
          <TableCell>Last used</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {devices.map((d) => (
          <TableRow key={d.id} data-testid="device-row">
            <TableCell>{d.name}</TableCell>
            <TableCell>{formatTime(d.createdAt)}</TableCell>
            <TableCell>{d.lastUsedAt ? formatTime(d.lastUsedAt) : 'never'}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  </>
);
