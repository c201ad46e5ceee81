import net from 'node:net';

/**
 * Tests never reach outside this machine: any outbound connection to a non-loopback address
 * fails loudly instead of silently depending on the network. Installed once per worker process
 * (a worker runs many files), never wrapped twice.
 */
const installed = Symbol.for('foyer.test.noNetwork');
const registry = globalThis as { [installed]?: true };
if (!registry[installed]) {
  registry[installed] = true;
  const originalConnect = net.Socket.prototype.connect;
  net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
    const first = args[0] as { host?: string; path?: string } | number | string;
    const host = typeof first === 'object' && first !== null ? first.host : typeof args[1] === 'string' ? args[1] : undefined;
    const isPath = typeof first === 'object' && first !== null && typeof first.path === 'string';
    if (!isPath && host && !/^(127\.|localhost$|::1$|\[::1\]$)/.test(host)) {
      throw new Error(`Tests may not open network connections to ${host}`);
    }
    return (originalConnect as (...a: unknown[]) => net.Socket).apply(this, args);
  } as typeof net.Socket.prototype.connect;
}
