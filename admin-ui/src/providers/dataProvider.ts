import simpleRestProvider from 'ra-data-simple-rest';
import type { DataProvider, GetListParams, GetListResult, RaRecord } from 'react-admin';
import type { FailureReason } from '../../../shared/index.js';
import { httpClient, requestJson } from './http';

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

const simpleRest = simpleRestProvider(API, httpClient);

export const dataProvider: AccessDeskDataProvider = {
  ...simpleRest,

  /**
   * ra-data-simple-rest's getList, plus capped totals: over tables with millions of rows the server counts at
   * most N matches and says so with `X-Total-Capped`. Then the list pages with next/previous instead of
   * claiming an exact total, and `meta.totalAtLeast` lets a page say "more than N".
   */
  async getList<RecordType extends RaRecord>(resource: string, params: GetListParams): Promise<GetListResult<RecordType>> {
    const { page, perPage } = params.pagination ?? { page: 1, perPage: 25 };
    const { field, order } = params.sort ?? { field: 'id', order: 'ASC' };
    const query = new URLSearchParams({
      sort: JSON.stringify([field, order]),
      range: JSON.stringify([(page - 1) * perPage, page * perPage - 1]),
      filter: JSON.stringify(params.filter ?? {}),
    });
    const { headers, json } = await requestJson(`${API}/${resource}?${query}`, { signal: params.signal });
    const range = headers.get('content-range');
    if (!range) throw new Error(`The Content-Range header is missing from the ${resource} list`);
    const total = parseInt(range.split('/').pop() ?? '', 10);
    // The list answer: an array of the resource's records (the server's list protocol).
    const data = json as RecordType[];
    if (headers.get('x-total-capped') === 'true') {
      return { data, pageInfo: { hasPreviousPage: page > 1, hasNextPage: data.length === perPage }, meta: { totalAtLeast: total - 1 } };
    }
    return { data, total };
  },

  async getLoginFailureStats(days, signal) {
    const { json } = await requestJson(`${API}/stats/login-failures?days=${encodeURIComponent(days)}`, { signal });
    const list = (json as { days?: unknown } | null)?.days;
    return { days: Array.isArray(list) ? (list as LoginFailureDay[]) : [] };
  },
};
