import { createHash, randomBytes } from 'node:crypto';

/** A short URL-safe token (96 bits) for gift links, stored only as its hash. */
export function newToken(bytes = 12): { token: string; hash: string } {
  const token = randomBytes(bytes).toString('base64url');
  return { token, hash: hashToken(token) };
}
export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');
