import { useMemo, useState, type FormEvent } from 'react';
import {
  Alert,
  Box,
  Button,
  CircularProgress,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
  Divider,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
} from '@mui/material';
import type { AddonCatalogEntry, AddonReceipt, CreatedConnectionReceipt } from '../../../shared/index.js';
import { errorMessage } from '../providers/http';
import type { Organization } from '../types';
import { deactivateAddon, fetchPreflight, newIdempotencyKey, purchaseAddon, useLoader, type OrganizationAddonRecord } from './api';
import { PreflightList } from './PreflightLists';

const PAGE = 50;

const money = (cents: number, currency: string) => `${(cents / 100).toFixed(2)} ${currency}`;
const when = (iso: string) => new Date(iso).toLocaleString();

function usePreflight(organizationId: string, addonId: string, change: 'activate' | 'deactivate') {
  const [last, setLast] = useState(PAGE - 1);
  const loader = useLoader((signal) => fetchPreflight(organizationId, addonId, change, [0, last], signal), [organizationId, addonId, change, last]);
  return { ...loader, showMore: () => setLast((n) => Math.min(n + PAGE * 4, 999)) };
}

interface ActivateProps {
  organization: Organization;
  addon: AddonCatalogEntry;
  onClose: () => void;
  onActivated: () => void;
}

/** Preflight first (who gains access, who still will not and why), then the free purchase, then its receipt. */
export const ActivateAddonDialog = ({ organization, addon, onClose, onActivated }: ActivateProps) => {
  const preflight = usePreflight(organization.id, addon.id, 'activate');
  // One key per dialog: a retry (e.g. after the step-up dialog, or a lost answer) returns the same order.
  const idempotencyKey = useMemo(newIdempotencyKey, []);
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [receipt, setReceipt] = useState<AddonReceipt | null>(null);
  const [connection, setConnection] = useState<CreatedConnectionReceipt | null>(null);

  const confirm = async () => {
    setSubmitting(true);
    setError(null);
    try {
      const result = await purchaseAddon(organization.id, addon.id, idempotencyKey);
      setReceipt(result.receipt);
      setConnection(result.connection ?? null);
      onActivated();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setSubmitting(false);
    }
  };

  const p = preflight.data;
  return (
    <Dialog open onClose={submitting ? undefined : onClose} maxWidth="md" fullWidth aria-labelledby="activate-addon-title">
      <DialogTitle id="activate-addon-title">
        {receipt ? `${addon.name} add-on activated` : `Activate the ${addon.name} add-on for ${organization.name}?`}
      </DialogTitle>
      <DialogContent dividers>
        {receipt ? (
          <>
            <Receipt receipt={receipt} />
            {connection && (
              <Alert severity="warning" sx={{ mt: 2 }} data-testid="activation-connection">
                A {addon.portalName} connection was created for {organization.name}. Give this secret to the {addon.portalName} administrator now: it is shown only this once.
                {connection.secret ? (
                  <Box component="code" data-testid="activation-secret" sx={{ display: 'block', mt: 1, p: 1, bgcolor: 'background.paper', borderRadius: 1, wordBreak: 'break-all', fontFamily: 'monospace' }}>
                    {connection.secret}
                  </Box>
                ) : (
                  <div>(It was shown when the order was first placed.)</div>
                )}
              </Alert>
            )}
          </>
        ) : (
          <>
            <DialogContentText sx={{ mb: 2 }}>
              With the add-on, users of {organization.name} can open Visma Severa from {addon.portalName} without new credentials. It is free ({money(addon.priceCents, addon.currency)}) and
              applies to the whole organization. Here is what the sign-in rules decide for each {addon.portalName} account once it is active:
            </DialogContentText>
            {organization.severaStatus !== 'active' && (
              <Alert severity="warning" sx={{ mb: 2 }}>
                {organization.name} no longer uses Visma Severa: add-ons cannot be bought for it.
              </Alert>
            )}
            {preflight.loading && !p && (
              <Box sx={{ display: 'flex', justifyContent: 'center', p: 3 }}>
                <CircularProgress size={28} />
              </Box>
            )}
            {!!preflight.error && <Alert severity="error">{errorMessage(preflight.error)}</Alert>}
            {p && (
              <Box data-testid="activate-preflight">
                <PreflightList preflight={p} section="willSignIn" onShowMore={preflight.showMore} />
                <PreflightList preflight={p} section="stillBlocked" onShowMore={preflight.showMore} />
                {p.counts.accounts === 0 && <Alert severity="info">{organization.name} has no {addon.portalName} accounts yet.</Alert>}
                {p.connection.willBeCreated && (
                  <Alert severity="info" sx={{ mt: 1 }} data-testid="preflight-connection">
                    {organization.name} has no {addon.portalName} connection yet: activating creates it, and shows its secret once for the {addon.portalName} administrator.
                  </Alert>
                )}
              </Box>
            )}
            {error && (
              <Alert severity="error" sx={{ mt: 2 }} data-testid="activate-error">
                {error}
              </Alert>
            )}
          </>
        )}
      </DialogContent>
      <DialogActions>
        {receipt ? (
          <Button variant="contained" onClick={onClose} data-testid="receipt-close">
            Done
          </Button>
        ) : (
          <>
            <Button onClick={onClose} disabled={submitting}>
              Cancel
            </Button>
            <Button variant="contained" onClick={confirm} disabled={submitting || !p || organization.severaStatus !== 'active'} data-testid="activate-confirm">
              {submitting ? 'Activating…' : `Activate (free)`}
            </Button>
          </>
        )}
      </DialogActions>
    </Dialog>
  );
};

