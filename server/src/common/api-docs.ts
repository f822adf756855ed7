import { applyDecorators } from '@nestjs/common';
import { ApiHeader, ApiQuery } from '@nestjs/swagger';

/** Documents the ra-data-simple-rest list parameters. */
export function ApiList(resource: string) {
  return applyDecorators(
    ApiQuery({ name: 'range', required: false, description: 'JSON [first, last], e.g. [0,24]' }),
    ApiQuery({ name: 'sort', required: false, description: 'JSON ["field","ASC"|"DESC"]' }),
    ApiQuery({ name: 'filter', required: false, description: 'JSON object of filters' }),
    ApiHeader({ name: 'Content-Range', required: false, description: `Response header: ${resource} first-last/total` }),
  );
}
