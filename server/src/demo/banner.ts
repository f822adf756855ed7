import type { AppConfig } from '../config/app-config.js';
import { totpUri } from '../identities/totp.js';
import { DEMO_ORGANIZATIONS, DEMO_STAFF } from './demo.seeder.js';

/** What `npm start` prints: where the console is and how to sign in to the demo. */
export function startupBanner(config: AppConfig, port: number, demo: { northwindId?: string | null } = {}): string {
  const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
  const url = config.publicUrlExplicit ? config.publicUrl : `http://${host}:${port}`;
  const lines = [
    '',
    `Access Desk is running at ${url}`,
    `  API ${url}/api   ·   API docs ${url}/api/docs   ·   database: ${config.database.kind === 'sqlite' ? config.database.path : 'PostgreSQL'}`,
  ];
  if (config.demoData) {
    lines.push(
      '',
      'Demo sign-in (demo data only; start with DEMO_DATA=false for a clean installation):',
      ...DEMO_STAFF.map((s) => `  ${s.email.padEnd(34)} ${s.role}${'org' in s ? ` of ${DEMO_ORGANIZATIONS[s.org]} only` : ''}`),
      `  password:           ${config.demoPassword}`,
      `  authenticator key:  ${config.demoTotpSecret}   (add it to any TOTP app, or: oathtool --totp -b ${config.demoTotpSecret})`,
      `  otpauth URI:        ${totpUri(config.demoTotpSecret, 'agent@demo.accessdesk.test')}`,
      '',
      `Demo portal hand-off (connection secret "${config.demoPortalSecret}"):`,
      `  BODY='{"organizationId":"${demo.northwindId ?? `<Northwind id from ${url}/api/organizations>`}","email":"anna.virtanen@northwind.test","issuedAt":'$(date +%s)',"nonce":"'$(openssl rand -hex 8)'"}'`,
      `  curl -i -X POST ${url}/api/portals/myvisma/handoff -H 'Content-Type: application/json' \\`,
      `       -H "X-Portal-Signature: $(printf %s "$BODY" | openssl dgst -sha256 -hmac '${config.demoPortalSecret}' -hex | sed 's/^.* //')" -d "$BODY"`,
    );
  }
  return lines.join('\n');
}
