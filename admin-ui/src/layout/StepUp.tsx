import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { Alert, Button, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle, TextField } from '@mui/material';
import { ErrorCode } from '../../../shared/index.js';
import { useTranslate } from 'react-admin';
import { errorCode, errorKey, errorStatus, registerStepUpHandler, requestStepUp, stepUpCancelled, submitStepUp } from '../providers/http';
import { fire } from '../common/fire';

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
  const translate = useTranslate();

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
      setError('app.layout.stepUpBadCode');
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
      setError(errorKey(e));
      setCode('');
    } finally {
      setSubmitting(false);
    }
  };

  const cancel = () => {
    if (!submitting) onAbandon(stepUpCancelled());
  };

  return (
    <Dialog open={open} onClose={cancel} aria-labelledby="stepup-title" aria-describedby="stepup-text" maxWidth="xs" fullWidth>
      <form onSubmit={fire(submit)} noValidate>
        <DialogTitle id="stepup-title">{translate('app.layout.stepUpTitle')}</DialogTitle>
        <DialogContent>
          <DialogContentText id="stepup-text" sx={{ mb: 2 }}>
            {translate('app.layout.stepUpText')}
          </DialogContentText>
          <div role="alert" aria-live="assertive">
            {error && (
              <Alert severity="error" sx={{ mb: 2 }}>
                {translate(error)}
              </Alert>
            )}
          </div>
          <TextField
            autoFocus
            fullWidth
            required
            label={translate('app.layout.stepUpCode')}
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
            {translate('ra.action.cancel')}
          </Button>
          <Button type="submit" variant="contained" disabled={submitting} data-testid="stepup-submit">
            {submitting ? translate('app.layout.stepUpChecking') : translate('ra.action.confirm')}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
};
