import { Box, Button, Chip, List, ListItem, ListItemText, Stack, Typography } from '@mui/material';
import { LinkBase } from 'react-admin';
import type { AddonPreflight, AddonPreflightAccount } from '../../../shared/index.js';
import { reasonColor, reasonLabel } from '../common/choices';

export type PreflightSection = 'willSignIn' | 'stillBlocked' | 'willLoseAccess';

const SECTION: Record<PreflightSection, { title: string; empty: string; color: string }> = {
  willSignIn: { title: 'Will be able to sign in', empty: 'Nobody: no portal account passes every other check.', color: 'success.main' },
  stillBlocked: { title: 'Still will not be able to sign in', empty: 'Nobody: every other check passes for every account.', color: 'warning.main' },
  willLoseAccess: { title: 'Will lose access', empty: 'Nobody signs in from this portal today.', color: 'error.main' },
};

/** The diagnosis page for one portal account (another screen; it explains every failing check). */
export const diagnosisPath = (portalId: string, organizationId: string, email: string) =>
  `/diagnosis?${new URLSearchParams({ portal: portalId, organizationId, email }).toString()}`;

const Reasons = ({ reasons }: { reasons: string[] }) => (
  <Stack direction="row" spacing={0.5} useFlexGap sx={{ flexWrap: 'wrap' }}>
    {reasons.map((r) => (
      <Chip key={r} size="small" label={reasonLabel(r)} title={r} sx={{ bgcolor: reasonColor(r), color: '#fff' }} />
    ))}
  </Stack>
);

const AccountRow = ({ account, preflight, showReasons }: { account: AddonPreflightAccount; preflight: AddonPreflight; showReasons: boolean }) => (
  <ListItem
    divider
    data-testid="preflight-account"
    secondaryAction={
      <LinkBase to={diagnosisPath(preflight.portalId, preflight.organizationId, account.email)} data-testid="preflight-diagnose-link" style={{ fontSize: 14 }}>
        Diagnose
      </LinkBase>
    }
  >
    <ListItemText
      primary={
        <Box component="span" sx={{ fontFamily: 'monospace' }}>
          {account.email}
        </Box>
      }
      secondary={
        <Box component="span" sx={{ display: 'flex', gap: 1, alignItems: 'center', flexWrap: 'wrap', mt: 0.5 }}>
          <span>{account.name}</span>
          {showReasons && account.failures.length > 0 && <Reasons reasons={account.failures} />}
        </Box>
      }
      slotProps={{ secondary: { component: 'div' } }}
    />
  </ListItem>
);

/** One list of a preflight: its total, the accounts on this page, and a way to see more. */
export const PreflightList = ({ preflight, section, title, onShowMore }: { preflight: AddonPreflight; section: PreflightSection; title?: string; onShowMore?: () => void }) => {
  const rows = preflight[section];
  const total = preflight.counts[section];
  const meta = SECTION[section];
  return (
    <Box data-testid={`preflight-${section}`} sx={{ mb: 2 }}>
      <Typography variant="subtitle1" sx={{ color: meta.color, fontWeight: 600 }}>
        {title ?? meta.title}: <span data-testid={`preflight-${section}-count`}>{total}</span>
      </Typography>
      {section === 'stillBlocked' && total > 0 && (
        <Typography variant="body2" color="text.secondary" sx={{ mb: 0.5 }}>
          Why:{' '}
          {Object.entries(preflight.stillBlockedReasons)
            .filter(([r]) => r !== 'ADDON_NOT_ACTIVE')
            .map(([r, n]) => `${reasonLabel(r)} (${n})`)
            .join(', ') || reasonLabel('ADDON_NOT_ACTIVE')}
        </Typography>
      )}
      {total === 0 ? (
        <Typography variant="body2" color="text.secondary">
          {meta.empty}
        </Typography>
      ) : (
        <List dense disablePadding>
          {rows.map((a) => (
            <AccountRow key={a.portalAccountId} account={a} preflight={preflight} showReasons={section !== 'willSignIn'} />
          ))}
        </List>
      )}
      {rows.length < total && onShowMore && (
        <Button size="small" onClick={onShowMore} sx={{ mt: 0.5 }}>
          Show {total - rows.length} more
        </Button>
      )}
    </Box>
  );
};
