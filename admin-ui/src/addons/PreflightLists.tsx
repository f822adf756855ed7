import { Box, Button, Chip, List, ListItem, ListItemText, Stack, Typography } from '@mui/material';
import { LinkBase, useTranslate } from 'react-admin';
import type { AddonPreflight, AddonPreflightAccount } from '../../../shared/index.js';
import { reasonColor, reasonKey } from '../common/choices';

export type PreflightSection = 'willSignIn' | 'stillBlocked' | 'willLoseAccess';

/** Titles and empty texts: `app.addons.section.<section>` and `…<section>Empty`. */
const SECTION_COLOR: Record<PreflightSection, string> = { willSignIn: 'success.main', stillBlocked: 'warning.main', willLoseAccess: 'error.main' };

/** The diagnosis page for one portal account (another screen; it explains every failing check). */
export const diagnosisPath = (portalId: string, organizationId: string, email: string) =>
  `/diagnosis?${new URLSearchParams({ portal: portalId, organizationId, email }).toString()}`;

const Reasons = ({ reasons }: { reasons: string[] }) => {
  const translate = useTranslate();
  return (
    <Stack direction="row" spacing={0.5} useFlexGap sx={{ flexWrap: 'wrap' }}>
      {reasons.map((r) => (
        <Chip key={r} size="small" label={translate(reasonKey(r))} sx={{ bgcolor: reasonColor(r), color: '#fff' }} />
      ))}
    </Stack>
  );
};

const AccountRow = ({ account, preflight, showReasons }: { account: AddonPreflightAccount; preflight: AddonPreflight; showReasons: boolean }) => {
  const translate = useTranslate();
  return (
  <ListItem
    divider
    data-testid="preflight-account"
    secondaryAction={
      <LinkBase to={diagnosisPath(preflight.portalId, preflight.organizationId, account.email)} data-testid="preflight-diagnose-link" style={{ fontSize: 14 }}>
        {translate('app.addons.diagnose')}
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
};

/** One list of a preflight: its total, the accounts on this page, and a way to see more. */
export const PreflightList = ({ preflight, section, title, onShowMore }: { preflight: AddonPreflight; section: PreflightSection; title?: string; onShowMore?: () => void }) => {
  const rows = preflight[section];
  const total = preflight.counts[section];
  const translate = useTranslate();
  const reason = (r: string) => translate(reasonKey(r));
  return (
    <Box data-testid={`preflight-${section}`} sx={{ mb: 2 }}>
      <Typography variant="subtitle1" sx={{ color: SECTION_COLOR[section], fontWeight: 600 }}>
        {title ?? translate(`app.addons.section.${section}`)}: <span data-testid={`preflight-${section}-count`}>{total}</span>
      </Typography>
      {section === 'stillBlocked' && total > 0 && (
        <Typography variant="body2" color="text.secondary" sx={{ mb: 0.5 }}>
          {translate('app.addons.why', {
            reasons:
              Object.entries(preflight.stillBlockedReasons)
                .filter(([r]) => r !== 'ADDON_NOT_ACTIVE')
                .map(([r, n]) => `${reason(r)} (${n})`)
                .join(', ') || reason('ADDON_NOT_ACTIVE'),
          })}
        </Typography>
      )}
      {total === 0 ? (
        <Typography variant="body2" color="text.secondary">
          {translate(`app.addons.section.${section}Empty`)}
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
          {translate('app.addons.showMore', { smart_count: total - rows.length })}
        </Button>
      )}
    </Box>
  );
};
