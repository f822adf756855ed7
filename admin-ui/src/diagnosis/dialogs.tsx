import { Alert, Box, Button, Dialog, DialogActions, DialogContent, DialogTitle, List as MuiList, ListItem, ListItemIcon, ListItemText, Typography } from '@mui/material';
import CheckCircleIcon from '@mui/icons-material/CheckCircle';
import CancelIcon from '@mui/icons-material/Cancel';
import type { ConnectionCheckResult } from '../../../shared/index.js';

export const SecretOnceDialog = ({ secret, onClose }: { secret: string | null; onClose: () => void }) => (
  <Dialog open={!!secret} onClose={onClose} maxWidth="sm" fullWidth>
    <DialogTitle>The connection secret</DialogTitle>
    <DialogContent>
      <Alert severity="warning" sx={{ mb: 2 }}>
        This is the only time the secret is shown. Give it to the portal administrator over a safe channel now.
      </Alert>
      <Box component="code" data-testid="new-secret" sx={{ display: 'block', p: 1.5, bgcolor: 'action.hover', borderRadius: 1, wordBreak: 'break-all', fontFamily: 'monospace' }}>
        {secret}
      </Box>
    </DialogContent>
    <DialogActions>
      <Button variant="contained" onClick={onClose}>
        I have stored it
      </Button>
    </DialogActions>
  </Dialog>
);

export const ConnectionCheckDialog = ({ result, onClose }: { result: ConnectionCheckResult | null; onClose: () => void }) => (
  <Dialog open={!!result} onClose={onClose} maxWidth="sm" fullWidth>
    <DialogTitle>{result?.ok ? 'The connection is configured correctly' : 'The connection check found problems'}</DialogTitle>
    <DialogContent>
      <MuiList dense data-testid="connection-check-items">
        {result?.items.map((i) => (
          <ListItem key={i.id}>
            <ListItemIcon sx={{ minWidth: 36 }}>{i.ok ? <CheckCircleIcon sx={{ color: 'success.main' }} /> : <CancelIcon sx={{ color: 'error.main' }} />}</ListItemIcon>
            <ListItemText primary={i.message} />
          </ListItem>
        ))}
      </MuiList>
      <Typography variant="caption" color="text.secondary">
        Checked {result ? new Date(result.checkedAt).toLocaleString() : ''}
      </Typography>
    </DialogContent>
    <DialogActions>
      <Button onClick={onClose}>Close</Button>
    </DialogActions>
  </Dialog>
);
