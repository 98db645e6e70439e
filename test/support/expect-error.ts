import { STATUS_CODES } from 'node:http';
import { Response } from 'supertest';

/** The API's error shape (`statusCode`, `error`, `message`, `requestId`) with the given status. */
export function expectError(response: Response, status: number): void {
  expect(response.status).toBe(status);
  expect(response.body).toEqual(
    expect.objectContaining({
      statusCode: status,
      error: STATUS_CODES[status],
      message: expect.anything(),
      requestId: expect.any(String),
    }),
  );
  expect(response.headers['x-request-id']).toBe(response.body.requestId);
}
