/** Largest accepted request body; more gets 413. */
export const BODY_LIMIT = '100kb';

/** Node's limit on a request's head (request line and headers): no URL or header is longer. */
export const MAX_HEAD_LENGTH = 16_384;
