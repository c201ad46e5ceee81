import autocannon from 'autocannon';
import { startServer } from './support.js';

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
    const rssMb = server.rssMb();
    return {
      target: 'GET /',
      seconds: SECONDS,
      connections: CONNECTIONS,
      requests: result.requests.total,
      requestsPerSecMean: Math.round(result.requests.average),
      latencyP50Ms: result.latency.p50,
      latencyP97_5Ms: result.latency.p97_5,
      latencyP99Ms: result.latency.p99,
      latencyMaxMs: result.latency.max,
      errors: result.errors,
      timeouts: result.timeouts,
      non2xx: result.non2xx,
      serverRssMb: rssMb,
    };
  } finally {
    await server.stop();
  }
}
