import { useState } from 'react';
import ContentCopyIcon from '@mui/icons-material/ContentCopy';
import { Alert, Box, Button, Paper, Stack, Typography } from '@mui/material';
import { useLocaleState, useTranslate } from 'react-admin';
import { formatDateTime, formatRelative } from '../i18n/format';

/** Stands in for the expiry inside the translated sentence, to set it apart. */
const MARK = '\u0000';

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
export const CodeReveal = ({ code, expiresAt, onDone, doneLabel }: { code: string; expiresAt: string; onDone: () => void; doneLabel?: string }) => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const [copied, setCopied] = useState<boolean | null>(null);
  // The expiry is set in bold wherever the language puts it in the sentence.
  const [validBefore, validAfter = ''] = translate('app.lostPhone.reveal.valid', { until: MARK, relative: formatRelative(expiresAt, locale) }).split(MARK);
  return (
    <Paper variant="outlined" sx={{ p: { xs: 2, md: 3 }, borderColor: 'warning.main', borderWidth: 2, containerType: 'inline-size' }} data-testid="code-reveal">
      <Alert severity="warning" sx={{ mb: 2 }}>
        {translate('app.lostPhone.reveal.once')}
      </Alert>
      <Typography
        component="div"
        data-testid="issued-code"
        aria-label={translate('app.lostPhone.reveal.label')}
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
            {validBefore}
            <strong data-testid="code-expiry">{formatDateTime(expiresAt, locale)}</strong>
            {validAfter}
          </Typography>
          <Typography variant="body2" color="text.secondary">
            {translate('app.lostPhone.reveal.howTo')}
          </Typography>
        </Box>
        <Stack direction="row" spacing={1}>
          <Button variant="outlined" startIcon={<ContentCopyIcon />} onClick={() => void copyText(code).then(setCopied)} data-testid="copy-code">
            {translate(copied ? 'app.lostPhone.reveal.copied' : 'app.lostPhone.reveal.copy')}
          </Button>
          <Button variant="contained" onClick={onDone} data-testid="hide-code">
            {doneLabel ?? translate('app.lostPhone.reveal.done')}
          </Button>
        </Stack>
      </Stack>
      {copied === false && (
        <Alert severity="info" sx={{ mt: 2 }}>
          {translate('app.lostPhone.reveal.noCopy')}
        </Alert>
      )}
    </Paper>
  );
};
