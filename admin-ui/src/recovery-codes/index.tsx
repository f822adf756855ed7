import { useState } from 'react';
import VpnKeyIcon from '@mui/icons-material/VpnKey';
import { Alert, Box, Button, Dialog, DialogActions, DialogContent, DialogTitle, Stack, TextField, Typography } from '@mui/material';
import { DataTable, List, SelectInput, useGetIdentity, useListContext, useNotify, usePermissions, useRecordContext, useRefresh } from 'react-admin';
import { DateTimeField } from '../common/fields';
import { can } from '../permissions';
import type { Permissions } from '../providers/authProvider';
import { errorMessage } from '../providers/http';
import { approveCode, rejectCode, type IssuedCode, type RecoveryCodeRecord } from '../tickets/api';
import { CodeReveal } from '../tickets/CodeReveal';
import { CODE_STATUS_CHOICES, CodeStatusChip } from '../tickets/fields';

const filters = [<SelectInput key="status" source="status" choices={CODE_STATUS_CHOICES} alwaysOn />];

/** Why a second supervisor is needed, in a few words (the full sentence on hover). */
const ApprovalBasis = () => {
  const r = useRecordContext<RecoveryCodeRecord>();
  if (!r?.approvalReason) return null;
  const role = /console role \(([^)]+)\)/.exec(r.approvalReason)?.[1];
  return (
    <span title={r.approvalReason} style={{ whiteSpace: 'nowrap' }}>
      {role ? `Console role: ${role}` : 'Privileged'}
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

/** Approve (step-up; the code is shown once to the approver) or reject a request waiting in the queue. */
const DecisionButtons = ({ onRevealed }: { onRevealed: (code: IssuedCode, r: RecoveryCodeRecord) => void }) => {
  const r = useRecordContext<RecoveryCodeRecord>();
  const { identity } = useGetIdentity();
  const { permissions } = usePermissions<Permissions>();
  const notify = useNotify();
  const refresh = useRefresh();
  const [busy, setBusy] = useState(false);
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');
  if (!r || r.status !== 'pending-approval' || !can(permissions?.roles, 'recovery-codes.approve')) return null;
  const mine = identity?.id != null && String(identity.id) === r.requestedById;
  const self = identity?.id != null && String(identity.id) === r.identityId;

  const approve = async () => {
    setBusy(true);
    try {
      const code = await approveCode(r.id);
      onRevealed(code, r);
      refresh();
    } catch (e) {
      notify(errorMessage(e), { type: 'error' });
    } finally {
      setBusy(false);
    }
  };
  const reject = async () => {
    setBusy(true);
    try {
      await rejectCode(r.id, reason);
      setRejecting(false);
      notify('Request rejected', { type: 'info' });
      refresh();
    } catch (e) {
      notify(errorMessage(e), { type: 'error' });
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
        disabled={busy || mine || self}
        title={mine ? 'You requested it: a different supervisor must approve' : self ? 'The code would be for you' : undefined}
        onClick={approve}
        data-testid="approve-code"
      >
        Approve
      </Button>
      <Button size="small" disabled={busy} onClick={() => setRejecting(true)} data-testid="reject-code">
        Reject
      </Button>
      <Dialog open={rejecting} onClose={() => setRejecting(false)} maxWidth="sm" fullWidth>
        <DialogTitle>Reject the code request for {r.identityEmail}?</DialogTitle>
        <DialogContent>
          <TextField autoFocus fullWidth multiline minRows={2} sx={{ mt: 1 }} label="Reason (recorded in the audit log)" value={reason} onChange={(e) => setReason(e.target.value.slice(0, 500))} />
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setRejecting(false)}>Cancel</Button>
          <Button color="error" variant="contained" onClick={reject} disabled={busy}>
            Reject
          </Button>
        </DialogActions>
      </Dialog>
    </Stack>
  );
};

const QueueHint = () => {
  const { filterValues } = useListContext();
  if (filterValues.status !== 'pending-approval') return null;
  return (
    <Alert severity="info" sx={{ mb: 1 }}>
      Requests for people who hold a console role or are marked privileged. A supervisor other than the requester approves after checking the ticket's
      verification; the code is then shown to the approver once.
    </Alert>
  );
};

/** Codes issued by customer service, and the approval queue (status “Waiting for approval”). Never the codes themselves. */
export const RecoveryCodeList = () => {
  const [revealed, setRevealed] = useState<{ code: IssuedCode; record: RecoveryCodeRecord } | null>(null);
  return (
    <>
      <List<RecoveryCodeRecord> title="Recovery codes" filters={filters} filterDefaultValues={{ status: 'pending-approval' }} sort={{ field: 'createdAt', order: 'DESC' }} perPage={25} exporter={false}>
        <Box sx={{ px: 2, pt: 1 }}>
          <QueueHint />
        </Box>
        <DataTable bulkActionButtons={false} rowClick={false}>
          <DataTable.Col source="ticketNumber" label="Ticket" field={TicketLink} disableSort />
          <DataTable.Col source="identityEmail" label="Person" disableSort />
          <DataTable.Col source="status" field={CodeStatusChip} />
          <DataTable.Col source="approvalReason" label="Needs a second person" field={ApprovalBasis} disableSort />
          <DataTable.Col source="requestedByEmail" label="Requested by" disableSort />
          <DataTable.Col source="issuedByEmail" label="Issued by" disableSort />
          <DataTable.Col source="createdAt" label="Requested" field={DateTimeField} />
          <DataTable.Col source="expiresAt" label="Expires" field={DateTimeField} />
          <DataTable.Col label="Decision">
            <DecisionButtons onRevealed={(code, record) => setRevealed({ code, record })} />
          </DataTable.Col>
        </DataTable>
      </List>
      <Dialog open={!!revealed} maxWidth="md" fullWidth>
        <DialogTitle>
          One-time code for {revealed?.record.identityEmail} (ticket #{revealed?.record.ticketNumber})
        </DialogTitle>
        <DialogContent>
          <Typography variant="body2" sx={{ mb: 2 }}>
            You approved the request. Give the code to the person on the channel of the ticket.
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
