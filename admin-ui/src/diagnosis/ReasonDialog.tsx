import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { Alert, Button, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle, TextField } from '@mui/material';
import { useTranslate } from 'react-admin';
import { errorMessage, isStepUpRequired } from '../providers/http';
import { fire } from '../common/fire';

interface ReasonDialogProps {
  open: boolean;
  title: string;
  text: ReactNode;
  confirmLabel: string;
  /** Performs the change with the reason; the step-up dialog may open on top while it runs. */
  onConfirm: (reason: string) => Promise<void>;
  onClose: () => void;
}

/** Asks why before a change that is recorded (a reason of at least three characters), then runs it. */
export const ReasonDialog = ({ open, title, text, confirmLabel, onConfirm, onClose }: ReasonDialogProps) => {
  const translate = useTranslate();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (open) {
      setReason('');
      setError(null);
      setBusy(false);
    }
  }, [open]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (reason.trim().length < 3) {
      setError(translate('app.common.reasonDialog.tooShort'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await onConfirm(reason.trim());
      onClose();
    } catch (err) {
      setError(isStepUpRequired(err) ? translate('app.common.reasonDialog.notConfirmed') : errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog open={open} onClose={busy ? undefined : onClose} maxWidth="sm" fullWidth aria-labelledby="reason-dialog-title">
      <form onSubmit={fire(submit)} noValidate>
        <DialogTitle id="reason-dialog-title">{title}</DialogTitle>
        <DialogContent>
          <DialogContentText component="div" sx={{ mb: 2 }}>
            {text}
          </DialogContentText>
          {error && (
            <Alert severity="error" sx={{ mb: 2 }} role="alert">
              {error}
            </Alert>
          )}
          <TextField
            autoFocus
            fullWidth
            required
            multiline
            minRows={2}
            label={translate('app.common.reasonDialog.label')}
            value={reason}
            onChange={(e) => setReason(e.target.value.slice(0, 500))}
            disabled={busy}
            slotProps={{ htmlInput: { 'data-testid': 'reason-input', maxLength: 500 } }}
          />
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose} disabled={busy}>
            {translate('ra.action.cancel')}
          </Button>
          <Button type="submit" variant="contained" disabled={busy} data-testid="reason-submit">
            {busy ? translate('app.common.reasonDialog.saving') : confirmLabel}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
};
