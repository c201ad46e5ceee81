import type { TestClient } from './client.js';

export type Part = { name: string; value: Buffer | string; filename?: string; type?: string };

/** A multipart body as a browser sends it. */
export async function multipartBody(parts: Part[]): Promise<{ payload: Buffer; contentType: string }> {
  const form = new FormData();
  for (const p of parts) {
    if (p.filename !== undefined) form.append(p.name, new Blob([typeof p.value === 'string' ? p.value : new Uint8Array(p.value)], { type: p.type ?? 'application/octet-stream' }), p.filename);
    else form.append(p.name, String(p.value));
  }
  const encoded = new Response(form);
  return { payload: Buffer.from(await encoded.arrayBuffer()), contentType: encoded.headers.get('content-type')! };
}

/** Posts a multipart form as a browser sends it, with the CSRF token in the action URL as the pages do. */
export async function postMultipart(c: TestClient, url: string, parts: Part[], opts: { csrf?: boolean } = {}) {
  const { payload, contentType } = await multipartBody(parts);
  const sep = url.includes('?') ? '&' : '?';
  const target = opts.csrf === false ? url : `${url}${sep}_csrf=${encodeURIComponent(await c.csrfToken())}`;
  return c.request({ method: 'POST', url: target, payload, headers: { 'content-type': contentType } });
}
