import { useState } from 'react';
import VpnKeyIcon from '@mui/icons-material/VpnKey';
import { Alert, Box, Button, Dialog, DialogActions, DialogContent, DialogTitle, Stack, TextField, Typography } from '@mui/material';
import { DataTable, List, SelectInput, useGetIdentity, useListContext, useNotify, usePermissions, useRecordContext, useRefresh, useTranslate } from 'react-admin';
import { RecoveryCodeStatus } from '../../../shared/index.js';
import { roleKey } from '../common/choices';
import { DateTimeField } from '../common/fields';
import { can } from '../permissions';
import type { Permissions } from '../providers/authProvider';
import { errorKey } from '../providers/http';
import { approveCode, rejectCode, type IssuedCode, type RecoveryCodeRecord } from '../tickets/api';
import { CodeReveal } from '../tickets/CodeReveal';
import { CODE_STATUS_CHOICES, CodeStatusChip } from '../tickets/fields';
import { fire } from '../common/fire';

const filters = [<SelectInput key="status" source="status" choices={CODE_STATUS_CHOICES} alwaysOn />];

/** Why a second supervisor is needed, in a few words (the full sentence on hover), from the API's code and roles. */
const ApprovalBasis = () => {
  const r = useRecordContext<RecoveryCodeRecord>();
  const translate = useTranslate();
  if (!r?.approval) return null;
  const roles = r.approval.reason === 'staff-roles' ? r.approval.roles.map((role) => translate(roleKey(role))).join(', ') : null;
  return (
    <span data-testid="approval-basis" data-reason={r.approval.reason} title={translate(roles ? 'app.work.basisRoleFull' : 'app.work.basisPrivilegedFull', { roles })} style={{ whiteSpace: 'nowrap' }}>
      {roles ? translate('app.work.basisRole', { roles }) : translate('app.work.basisPrivileged')}
    </span>
  );
};

const TicketLink = () => {
  const r = useRecordContext<RecoveryCodeRecord>();
  if (!r) return null;
  return (
    <a href={`#/tickets/${encodeURIComponent(r.ticketId)}/show`} onClick={(e) => e.stopPropagation()}>
      #{r.ticketNumber ?? '?'}
    </a>
  );
};

/** Why the server would refuse to approve a waiting request now (the ticket's verification), as catalog keys. */
const REFUSAL_KEYS: Record<NonNullable<RecoveryCodeRecord['approvalRefusal']>, string> = {
  'verification-expired': 'app.work.approvalRefusalVerificationExpired',
  'verification-required': 'app.work.approvalRefusalVerificationRequired',
  'ticket-changed': 'app.work.approvalRefusalTicketChanged',
};

