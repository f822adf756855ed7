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
import { useLocaleState, useTranslate } from 'react-admin';
import type { AddonCatalogEntry, AddonReceipt, CreatedConnectionReceipt } from '../../../shared/index.js';
import { mark, Rich } from '../common/rich';
import { formatDateTime, formatMoney } from '../i18n/format';
import { errorKey } from '../providers/http';
import type { Organization } from '../types';
import { deactivateAddon, fetchPreflight, newIdempotencyKey, purchaseAddon, useLoader, type OrganizationAddonRecord } from './api';
import { PreflightList } from './PreflightLists';
import { fire } from '../common/fire';

const PAGE = 50;


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
  const translate = useTranslate();
  const [locale] = useLocaleState();
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
      setError(translate(errorKey(e)));
    } finally {
      setSubmitting(false);
    }
  };

  const p = preflight.data;
  const names = { addon: addon.name, organization: organization.name, portal: addon.portalName };
  return (
    <Dialog open onClose={submitting ? undefined : onClose} maxWidth="md" fullWidth aria-labelledby="activate-addon-title">
      <DialogTitle id="activate-addon-title">
        {translate(receipt ? 'app.addons.activatedTitle' : 'app.addons.activateTitle', names)}
      </DialogTitle>
      <DialogContent dividers>
        {receipt ? (
          <>
            <Receipt receipt={receipt} />
            {connection && (
              <Alert severity="warning" sx={{ mt: 2 }} data-testid="activation-connection">
                {translate('app.addons.connectionCreated', names)}
                {connection.secret ? (
                  <Box component="code" data-testid="activation-secret" sx={{ display: 'block', mt: 1, p: 1, bgcolor: 'background.paper', borderRadius: 1, wordBreak: 'break-all', fontFamily: 'monospace' }}>
                    {connection.secret}
                  </Box>
                ) : (
                  <div>{translate('app.addons.secretShownBefore')}</div>
                )}
              </Alert>
            )}
          </>
        ) : (
          <>
            <DialogContentText sx={{ mb: 2 }}>
              {translate('app.addons.activateIntro', { ...names, price: formatMoney(addon.priceCents, addon.currency, locale) })}
            </DialogContentText>
            {organization.severaStatus !== 'active' && (
              <Alert severity="warning" sx={{ mb: 2 }}>
                {translate('app.addons.cannotBuy', names)}
              </Alert>
            )}
            {preflight.loading && !p && (
              <Box sx={{ display: 'flex', justifyContent: 'center', p: 3 }}>
                <CircularProgress size={28} />
              </Box>
            )}
            {!!preflight.error && <Alert severity="error">{translate(errorKey(preflight.error))}</Alert>}
            {p && (
              <Box data-testid="activate-preflight">
                <PreflightList preflight={p} section="willSignIn" onShowMore={preflight.showMore} />
                <PreflightList preflight={p} section="stillBlocked" onShowMore={preflight.showMore} />
                {p.counts.accounts === 0 && <Alert severity="info">{translate('app.addons.noAccounts', names)}</Alert>}
                {p.connection.willBeCreated && (
                  <Alert severity="info" sx={{ mt: 1 }} data-testid="preflight-connection">
                    {translate('app.addons.connectionWillBeCreated', names)}
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
            {translate('app.addons.done')}
          </Button>
        ) : (
          <>
            <Button onClick={onClose} disabled={submitting}>
              {translate('ra.action.cancel')}
            </Button>
            <Button variant="contained" onClick={fire(confirm)} disabled={submitting || !p || organization.severaStatus !== 'active'} data-testid="activate-confirm">
              {translate(submitting ? 'app.addons.activating' : 'app.addons.activateFree')}
            </Button>
          </>
        )}
      </DialogActions>
    </Dialog>
  );
};

/** The zero-cost receipt of an order. */
export const Receipt = ({ receipt }: { receipt: AddonReceipt }) => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const money = (cents: number, currency: string) => formatMoney(cents, currency, locale);
  return (
  <Box data-testid="addon-receipt">
    <Alert severity="success" sx={{ mb: 2 }}>
      <Rich text={translate('app.addons.orderComplete', { order: mark('order') })} parts={{ order: <strong data-testid="receipt-order-number">{receipt.orderNumber}</strong> }} />
    </Alert>
    <Table size="small" aria-label={translate('app.addons.receipt')}>
      <TableHead>
        <TableRow>
          <TableCell>{translate('app.addons.item')}</TableCell>
          <TableCell align="right">{translate('app.addons.quantity')}</TableCell>
          <TableCell align="right">{translate('app.addons.price')}</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {receipt.items.map((i) => (
          <TableRow key={i.addonId}>
            <TableCell>{translate('app.addons.addonName', { addon: i.name })}</TableCell>
            <TableCell align="right">{i.quantity ?? 1}</TableCell>
            <TableCell align="right">{money(i.priceCents, i.currency)}</TableCell>
          </TableRow>
        ))}
        <TableRow>
          <TableCell colSpan={2}>
            <strong>{translate('app.addons.total')}</strong>
          </TableCell>
          <TableCell align="right" data-testid="receipt-total">
            <strong>{money(receipt.totalCents, receipt.currency)}</strong>
          </TableCell>
        </TableRow>
      </TableBody>
    </Table>
    <Divider sx={{ my: 1.5 }} />
    <Box sx={{ display: 'grid', gridTemplateColumns: 'max-content 1fr', columnGap: 2, rowGap: 0.5, fontSize: 14 }}>
      <span>{translate('app.common.organization')}</span>
      <span>{receipt.organizationName}</span>
      <span>{translate('app.addons.orderedBy')}</span>
      <span>{receipt.orderedBy}</span>
      <span>{translate('app.addons.orderedAt')}</span>
      <span>{formatDateTime(receipt.orderedAt, locale)}</span>
    </Box>
  </Box>
  );
};

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
  const translate = useTranslate();
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
      setError(translate(errorKey(e)));
    } finally {
      setSubmitting(false);
    }
  };

  const p = preflight.data;
  return (
    <Dialog open onClose={submitting ? undefined : onClose} maxWidth="md" fullWidth aria-labelledby="deactivate-addon-title">
      <form onSubmit={fire(submit)} noValidate>
        <DialogTitle id="deactivate-addon-title">
          {translate('app.addons.deactivateTitle', { addon: addon.name, organization: organization.name })}
        </DialogTitle>
        <DialogContent dividers>
          <DialogContentText sx={{ mb: 2 }}>
            {translate('app.addons.deactivateIntro', { portal: addon.portalName })}
          </DialogContentText>
          {preflight.loading && !p && (
            <Box sx={{ display: 'flex', justifyContent: 'center', p: 3 }}>
              <CircularProgress size={28} />
            </Box>
          )}
          {!!preflight.error && <Alert severity="error">{translate(errorKey(preflight.error))}</Alert>}
          {p && (
            <Box data-testid="deactivate-preflight">
              <PreflightList preflight={p} section="willLoseAccess" onShowMore={preflight.showMore} />
              <PreflightList preflight={p} section="stillBlocked" title={translate('app.addons.cannotSignInEither')} onShowMore={preflight.showMore} />
            </Box>
          )}
          <TextField
            label={translate('app.addons.reason')}
            required
            fullWidth
            multiline
            minRows={2}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            onBlur={() => setTouched(true)}
            error={touched && reasonMissing}
            helperText={translate(touched && reasonMissing ? 'app.addons.reasonMissing' : 'app.addons.reasonHelp')}
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
            {translate('ra.action.cancel')}
          </Button>
          <Button type="submit" color="error" variant="contained" disabled={submitting || !p} data-testid="deactivate-confirm">
            {translate(submitting ? 'app.addons.deactivating' : 'app.addons.deactivate')}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
};
