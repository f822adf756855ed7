import simpleRestProvider from 'ra-data-simple-rest';
import type { DataProvider } from 'react-admin';
import type { FailureReason } from '../../../shared/index.js';
import { httpClient } from './http';

/** One day of `GET /api/stats/login-failures`. */
export interface LoginFailureDay {
  date: string; // YYYY-MM-DD
  counts: Partial<Record<FailureReason, number>>;
}

export interface LoginFailureStats {
  days: LoginFailureDay[];
}

export interface AccessDeskDataProvider extends DataProvider {
  /** Failed portal → Severa hand-offs per day and reason. Rejects with an HttpError (404 while the endpoint does not exist). */
  getLoginFailureStats(days: number, signal?: AbortSignal): Promise<LoginFailureStats>;
}

const API = '/api';

export const dataProvider: AccessDeskDataProvider = {
  ...simpleRestProvider(API, httpClient),

  async getLoginFailureStats(days, signal) {
    const { json } = await httpClient(`${API}/stats/login-failures?days=${encodeURIComponent(days)}`, { signal });
    const list: unknown = json?.days;
    return { days: Array.isArray(list) ? (list as LoginFailureDay[]) : [] };
  },
};
