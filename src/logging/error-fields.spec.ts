import { QueryFailedError } from 'typeorm';
import { errorFields } from './error-fields';

describe('errorFields', () => {
  it('keeps a failed query’s SQL and message, not its parameters', () => {
    const sql =
      'INSERT INTO bids (auction_id, bidder_id, amount_cents, max_amount_cents) VALUES ($1, $2, $3, $4)';
    const error = new QueryFailedError(sql, [7, 3, 120_000, 987_654], new Error('deadlock detected'));
    const fields = errorFields(error) as Record<string, unknown>;
    expect(fields).toMatchObject({ type: 'QueryFailedError', message: 'deadlock detected', query: sql });
    expect(fields).not.toHaveProperty('parameters');
    expect(JSON.stringify(fields)).not.toContain('987654');
  });

  it('leaves other errors as pino shows them, and what is not an error as it is', () => {
    expect(errorFields(new RangeError('out'))).toMatchObject({ type: 'RangeError', message: 'out' });
    expect(errorFields('text')).toBe('text');
  });
});
