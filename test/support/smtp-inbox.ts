import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** `headers` holds each header's raw, unfolded value under its lower-case name. */
export type ReceivedMail = { to: string[]; subject: string; text: string; headers: Record<string, string>; attachments: { filename: string; contentType: string; content: Buffer }[] };

/** A real SMTP server in this process, receiving what the app sends through nodemailer. */
export async function startSmtpInbox() {
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          const to = (Array.isArray(mail.to) ? mail.to : mail.to ? [mail.to] : []).flatMap((a) => a.value.map((v) => v.address ?? ''));
          const headers = Object.fromEntries(mail.headerLines.map((h) => [h.key, h.line.slice(h.line.indexOf(':') + 1).replace(/\r?\n[ \t]+/g, ' ').trim()]));
          const attachments = mail.attachments.map((a) => ({ filename: a.filename ?? '', contentType: a.contentType, content: a.content }));
          received.push({ to, subject: mail.subject ?? '', text: mail.text ?? '', headers, attachments });
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    /** The newest message to this address, waiting for it if needed. */
    async waitFor(to: string, match: (m: ReceivedMail) => boolean = () => true, timeoutMs = 10_000): Promise<ReceivedMail> {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const found = [...received].reverse().find((m) => m.to.includes(to) && match(m));
        if (found) return found;
        if (Date.now() > until) throw new Error(`No mail to ${to} within ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
export type SmtpInbox = Awaited<ReturnType<typeof startSmtpInbox>>;

/** The first link in a message that starts with the given path. */
export function linkIn(mail: ReceivedMail, pathPrefix: string): string {
  const m = mail.text.match(new RegExp(`https?://[^\\s]+${pathPrefix.replace(/[/?]/g, (c) => `\\${c}`)}[^\\s]*`));
  if (!m) throw new Error(`No ${pathPrefix} link in mail "${mail.subject}"`);
  return m[0];
}
