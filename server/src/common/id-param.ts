import { PipeTransform, Injectable } from '@nestjs/common';
import { DomainError } from './errors.js';

/** Ids are UUIDs or short slugs; anything else cannot exist, so it is a 404 without touching the database. */
@Injectable()
export class IdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (typeof value !== 'string' || !/^[A-Za-z0-9-]{1,64}$/.test(value)) throw DomainError.notFound();
    return value;
  }
}
