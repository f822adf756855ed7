import { Alert, Box, Button, Dialog, DialogActions, DialogContent, DialogTitle, List as MuiList, ListItem, ListItemIcon, ListItemText, Typography } from '@mui/material';
import CheckCircleIcon from '@mui/icons-material/CheckCircle';
import CancelIcon from '@mui/icons-material/Cancel';
import { useLocaleState, useTranslate } from 'react-admin';
import type { ConnectionCheckResult } from '../../../shared/index.js';
import { formatDateTime } from '../i18n/format';
import { useMessageText } from './Messages';

export const SecretOnceDialog = ({ secret, onClose }: { secret: string | null; onClose: () => void }) => {
  const translate = useTranslate();
  return (
    <Dialog open={!!secret} onClose={onClose} maxWidth="sm" fullWidth>
      <DialogTitle>{translate('app.connections.secretOnce.title')}</DialogTitle>
      <DialogContent>
        <Alert severity="warning" sx={{ mb: 2 }}>
          {translate('app.connections.secretOnce.warning')}
        </Alert>
        <Box component="code" data-testid="new-secret" sx={{ display: 'block', p: 1.5, bgcolor: 'action.hover', borderRadius: 1, wordBreak: 'break-all', fontFamily: 'monospace' }}>
          {secret}
        </Box>
      </DialogContent>
      <DialogActions>
        <Button variant="contained" onClick={onClose}>
          {translate('app.connections.secretOnce.stored')}
        </Button>
      </DialogActions>
    </Dialog>
  );
};

export const ConnectionCheckDialog = ({ result, onClose }: { result: ConnectionCheckResult | null; onClose: () => void }) => {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const text = useMessageText('app.connections.check.');
  return (
    <Dialog open={!!result} onClose={onClose} maxWidth="sm" fullWidth>
      <DialogTitle>{translate(result?.ok ? 'app.connections.check.titleOk' : 'app.connections.check.titleProblems')}</DialogTitle>
      <DialogContent>
        <MuiList dense data-testid="connection-check-items">
          {result?.items.map((i) => (
            <ListItem key={i.id}>
              <ListItemIcon sx={{ minWidth: 36 }}>{i.ok ? <CheckCircleIcon sx={{ color: 'success.main' }} /> : <CancelIcon sx={{ color: 'error.main' }} />}</ListItemIcon>
              <ListItemText primary={text([i.text])} />
            </ListItem>
          ))}
        </MuiList>
        <Typography variant="caption" color="text.secondary">
          {result ? translate('app.connections.check.checkedAt', { at: formatDateTime(result.checkedAt, locale) }) : ''}
        </Typography>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>{translate('ra.action.close')}</Button>
      </DialogActions>
    </Dialog>
  );
};