/** The zero-cost receipt of an order. */
export const Receipt = ({ receipt }: { receipt: AddonReceipt }) => (
  <Box data-testid="addon-receipt">
    <Alert severity="success" sx={{ mb: 2 }}>
      Order <strong data-testid="receipt-order-number">{receipt.orderNumber}</strong> is complete and the add-on is active. The organization&apos;s admins have been notified.
    </Alert>
    <Table size="small" aria-label="Receipt">
      <TableHead>
        <TableRow>
          <TableCell>Item</TableCell>
          <TableCell align="right">Quantity</TableCell>
          <TableCell align="right">Price</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {receipt.items.map((i) => (
          <TableRow key={i.addonId}>
            <TableCell>{i.name} add-on</TableCell>
            <TableCell align="right">{i.quantity ?? 1}</TableCell>
            <TableCell align="right">{money(i.priceCents, i.currency)}</TableCell>
          </TableRow>
        ))}
        <TableRow>
          <TableCell colSpan={2}>
            <strong>Total</strong>
          </TableCell>
          <TableCell align="right" data-testid="receipt-total">
            <strong>{money(receipt.totalCents, receipt.currency)}</strong>
          </TableCell>
        </TableRow>
      </TableBody>
    </Table>
    <Divider sx={{ my: 1.5 }} />
    <Box sx={{ display: 'grid', gridTemplateColumns: 'max-content 1fr', columnGap: 2, rowGap: 0.5, fontSize: 14 }}>
      <span>Organization</span>
      <span>{receipt.organizationName}</span>
      <span>Ordered by</span>
      <span>{receipt.orderedBy}</span>
      <span>Ordered at</span>
      <span>{when(receipt.orderedAt)}</span>
    </Box>
  </Box>
);

interface DeactivateProps {
  organization: Organization;
  addon: AddonCatalogEntry;
  record: OrganizationAddonRecord;
  onClose: () => void;
  onDeactivated: () => void;
}

/** Shows who loses access, then asks why before turning the add-on off. */
export const DeactivateAddonDialog = ({ organization, addon, record, onClose, onDeactivated }: DeactivateProps) => {
  const preflight = usePreflight(organization.id, addon.id, 'deactivate');
  const [reason, setReason] = useState('');
  const [touched, setTouched] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const reasonMissing = reason.trim() === '';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setTouched(true);
    if (reasonMissing) return;
    setSubmitting(true);
    setError(null);
    try {
      await deactivateAddon(record.id, reason.trim());
      onDeactivated();
      onClose();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setSubmitting(false);
    }
  };

  const p = preflight.data;
  return (
    <Dialog open onClose={submitting ? undefined : onClose} maxWidth="md" fullWidth aria-labelledby="deactivate-addon-title">
      <form onSubmit={submit} noValidate>
        <DialogTitle id="deactivate-addon-title">
          Deactivate the {addon.name} add-on for {organization.name}?
        </DialogTitle>
        <DialogContent dividers>
          <DialogContentText sx={{ mb: 2 }}>
            Every sign-in to Visma Severa from {addon.portalName} will fail with &ldquo;add-on not active&rdquo; for the whole organization.
          </DialogContentText>
          {preflight.loading && !p && (
            <Box sx={{ display: 'flex', justifyContent: 'center', p: 3 }}>
              <CircularProgress size={28} />
            </Box>
          )}
          {!!preflight.error && <Alert severity="error">{errorMessage(preflight.error)}</Alert>}
          {p && (
            <Box data-testid="deactivate-preflight">
              <PreflightList preflight={p} section="willLoseAccess" onShowMore={preflight.showMore} />
              <PreflightList preflight={p} section="stillBlocked" title="Cannot sign in today either" onShowMore={preflight.showMore} />
            </Box>
          )}
          <TextField
            label="Reason"
            required
            fullWidth
            multiline
            minRows={2}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            onBlur={() => setTouched(true)}
            error={touched && reasonMissing}
            helperText={touched && reasonMissing ? 'Say why the add-on is turned off: it is kept in the history and the audit log.' : 'Kept in the history and the audit log; the organization’s admins receive it.'}
            slotProps={{ htmlInput: { maxLength: 500, 'data-testid': 'deactivate-reason' } }}
            sx={{ mt: 1 }}
          />
          {error && (
            <Alert severity="error" sx={{ mt: 2 }}>
              {error}
            </Alert>
          )}
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose} disabled={submitting}>
            Cancel
          </Button>
          <Button type="submit" color="error" variant="contained" disabled={submitting || !p} data-testid="deactivate-confirm">
            {submitting ? 'Deactivating…' : 'Deactivate'}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
};
