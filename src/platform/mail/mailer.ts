import nodemailer, { type Transporter } from 'nodemailer';
import { newId } from '../db/ids.js';
import type { Db, Executor } from '../db/types.js';
import { enqueueJob, type JobHandlers } from '../jobs/queue.js';
import { getObject } from '../storage/storage.js';
import type { MailAttachment, MailMessageRow, MailPurpose } from './schema.js';

export type OutgoingMail = {
  to: string;
  subject: string;
  text: string;
  html?: string;
  purpose: MailPurpose;
  organizationId?: string | null;
  /** Extra header lines (List-Unsubscribe…); the standard ones are set by the transport. */
  headers?: Record<string, string>;
  /** Files kept in storage by the sender (a receipt's PDF); attached when the message leaves. */
  attachments?: MailAttachment[];
};

export type Mailer = {
  /** Queues a message in the caller's transaction; the job queue sends it after commit. */
  enqueue(executor: Executor, mail: OutgoingMail): Promise<string>;
  /** Stops queued messages from leaving (the person unsubscribed meanwhile); sent ones are untouched. */
  withdraw(executor: Executor, ids: string[]): Promise<void>;
  jobs: JobHandlers;
  /** Messages kept for the development inbox (/dev/mail). */
  listStored(limit?: number): Promise<MailMessageRow[]>;
  close(): void;
};

/**
 * SMTP through nodemailer when FOYER_SMTP_URL is set. Without it, mail is kept in the
 * database and shown at /dev/mail in development only.
 */
export function createMailer(deps: { db: Db; smtpUrl: string | undefined; from: string }): Mailer {
  const transport: Transporter | null = deps.smtpUrl ? nodemailer.createTransport(deps.smtpUrl) : null;
  return {
    async enqueue(executor, mail) {
      const id = newId();
      await executor
        .insertInto('mailMessages')
        .values({
          id,
          organizationId: mail.organizationId ?? null,
          toAddress: mail.to,
          subject: mail.subject,
          textBody: mail.text,
          htmlBody: mail.html ?? null,
          purpose: mail.purpose,
          headers: mail.headers ? JSON.stringify(mail.headers) : null,
          attachments: mail.attachments?.length ? JSON.stringify(mail.attachments) : null,
          error: null,
          sentAt: null,
        })
        .execute();
      await enqueueJob(executor, 'mail.send', { id }, { dedupeKey: `mail:${id}` });
      return id;
    },
    async withdraw(executor, ids) {
      if (ids.length === 0) return;
      await executor
        .updateTable('mailMessages')
        .set({ status: 'failed', error: 'withdrawn', textBody: null, htmlBody: null, headers: null })
        .where('id', 'in', ids)
        .where('status', '=', 'queued')
        .execute();
    },
    jobs: {
      async 'mail.send'(payload: { id: string }) {
        const message = await deps.db.selectFrom('mailMessages').selectAll().where('id', '=', payload.id).executeTakeFirst();
        if (!message || message.status !== 'queued') return;
        if (!transport) {
          await deps.db.updateTable('mailMessages').set({ status: 'stored' }).where('id', '=', message.id).execute();
          return;
        }
        const attachments = [];
        for (const a of message.attachments ?? []) {
          const object = await getObject(deps.db, a.storageObjectId);
          if (!object) throw new Error('mail attachment missing from storage');
          attachments.push({ filename: a.filename, contentType: a.contentType, content: Buffer.from(object.data) });
        }
        await transport.sendMail({
          from: deps.from,
          to: message.toAddress,
          subject: message.subject,
          text: message.textBody ?? '',
          ...(message.htmlBody ? { html: message.htmlBody } : {}),
          ...(message.headers ? { headers: message.headers } : {}),
          ...(attachments.length ? { attachments } : {}),
        });
        // Once delivered, the body and headers (which may hold a one-time link) are not kept.
        await deps.db
          .updateTable('mailMessages')
          .set({ status: 'sent', sentAt: new Date(), textBody: null, htmlBody: null, headers: null })
          .where('id', '=', message.id)
          .execute();
      },
    },
    listStored: (limit = 50) =>
      deps.db.selectFrom('mailMessages').selectAll().where('status', 'in', ['stored', 'queued']).orderBy('createdAt', 'desc').limit(limit).execute(),
    close: () => transport?.close(),
  };
}
