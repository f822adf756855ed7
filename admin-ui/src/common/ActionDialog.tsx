import { useCallback, useState, type ReactNode } from 'react';
import { Alert, Button, Dialog, DialogActions, DialogContent, DialogTitle, type ButtonProps } from '@mui/material';
import { useTranslate } from 'react-admin';
import { errorMessage } from '../providers/http';

/**
 * One action behind a dialog or button: `run(work)` marks it busy, clears the last error, and keeps the API's message
 * when the work fails; it answers whether the work succeeded (then the caller closes, notifies, reloads).
 */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = useCallback(async (work: () => Promise<unknown>): Promise<boolean> => {
    setBusy(true);
    setError(null);
    try {
      await work();
      return true;
    } catch (e) {
      setError(errorMessage(e));
      return false;
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, run };
}

export interface ActionDialogSubmit {
  label: ReactNode;
  onClick: () => void;
  disabled?: boolean;
  color?: ButtonProps['color'];
  testId?: string;
}

/** The shape every action dialog shares: a title, the action's error (announced), its fields, Cancel and the action. */
export const ActionDialog = ({ open, onClose, title, error, busy = false, submit, children }: { open: boolean; onClose: () => void; title: ReactNode; error: string | null; busy?: boolean; submit?: ActionDialogSubmit; children: ReactNode }) => {
  const translate = useTranslate();
  return (
    <Dialog open={open} onClose={onClose} fullWidth maxWidth="sm">
      <DialogTitle>{title}</DialogTitle>
      <DialogContent>
        {error && (
          <Alert severity="error" role="alert" sx={{ mb: 1 }}>
            {error}
          </Alert>
        )}
        {children}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{translate('ra.action.cancel')}</Button>
        {submit && (
          <Button variant="contained" color={submit.color} onClick={submit.onClick} disabled={busy || submit.disabled} data-testid={submit.testId}>
            {submit.label}
          </Button>
        )}
      </DialogActions>
    </Dialog>
  );
};