/** Approve (step-up; the code is shown once to the approver) or reject a request waiting in the queue. */
const DecisionButtons = ({ onRevealed }: { onRevealed: (code: IssuedCode, r: RecoveryCodeRecord) => void }) => {
  const r = useRecordContext<RecoveryCodeRecord>();
  const { identity } = useGetIdentity();
  const { permissions } = usePermissions<Permissions>();
  const notify = useNotify();
  const refresh = useRefresh();
  const translate = useTranslate();
  const [busy, setBusy] = useState(false);
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');
  if (!r || r.status !== RecoveryCodeStatus.PENDING_APPROVAL || !can(permissions?.roles, 'recovery-codes.approve')) return null;
  const mine = identity?.id != null && String(identity.id) === r.requestedById;
  const self = identity?.id != null && String(identity.id) === r.identityId;
  const refusal = r.approvalRefusal ? REFUSAL_KEYS[r.approvalRefusal] : null;

  const approve = async () => {
    setBusy(true);
    try {
      const code = await approveCode(r.id);
      onRevealed(code, r);
      refresh();
    } catch (e) {
      notify(errorKey(e), { type: 'error' });
    } finally {
      setBusy(false);
    }
  };
  const reject = async () => {
    setBusy(true);
    try {
      await rejectCode(r.id, reason);
      setRejecting(false);
      notify('app.work.requestRejected', { type: 'info' });
      refresh();
    } catch (e) {
      notify(errorKey(e), { type: 'error' });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Stack direction="row" spacing={1} onClick={(e) => e.stopPropagation()}>
      <Button
        size="small"
        variant="contained"
        color="warning"
        disabled={busy || mine || self || !!refusal}
        title={mine ? translate('app.work.youRequested') : self ? translate('app.work.forYou') : refusal ? translate(refusal) : undefined}
        onClick={fire(approve)}
        data-testid="approve-code"
      >
        {translate('app.work.approve')}
      </Button>
      {refusal && (
        <Typography variant="caption" color="warning.main" data-testid="approval-refusal" data-refusal={r.approvalRefusal}>
          {translate(refusal)}
        </Typography>
      )}
      <Button size="small" disabled={busy} onClick={() => setRejecting(true)} data-testid="reject-code">
        {translate('app.work.reject')}
      </Button>
      <Dialog open={rejecting} onClose={() => setRejecting(false)} maxWidth="sm" fullWidth aria-labelledby={`reject-title-${r.id}`}>
        <DialogTitle id={`reject-title-${r.id}`}>{translate('app.work.rejectTitle', { email: r.identityEmail })}</DialogTitle>
        <DialogContent>
          <TextField autoFocus fullWidth multiline minRows={2} sx={{ mt: 1 }} label={translate('app.work.rejectReason')} value={reason} onChange={(e) => setReason(e.target.value.slice(0, 500))} />
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setRejecting(false)}>{translate('ra.action.cancel')}</Button>
          <Button color="error" variant="contained" onClick={fire(reject)} disabled={busy}>
            {translate('app.work.reject')}
          </Button>
        </DialogActions>
      </Dialog>
    </Stack>
  );
};

const QueueHint = () => {
  const filterValues: unknown = useListContext().filterValues;
  const translate = useTranslate();
  if ((filterValues as { status?: unknown }).status !== RecoveryCodeStatus.PENDING_APPROVAL) return null;
  return (
    <Alert severity="info" sx={{ mb: 1 }}>
      {translate('app.work.queueHint')}
    </Alert>
  );
};

/** Codes issued by customer service, and the approval queue (status “Waiting for approval”). Never the codes themselves. */
export const RecoveryCodeList = () => {
  const [revealed, setRevealed] = useState<{ code: IssuedCode; record: RecoveryCodeRecord } | null>(null);
  const translate = useTranslate();
  return (
    <>
      <List<RecoveryCodeRecord> title="app.work.recoveryCodes" filters={filters} filterDefaultValues={{ status: 'pending-approval' }} sort={{ field: 'createdAt', order: 'DESC' }} perPage={25} exporter={false}>
        <Box sx={{ px: 2, pt: 1 }}>
          <QueueHint />
        </Box>
        <DataTable bulkActionButtons={false} rowClick={false}>
          <DataTable.Col source="ticketNumber" field={TicketLink} disableSort />
          <DataTable.Col source="identityEmail" disableSort />
          <DataTable.Col source="status" field={CodeStatusChip} />
          <DataTable.Col source="approval" field={ApprovalBasis} disableSort />
          <DataTable.Col source="requestedByEmail" disableSort />
          <DataTable.Col source="issuedByEmail" disableSort />
          <DataTable.Col source="createdAt" field={DateTimeField} />
          <DataTable.Col source="expiresAt" field={DateTimeField} />
          <DataTable.Col label="app.work.decision">
            <DecisionButtons onRevealed={(code, record) => setRevealed({ code, record })} />
          </DataTable.Col>
        </DataTable>
      </List>
      <Dialog open={!!revealed} maxWidth="md" fullWidth aria-labelledby="revealed-code-title">
        <DialogTitle id="revealed-code-title">
          {translate('app.work.codeFor', { email: revealed?.record.identityEmail, number: revealed?.record.ticketNumber })}
        </DialogTitle>
        <DialogContent>
          <Typography variant="body2" sx={{ mb: 2 }}>
            {translate('app.work.approved')}
          </Typography>
          {revealed && <CodeReveal code={revealed.code.code} expiresAt={revealed.code.expiresAt} onDone={() => setRevealed(null)} />}
        </DialogContent>
      </Dialog>
    </>
  );
};

export const recoveryCodes = {
  list: RecoveryCodeList,
  icon: VpnKeyIcon,
};
