import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { Alert, Button, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle, TextField } from '@mui/material';
import { ErrorCode } from '../../../shared/index.js';
import { errorCode, errorMessage, errorStatus, registerStepUpHandler, requestStepUp, stepUpCancelled, submitStepUp } from '../providers/http';

interface StepUpContextValue {
  /** Asks for an authenticator code now; resolves once confirmed, rejects if the user cancels. */
  requestStepUp: () => Promise<void>;
}

const StepUpContext = createContext<StepUpContextValue>({ requestStepUp });

/** For pages that want to confirm before a sensitive action (requests answered `STEP_UP_REQUIRED` are handled anyway). */
export const useStepUp = () => useContext(StepUpContext);

type Pending = { resolve: () => void; reject: (error: unknown) => void };

/**
 * Renders the step-up dialog and lends it to `httpClient`: a request answered `401 STEP_UP_REQUIRED`
 * waits here for the code, then is retried once.
 */
export const StepUpProvider = ({ children }: { children: ReactNode }) => {
  const [open, setOpen] = useState(false);
  const pending = useRef<Pending | null>(null);

  const ask = useCallback(
    () =>
      new Promise<void>((resolve, reject) => {
        pending.current = { resolve, reject };
        setOpen(true);
      }),
    [],
  );

  useEffect(() => {
    const unregister = registerStepUpHandler(ask);
    return () => {
      unregister();
      pending.current?.reject(stepUpCancelled());
      pending.current = null;
    };
  }, [ask]);

  const settle = useCallback((outcome: { ok: true } | { ok: false; error: unknown }) => {
    const p = pending.current;
    pending.current = null;
    setOpen(false);
    if (!p) return;
    if (outcome.ok) p.resolve();
    else p.reject(outcome.error);
  }, []);

  const value = useMemo(() => ({ requestStepUp }), []);

  return (
    <StepUpContext.Provider value={value}>
      {children}
      <StepUpDialog open={open} onConfirmed={() => settle({ ok: true })} onAbandon={(error) => settle({ ok: false, error })} />
    </StepUpContext.Provider>
  );
};

const CODE_PATTERN = /^\d{6}$/;

const StepUpDialog = ({ open, onConfirmed, onAbandon }: { open: boolean; onConfirmed: () => void; onAbandon: (error: unknown) => void }) => {
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);

  useEffect(() => {
    if (open) {
      setCode('');
      setError(null);
      setSubmitting(false);
    }
  }, [open]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!CODE_PATTERN.test(code)) {
      setError('Enter the 6-digit code from your authenticator app.');
      return;
    }
    setSubmitting(true);
    setError(null);
    try {
      await submitStepUp(code);
      onConfirmed();
    } catch (e) {
      // The session itself is gone: let the original request fail with that, so react-admin signs out.
      if (errorStatus(e) === 401 && errorCode(e) === ErrorCode.UNAUTHENTICATED) {
        onAbandon(e);
        return;
      }
      setError(errorMessage(e));
      setCode('');
    } finally {
      setSubmitting(false);
    }
  };

  const cancel = () => {
    if (!submitting) onAbandon(stepUpCancelled());
  };

  return (
    <Dialog open={open} onClose={cancel} aria-labelledby="stepup-title" maxWidth="xs" fullWidth>
      <form onSubmit={submit} noValidate>
        <DialogTitle id="stepup-title">Confirm with your authenticator code</DialogTitle>
        <DialogContent>
          <DialogContentText sx={{ mb: 2 }}>This action needs a fresh code. Enter the 6-digit code your authenticator app shows now.</DialogContentText>
          {error && (
            <Alert severity="error" sx={{ mb: 2 }} role="alert">
              {error}
            </Alert>
          )}
          <TextField
            autoFocus
            fullWidth
            required
            label="Authenticator code"
            value={code}
            onChange={(e) => setCode(e.target.value.replace(/\D/g, '').slice(0, 6))}
            disabled={submitting}
            slotProps={{
              htmlInput: {
                'data-testid': 'stepup-code',
                inputMode: 'numeric',
                autoComplete: 'one-time-code',
                pattern: '[0-9]{6}',
                maxLength: 6,
              },
            }}
          />
        </DialogContent>
        <DialogActions>
          <Button onClick={cancel} disabled={submitting}>
            Cancel
          </Button>
          <Button type="submit" variant="contained" disabled={submitting} data-testid="stepup-submit">
            {submitting ? 'Checking…' : 'Confirm'}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
};
