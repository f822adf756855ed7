import { useEffect, useState } from 'react';
import { Alert, Box, Button, Chip, CircularProgress, Stack, ToggleButton, ToggleButtonGroup, Typography } from '@mui/material';
import { useNotify, usePermissions, useRecordContext, useRefresh } from 'react-admin';
import { StaffRole, type EffectivePolicy } from '../../../shared/index.js';
import { errorMessage, httpClient } from '../providers/http';
import { can } from '../permissions';
import type { Permissions } from '../providers/authProvider';

/** Seed 003: what each policy means, in one place for the console. */
export const POLICY_TEXT: Record<string, { label: string; explanation: string }> = {
  required: { label: 'Required', explanation: 'A second factor is asked at every sign-in.' },
  adaptive: {
    label: 'Adaptive',
    explanation: 'A second factor is asked when the device is not remembered, when the last second factor is older than 30 days, or after failed sign-in attempts.',
  },
};

/** The organization's two-step verification policy; supervisors and the organization's own admins change it (step-up, audited). */
export const OrganizationPolicyField = ({ label: _label }: { label?: string }) => {
  const record = useRecordContext<{ id: string; twoFactorPolicy: string }>();
  const { permissions } = usePermissions<Permissions>();
  const notify = useNotify();
  const refresh = useRefresh();
  const [choice, setChoice] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setChoice(record?.twoFactorPolicy ?? null), [record?.twoFactorPolicy]);
  if (!record) return null;
  const mayChange = can(permissions?.roles, 'two-factor-policy.change') && (permissions?.roles?.includes(StaffRole.SUPERVISOR) || permissions?.organizationIds?.includes(record.id));
  const current = POLICY_TEXT[record.twoFactorPolicy] ?? { label: record.twoFactorPolicy, explanation: '' };
  const save = async () => {
    setSaving(true);
    setError(null);
    try {
      await httpClient(`/api/organizations/${encodeURIComponent(record.id)}/two-factor-policy`, { method: 'PUT', body: JSON.stringify({ policy: choice }) });
      notify(`Two-step verification is now ${POLICY_TEXT[choice!]?.label ?? choice} for this organization`, { type: 'success' });
      refresh();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };
  return (
    <Box data-testid="org-two-factor-policy" sx={{ maxWidth: 720 }}>
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center', mb: 0.5, flexWrap: 'wrap' }}>
        <Chip size="small" color={record.twoFactorPolicy === 'required' ? 'primary' : 'default'} label={current.label} data-testid="org-policy-chip" />
        <Typography variant="body2" color="text.secondary">
          {current.explanation}
        </Typography>
      </Stack>
      {mayChange && (
        <Stack direction="row" spacing={1} sx={{ alignItems: 'center', mt: 1, flexWrap: 'wrap', rowGap: 1 }}>
          <ToggleButtonGroup size="small" exclusive value={choice} onChange={(_, v) => v && setChoice(v)} aria-label="Two-step verification policy">
            <ToggleButton value="required" data-testid="policy-required">
              Required
            </ToggleButton>
            <ToggleButton value="adaptive" data-testid="policy-adaptive">
              Adaptive
            </ToggleButton>
          </ToggleButtonGroup>
          <Button variant="contained" size="small" disabled={saving || !choice || choice === record.twoFactorPolicy} onClick={save} data-testid="policy-save">
            {saving ? <CircularProgress size={16} /> : 'Save policy'}
          </Button>
          <Typography variant="caption" color="text.secondary">
            Applies to everyone in the organization; people in several organizations get the strictest policy.
          </Typography>
        </Stack>
      )}
      {error && (
        <Alert severity="error" sx={{ mt: 1 }}>
          {error}
        </Alert>
      )}
    </Box>
  );
};

/** The identity's effective policy: the strictest of its organizations' (read-only, for agents on the identity page). */
export const EffectivePolicyField = ({ label: _label }: { label?: string }) => {
  const record = useRecordContext<{ id: string }>();
  const [data, setData] = useState<(EffectivePolicy & { identityId: string }) | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!record) return;
    const ctrl = new AbortController();
    httpClient(`/api/identities/${encodeURIComponent(record.id)}/two-factor-policy`, { signal: ctrl.signal })
      .then((r) => setData(r.json))
      .catch((e) => !ctrl.signal.aborted && setError(errorMessage(e)));
    return () => ctrl.abort();
  }, [record?.id]);
  if (!record) return null;
  if (error) return <Alert severity="error">{error}</Alert>;
  if (!data) return <CircularProgress size={18} />;
  const text = POLICY_TEXT[data.policy];
  return (
    <Box data-testid="effective-policy">
      <Stack direction="row" spacing={1} sx={{ alignItems: 'center', flexWrap: 'wrap' }}>
        <Chip size="small" color={data.policy === 'required' ? 'primary' : 'default'} label={text?.label ?? data.policy} />
        <Typography variant="body2" color="text.secondary">
          {text?.explanation}
        </Typography>
      </Stack>
      <Typography variant="caption" color="text.secondary" component="div" sx={{ mt: 0.5 }}>
        {data.organizations.length
          ? `From: ${data.organizations.map((o) => `${o.name} (${POLICY_TEXT[o.twoFactorPolicy]?.label ?? o.twoFactorPolicy})`).join(', ')} — the strictest applies.`
          : 'No organization: Required (the default).'}
      </Typography>
    </Box>
  );
};
