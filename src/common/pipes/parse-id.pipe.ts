import { BadRequestException, Injectable, PipeTransform } from '@nestjs/common';

/** The largest value of a 32-bit integer primary key. */
export const MAX_ID = 2_147_483_647;

/** A path id: a positive integer within the key range, else 400 (never a database error). */
@Injectable()
export class ParseIdPipe implements PipeTransform<string, number> {
  transform(value: string): number {
    const id = /^[0-9]{1,10}$/.test(value) ? Number(value) : NaN;
    if (!Number.isInteger(id) || id < 1 || id > MAX_ID) {
      throw new BadRequestException(`Invalid id "${value.slice(0, 32)}": expected a positive integer`);
    }
    return id;
  }
}
