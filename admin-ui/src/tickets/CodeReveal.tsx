import { useState } from 'react';
import ContentCopyIcon from '@mui/icons-material/ContentCopy';
import { Alert, Box, Button, Paper, Stack, Typography } from '@mui/material';
import { formatTime, relative } from './fields';

/** Copies text; falls back to a hidden textarea where the Clipboard API is unavailable. */
async function copyText(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // fall through
  }
  const ta = document.createElement('textarea');
  ta.value = text;
  ta.setAttribute('readonly', '');
  ta.style.position = 'fixed';
  ta.style.opacity = '0';
  document.body.appendChild(ta);
  ta.select();
  const ok = document.execCommand('copy');
  document.body.removeChild(ta);
  return ok;
}

/**
 * The one time a one-time code is visible: large type, a copy button, its expiry. The code lives only in this
 * component's state (never in the query cache or storage); dismissing it or leaving the page loses it for good.
 */
export const CodeReveal = ({ code, expiresAt, onDone, doneLabel = 'I have given the code — hide it' }: { code: string; expiresAt: string; onDone: () => void; doneLabel?: string }) => {
  const [copied, setCopied] = useState<boolean | null>(null);
  return (
    <Paper variant="outlined" sx={{ p: { xs: 2, md: 3 }, borderColor: 'warning.main', borderWidth: 2, containerType: 'inline-size' }} data-testid="code-reveal">
      <Alert severity="warning" sx={{ mb: 2 }}>
        Shown <strong>once</strong>: it cannot be displayed again. Give it to the person only through the channel they contacted you on; never send it to an
        address or number they give you now.
      </Alert>
      <Typography
        component="div"
        data-testid="issued-code"
        aria-label="One-time code"
        sx={{
          fontFamily: '"Roboto Mono", ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
          // One line, as large as the panel allows (24 monospace characters ≈ 15 em).
          fontSize: 'clamp(1.1rem, 6.2cqi, 3rem)',
          whiteSpace: 'nowrap',
          fontWeight: 600,
          letterSpacing: '0.04em',
          textAlign: 'center',
          py: 2,
          userSelect: 'all',
        }}
      >
        {code}
      </Typography>
      <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2} sx={{ alignItems: { sm: 'center' }, justifyContent: 'space-between' }}>
        <Box>
          <Typography variant="body2">
            Valid until <strong data-testid="code-expiry">{formatTime(expiresAt)}</strong> ({relative(expiresAt)}), for one sign-in together with the person's password.
          </Typography>
          <Typography variant="body2" color="text.secondary">
            The person enters it under “Second method → One-time code”, then chooses “I have permanently lost access” to set up a new authenticator.
          </Typography>
        </Box>
        <Stack direction="row" spacing={1}>
          <Button variant="outlined" startIcon={<ContentCopyIcon />} onClick={async () => setCopied(await copyText(code))} data-testid="copy-code">
            {copied ? 'Copied' : 'Copy'}
          </Button>
          <Button variant="contained" onClick={onDone} data-testid="hide-code">
            {doneLabel}
          </Button>
        </Stack>
      </Stack>
      {copied === false && (
        <Alert severity="info" sx={{ mt: 2 }}>
          Copying is not available here: select the code and copy it by hand.
        </Alert>
      )}
    </Paper>
  );
};
