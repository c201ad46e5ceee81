import type { FastifyInstance } from 'fastify';
import { TestClient } from './client.js';
import { TEST_PASSWORD } from './factories/identity.js';

/** A client signed in as this account through the real sign-in form. */
export async function signIn(app: FastifyInstance, account: { email: string; password?: string }): Promise<TestClient> {
  const client = new TestClient(app);
  const res = await client.post('/sign-in', { email: account.email, password: account.password ?? TEST_PASSWORD });
  if (res.statusCode !== 303 || !client.signedIn) throw new Error(`sign-in failed with ${res.statusCode}`);
  return client;
}
