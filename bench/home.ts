import autocannon from 'autocannon';
import { latencyFigures, startServer } from './support.js';

const WARMUP_SECONDS = 3;
const SECONDS = 10;
const CONNECTIONS = 10;

/** GET / as an anonymous visitor: layout, i18n and the home page, with the session and CSRF hooks. */
export async function run() {
  const server = await startServer();
  try {
    console.log(`warming up ${server.url}/ for ${WARMUP_SECONDS} s`);
    await autocannon({ url: `${server.url}/`, connections: CONNECTIONS, duration: WARMUP_SECONDS });
    console.log(`measuring GET / for ${SECONDS} s with ${CONNECTIONS} connections`);
    const result = await autocannon({ url: `${server.url}/`, connections: CONNECTIONS, duration: SECONDS });
    return { target: 'GET /', seconds: SECONDS, connections: CONNECTIONS, ...latencyFigures(result), serverRssMb: server.rssMb() };
  } finally {
    await server.stop();
  }
}
