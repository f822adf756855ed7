import { useState, type FormEvent } from 'react';
import { Alert, Avatar, Box, Button, Card, CardContent, CircularProgress, Link, Stack, TextField, Typography } from '@mui/material';
import LockOutlinedIcon from '@mui/icons-material/LockOutlined';
import { useAuthProvider, useLogin } from 'react-admin';
import type { SignInChallenge } from '../providers/authProvider';
import { errorMessage } from '../providers/http';

type Step = { name: 'password' } | { name: 'code'; challenge: string; email: string };

const CODE_PATTERN = /^\d{6}$/;

/** Staff sign-in: e-mail and password, then the authenticator code. */
export const SignInPage = () => {
  const authProvider = useAuthProvider();
  const login = useLogin();
  const [step, setStep] = useState<Step>({ name: 'password' });
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submitPassword = async (event: FormEvent) => {
    event.preventDefault();
    if (!email.trim() || !password) {
      setError('Enter your e-mail address and password.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      // Step 1 goes to the auth provider directly: useLogin() would navigate away on success.
      const { challenge } = (await authProvider!.login({ email: email.trim(), password })) as SignInChallenge;
      setPassword('');
      setCode('');
      setStep({ name: 'code', challenge, email: email.trim() });
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const submitCode = async (event: FormEvent) => {
    event.preventDefault();
    if (step.name !== 'code') return;
    if (!CODE_PATTERN.test(code)) {
      setError('Enter the 6-digit code from your authenticator app.');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await login({ challenge: step.challenge, code }); // redirects on success
    } catch (e) {
      setError(errorMessage(e));
      setCode('');
      setBusy(false);
    }
  };

  const startOver = () => {
    setStep({ name: 'password' });
    setCode('');
    setError(null);
  };

  return (
    <Box
      component="main"
      sx={{ minHeight: '100vh', display: 'flex', alignItems: 'center', justifyContent: 'center', bgcolor: 'grey.100', p: 2 }}
    >
      <Card sx={{ width: '100%', maxWidth: 400 }} elevation={3}>
        <CardContent sx={{ p: 4 }}>
          <Stack spacing={1} sx={{ alignItems: 'center', mb: 3 }}>
            <Avatar sx={{ bgcolor: 'primary.main' }}>
              <LockOutlinedIcon />
            </Avatar>
            <Typography variant="h5" component="h1">
              Access Desk
            </Typography>
            <Typography variant="body2" color="text.secondary">
              {step.name === 'password' ? 'Staff sign-in' : 'Two-step verification'}
            </Typography>
          </Stack>

          {error && (
            <Alert severity="error" sx={{ mb: 2 }} role="alert">
              {error}
            </Alert>
          )}

          {step.name === 'password' ? (
            <Box component="form" onSubmit={submitPassword} noValidate>
              <Stack spacing={2}>
                <TextField
                  label="E-mail"
                  type="email"
                  value={email}
                  onChange={(e) => setEmail(e.target.value)}
                  autoFocus
                  required
                  fullWidth
                  disabled={busy}
                  slotProps={{ htmlInput: { 'data-testid': 'signin-email', autoComplete: 'username', maxLength: 320 } }}
                />
                <TextField
                  label="Password"
                  type="password"
                  value={password}
                  onChange={(e) => setPassword(e.target.value)}
                  required
                  fullWidth
                  disabled={busy}
                  slotProps={{ htmlInput: { 'data-testid': 'signin-password', autoComplete: 'current-password' } }}
                />
                <Button type="submit" variant="contained" size="large" disabled={busy} data-testid="signin-submit">
                  {busy ? <CircularProgress size={24} color="inherit" /> : 'Continue'}
                </Button>
              </Stack>
            </Box>
          ) : (
            <Box component="form" onSubmit={submitCode} noValidate>
              <Stack spacing={2}>
                <Typography variant="body2">
                  Enter the 6-digit code your authenticator app shows for <strong>{step.email}</strong>.
                </Typography>
                <TextField
                  label="Authenticator code"
                  value={code}
                  onChange={(e) => setCode(e.target.value.replace(/\D/g, '').slice(0, 6))}
                  autoFocus
                  required
                  fullWidth
                  disabled={busy}
                  slotProps={{
                    htmlInput: {
                      'data-testid': 'signin-code',
                      inputMode: 'numeric',
                      autoComplete: 'one-time-code',
                      pattern: '[0-9]{6}',
                      maxLength: 6,
                    },
                  }}
                />
                <Button type="submit" variant="contained" size="large" disabled={busy} data-testid="signin-verify">
                  {busy ? <CircularProgress size={24} color="inherit" /> : 'Verify'}
                </Button>
                <Link component="button" type="button" variant="body2" onClick={startOver} disabled={busy} sx={{ alignSelf: 'center' }}>
                  Use a different account
                </Link>
              </Stack>
            </Box>
          )}
        </CardContent>
      </Card>
    </Box>
  );
};
