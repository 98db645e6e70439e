import { BadRequestException, Injectable, PipeTransform } from '@nestjs/common';

/**
 * For routes whose body must be empty (`POST …/purchase`): any field sent is rejected with 400
 * rather than ignored, so nobody can believe they set the price or the buyer.
 */
@Injectable()
export class NoBodyFieldsPipe implements PipeTransform {
  transform(body: unknown): Record<string, never> {
    if (body === undefined || body === null) return {};
    if (typeof body !== 'object' || Array.isArray(body)) {
      throw new BadRequestException('This request takes no body (or an empty JSON object)');
    }
    const fields = Object.keys(body);
    if (fields.length > 0) {
      throw new BadRequestException(fields.slice(0, 20).map((field) => `property ${field} should not exist`));
    }
    return {};
  }
}
