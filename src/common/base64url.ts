/** The length of `bytes` random bytes written in base64url, unpadded. */
export const base64UrlLength = (bytes: number): number => Math.ceil((bytes * 4) / 3);
