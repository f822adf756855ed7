import { useCallback, useEffect, useRef, useState } from 'react';
import type { AddonChange, AddonHistoryEntry, AddonPreflight, OrganizationAddonView, PurchaseResult as ServerPurchaseResult } from '../../../shared/index.js';
import type { Wire } from '../../../shared/records.js';
import { requestJson } from '../providers/http';

const API = '/api';

/** An organization's add-on as `GET /api/organization-addons` returns it (declared once, in shared/addons.ts). */
export type OrganizationAddonRecord = Wire<OrganizationAddonView>;

export type PurchaseResult = Wire<ServerPurchaseResult>;

const json = (body: unknown) => ({ method: 'POST', body: JSON.stringify(body) });

export async function fetchPreflight(organizationId: string, addonId: string, change: `${AddonChange}`, range: [number, number], signal?: AbortSignal): Promise<AddonPreflight> {
  const { json: body } = await requestJson(`${API}/organization-addons/preflight`, { ...json({ organizationId, addonId, change, range }), signal });
  return body as AddonPreflight;
}

/** Buys and activates; the key makes a retry (e.g. after the step-up dialog) return the same order. */
export async function purchaseAddon(organizationId: string, addonId: string, idempotencyKey: string): Promise<PurchaseResult> {
  const { json: body } = await requestJson(`${API}/organization-addons`, { ...json({ organizationId, addonId }), headers: new Headers({ 'Idempotency-Key': idempotencyKey }) });
  return body as PurchaseResult;
}

export async function deactivateAddon(id: string, reason: string): Promise<OrganizationAddonRecord> {
  const { json: body } = await requestJson(`${API}/organization-addons/${encodeURIComponent(id)}`, { method: 'PUT', body: JSON.stringify({ status: 'inactive', reason }) });
  return body as OrganizationAddonRecord;
}

export async function fetchAddonHistory(organizationId: string, range: [number, number], signal?: AbortSignal): Promise<{ entries: AddonHistoryEntry[]; total: number }> {
  const q = `range=${encodeURIComponent(JSON.stringify(range))}&sort=${encodeURIComponent(JSON.stringify(['createdAt', 'DESC']))}`;
  const { json: body, headers } = await requestJson(`${API}/organizations/${encodeURIComponent(organizationId)}/addon-history?${q}`, { signal });
  const total = Number(headers.get('Content-Range')?.split('/').pop() ?? NaN);
  const entries = body as AddonHistoryEntry[];
  return { entries, total: Number.isFinite(total) ? total : entries.length };
}

/** A new random idempotency key (crypto.randomUUID needs a secure context; getRandomValues does not). */
export function newIdempotencyKey(): string {
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** Runs `load` when its inputs change (and on `reload()`), with the newest answer winning. */
export function useLoader<T>(load: ((signal: AbortSignal) => Promise<T>) | null, deps: unknown[]): { data: T | undefined; error: unknown; loading: boolean; reload: () => void } {
  const [state, setState] = useState<{ data: T | undefined; error: unknown; loading: boolean }>({ data: undefined, error: null, loading: !!load });
  const [tick, setTick] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  useEffect(() => {
    const fn = loadRef.current;
    if (!fn) return;
    const ctrl = new AbortController();
    setState((s) => ({ ...s, loading: true, error: null }));
    fn(ctrl.signal).then(
      (data) => !ctrl.signal.aborted && setState({ data, error: null, loading: false }),
      (error) => !ctrl.signal.aborted && setState({ data: undefined, error, loading: false }),
    );
    return () => ctrl.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [...deps, tick, !!load]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { ...state, reload };
}
