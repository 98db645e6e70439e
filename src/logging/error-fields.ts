import pino from 'pino';

/**
 * An error as its log line shows it: pino's standard fields, without the parameters of a failed
 * query, which hold what users sent (a bidder's maximum, a password's hash). The SQL stays.
 */
export function errorFields(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  const { parameters: _parameters, ...fields } = pino.stdSerializers.err(error) as Record<string, unknown>;
  return fields;
}
