import CheckCircleIcon from '@mui/icons-material/CheckCircle';
import RadioButtonUncheckedIcon from '@mui/icons-material/RadioButtonUnchecked';
import { Alert, Box, Chip, CircularProgress, Stack, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { useRecordContext } from 'react-admin';
import { errorMessage } from '../providers/http';
import { fetchSecondFactors, usePolled } from '../tickets/api';
import { formatTime } from '../tickets/fields';
import { DevicesTable, PasskeysTable } from './PasskeysTable';
import { ResetSecondFactors } from './ResetSecondFactors';

/**
 * Seed 003: which second factors the identity has, when they were set up, every passkey and security key, the
 * policy, that 2FA belongs to the identity, and the agent's reset of all of them at once.
 */
export const SecondFactorsPanel = ({ label: _label }: { label?: string }) => {
  const record = useRecordContext<{ id: string }>();
  const factors = usePolled(record ? (signal) => fetchSecondFactors(record.id, signal) : null, [record?.id]);
  if (!record) return null;
  if (!factors.data) return factors.error ? <Alert severity="error">{errorMessage(factors.error)}</Alert> : <CircularProgress size={20} />;
  const f = factors.data;
  return (
    <Box data-testid="second-factors" sx={{ width: '100%' }}>
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center', mb: 1, flexWrap: 'wrap' }}>
        <Typography variant="subtitle2">2FA policy:</Typography>
        <Chip size="small" color={f.policy === 'required' ? 'primary' : 'default'} label={f.policyLabel} />
        <Typography variant="body2" color="text.secondary">
          {f.policyExplanation}
        </Typography>
      </Stack>
      <Table size="small" sx={{ maxWidth: 900 }}>
        <TableHead>
          <TableRow>
            <TableCell>Method</TableCell>
            <TableCell>Enrolled</TableCell>
            <TableCell>Since</TableCell>
            <TableCell>Details</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {f.methods.map((m) => (
            <TableRow key={m.method} data-testid={`factor-${m.method}`}>
              <TableCell>
                {m.label}
                {f.defaultMethod === m.method ? <Chip size="small" label="default" sx={{ ml: 1 }} /> : null}
              </TableCell>
              <TableCell>{m.enrolled ? <CheckCircleIcon color="success" fontSize="small" titleAccess="Enrolled" /> : <RadioButtonUncheckedIcon color="disabled" fontSize="small" titleAccess="Not enrolled" />}</TableCell>
              <TableCell>{m.enrolledAt ? formatTime(m.enrolledAt) : '—'}</TableCell>
              <TableCell>{m.detail ?? '—'}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {f.passkeys.length ? <PasskeysTable passkeys={f.passkeys} /> : null}
      {f.devices.length ? <DevicesTable devices={f.devices} /> : null}
      <Alert severity="info" sx={{ mt: 1.5, maxWidth: 900 }}>
        {f.scopeNote}
      </Alert>
      <ResetSecondFactors identityId={f.identityId} enrolledCount={f.enrolledCount} onDone={factors.reload} />
    </Box>
  );
};
