import { applyDecorators } from '@nestjs/common';
import { ApiOkResponse, ApiQuery } from '@nestjs/swagger';

/** Longest list parameter the list parser accepts (pagination.ts). */
const LIST_PARAM_MAX = 10_000;

/** Documents the ra-data-simple-rest list parameters and the answer's Content-Range header. */
export function ApiList(resource: string) {
  return applyDecorators(
    ApiQuery({ name: 'range', required: false, description: 'JSON [first, last], e.g. [0,24] (at most 1,000 rows)', schema: { type: 'string', maxLength: LIST_PARAM_MAX, pattern: '^\\[\\s*\\d+\\s*,\\s*\\d+\\s*\\]$' } }),
    ApiQuery({ name: 'sort', required: false, description: 'JSON ["field","ASC"|"DESC"]', schema: { type: 'string', maxLength: LIST_PARAM_MAX, pattern: '^\\[.*\\]$' } }),
    ApiQuery({ name: 'filter', required: false, description: 'JSON object of filters; {"id":[...]} fetches those rows (getMany)', schema: { type: 'string', maxLength: LIST_PARAM_MAX, pattern: '^\\{.*\\}$' } }),
    ApiOkResponse({
      description: `A JSON array of ${resource}`,
      headers: {
        'Content-Range': { description: `${resource} first-last/total`, schema: { type: 'string', maxLength: 200, pattern: '^[a-z-]+ \\d+-\\d+/\\d+$' } },
        'X-Total-Capped': { description: 'true when the total was capped (the total is then a lower bound)', schema: { type: 'string', enum: ['true'] } },
      },
    }),
  );
}
