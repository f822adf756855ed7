import type { ConnectionCheckResult, CreatedConnection, Diagnosis, PersonMatch, PortalConnectionView, Preflight } from '../../../shared/index.js';
import { httpClient, requestJson } from '../providers/http';
import type { SeveraUser } from '../types';

const API = '/api';

/** `GET /api/sign-in/diagnosis`: all five checks for one portal account, with evidence, remedies and fixes. */
export async function fetchDiagnosis(portal: string, organizationId: string, email: string, signal?: AbortSignal): Promise<Diagnosis> {
  const q = new URLSearchParams({ portal, organizationId, email });
  const { json } = await requestJson(`${API}/sign-in/diagnosis?${q.toString()}`, { signal });
  return json as Diagnosis;
}

/** `GET /api/sign-in/preflight`: every portal account of the organization through the same rules. */
export async function fetchSignInPreflight(portal: string, organizationId: string, signal?: AbortSignal): Promise<Preflight> {
  const q = new URLSearchParams({ portal, organizationId });
  const { json } = await requestJson(`${API}/sign-in/preflight?${q.toString()}`, { signal });
  return json as Preflight;
}

/** Activates or deactivates a Severa user (step-up: the dialog opens on its own, then the request is retried). */
export async function setSeveraUserActive(id: string, active: boolean, reason: string): Promise<SeveraUser> {
  const { json } = await requestJson(`${API}/severa-users/${encodeURIComponent(id)}`, { method: 'PUT', body: JSON.stringify({ active, reason }) });
  return json as SeveraUser;
}

export async function checkConnection(id: string): Promise<ConnectionCheckResult> {
  const { json } = await requestJson(`${API}/portal-connections/${encodeURIComponent(id)}/check`, { method: 'POST', body: '{}' });
  return json as ConnectionCheckResult;
}

/** The new secret is in the answer only: show it once. The previous one keeps verifying for `overlapHours`. */
export async function rotateConnectionSecret(id: string, overlapHours?: number): Promise<{ secret: string }> {
  const { json } = await requestJson(`${API}/portal-connections/${encodeURIComponent(id)}/rotate-secret`, { method: 'POST', body: JSON.stringify(overlapHours === undefined ? {} : { overlapHours }) });
  return json as { secret: string };
}

/** Creates a connection: its secret is in the answer only. */
export async function createConnection(organizationId: string, portal: string): Promise<CreatedConnection> {
  const { json } = await requestJson(`${API}/portal-connections`, { method: 'POST', body: JSON.stringify({ organizationId, portal }) });
  return json as CreatedConnection;
}

export async function setAllowedSources(id: string, allowedSources: string[]): Promise<PortalConnectionView> {
  const { json } = await requestJson(`${API}/portal-connections/${encodeURIComponent(id)}/allowed-sources`, { method: 'PUT', body: JSON.stringify({ allowedSources }) });
  return json as PortalConnectionView;
}

export async function deleteConnection(id: string): Promise<void> {
  await httpClient(`${API}/portal-connections/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

/** `GET /api/sign-in/people`: people of an organization by name or e-mail, every spelling on both sides. */
export async function findPeople(organizationId: string, q: string, signal?: AbortSignal): Promise<PersonMatch[]> {
  const p = new URLSearchParams({ organizationId, q });
  const { json } = await requestJson(`${API}/sign-in/people?${p.toString()}`, { signal });
  return json as PersonMatch[];
}

export async function setConnectionEnabled(id: string, enabled: boolean, reason: string): Promise<unknown> {
  const { json } = await requestJson(`${API}/portal-connections/${encodeURIComponent(id)}`, { method: 'PUT', body: JSON.stringify({ enabled, reason }) });
  return json;
}
