import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ValidationError, type FieldErrors } from '../../../platform/http/errors.js';
import { formRoute, type FormInput } from '../../../platform/http/form-route.js';
import { readMultipartForm } from '../../../platform/http/multipart.js';
import { EmptyBody, OrgParams, ReceiptParams, RegisterQuery, ReplaceBody, SettingsBody, SIGNING_BUNDLE_MAX_BYTES, SigningCertificateFields, UploadQuery } from '../schemas.js';
import type { ReceiptingService } from '../service.js';
import { MyReceiptsPage, ReceiptPage, RegisterPage, replaceValues, SettingsPage, SigningPage } from '../views/pages.js';
import { myReceiptsUrl, receiptUrl, settingsUrl, signingUrl } from '../views/urls.js';

type OrgP = { org: string };

/** The one file part named `signature`, read whole; @fastify/multipart enforces the size limit while reading. */
async function readSignatureUpload(request: FastifyRequest): Promise<Buffer> {
  try {
    const part = await request.file();
    if (!part || part.fieldname !== 'signature') {
      part?.file.resume();
      throw new ValidationError('signature', 'required');
    }
    return await part.toBuffer();
  } catch (error) {
    if (error instanceof ValidationError) throw error;
    const code = (error as { code?: unknown } | null)?.code;
    throw new ValidationError('signature', code === 'FST_REQ_FILE_TOO_LARGE' ? 'file_too_large' : code === 'FST_INVALID_MULTIPART_CONTENT_TYPE' ? 'required' : 'image_invalid');
  }
}

/** The foundation's receipt settings and register, a receipt's page, downloads, and a donor's receipts. */
export function receiptingHtmlRoutes(deps: { receipting: ReceiptingService }) {
  const { receipting } = deps;

  /** The settings page; a failed signature upload keeps the saved settings in the form and shows the file's error. */
  async function renderSettings(request: FastifyRequest, org: string, input: FormInput | null, uploadErrors?: FieldErrors): Promise<string> {
    const page = await receipting.settingsForm(request.actor, org);
    return SettingsPage({ ctx: request.viewCtx(), org: page.org, missing: page.missing, hasSignature: page.hasSignature, hasSettings: page.hasSettings, canManageSigning: page.canManageSigning, input: input ?? { values: page.values, errors: uploadErrors } });
  }

  async function renderSigning(request: FastifyRequest, org: string, errors?: FieldErrors): Promise<string> {
    return SigningPage({ ctx: request.viewCtx(), ...(await receipting.signingPage(request.actor, org)), errors });
  }

  async function renderReceipt(request: FastifyRequest, p: ReceiptParams, input: FormInput | null): Promise<string> {
    const page = await receipting.receiptPage(request.actor, p.org, p.receipt);
    return ReceiptPage({ ctx: request.viewCtx(), ...page, input: input ?? { values: replaceValues(page.receipt) } });
  }

  return async (app: FastifyInstance) => {
    app.get('/o/:org/receipts/settings', { config: { access: 'signed-in' }, schema: { params: OrgParams } }, async (request, reply) =>
      reply.page(await renderSettings(request, (request.params as OrgP).org, null)),
    );
    formRoute(app, {
      url: '/o/:org/receipts/settings',
      access: 'signed-in',
      params: OrgParams,
      body: SettingsBody,
      render: (request, input, params) => renderSettings(request, params.org, input),
      async handle(request, reply, body, params) {
        await receipting.saveSettings(request.actor, params.org, body, { ip: request.ip ?? null });
        return reply.seeOther(settingsUrl(params.org), 'notices.saved');
      },
    });

    app.post('/o/:org/receipts/settings/signature', { config: { access: 'signed-in' }, schema: { params: OrgParams, querystring: UploadQuery } }, async (request, reply) => {
      const { org } = request.params as OrgP;
      try {
        await receipting.replaceSignatureImage(request.actor, org, await readSignatureUpload(request), { ip: request.ip ?? null });
      } catch (error) {
        if (error instanceof ValidationError) return reply.page(await renderSettings(request, org, null, error.fields), error.status);
        throw error;
      }
      return reply.seeOther(settingsUrl(org), 'notices.saved');
    });
    app.post('/o/:org/receipts/settings/signature/remove', { config: { access: 'signed-in' }, schema: { params: OrgParams, body: EmptyBody } }, async (request, reply) => {
      const { org } = request.params as OrgP;
      await receipting.removeSignatureImage(request.actor, org, { ip: request.ip ?? null });
      return reply.seeOther(settingsUrl(org), 'notices.saved');
    });

    app.get('/o/:org/receipts/signing', { config: { access: 'signed-in' }, schema: { params: OrgParams } }, async (request, reply) =>
      reply.page(await renderSigning(request, (request.params as OrgP).org)),
    );
    // Multipart, so the CSRF token travels in the action URL (?_csrf=).
    app.post('/o/:org/receipts/signing', { config: { access: 'signed-in' }, schema: { params: OrgParams, querystring: UploadQuery } }, async (request, reply) => {
      const { org } = request.params as OrgP;
      await receipting.checkCanManageSigning(request.actor, org);
      const form = await readMultipartForm(request, { fileField: 'certificate', fields: SigningCertificateFields, maxBytes: SIGNING_BUNDLE_MAX_BYTES });
      if (!form.ok) return reply.page(await renderSigning(request, org, form.errors), 400);
      try {
        await receipting.installSigningCertificate(request.actor, org, { data: form.file.data, passphrase: form.fields.passphrase }, { ip: request.ip ?? null });
      } catch (error) {
        if (error instanceof ValidationError) return reply.page(await renderSigning(request, org, error.fields), error.status);
        throw error;
      }
      return reply.seeOther(signingUrl(org), 'notices.signingCertificateInstalled');
    });

    app.get('/o/:org/receipts', { config: { access: 'signed-in' }, schema: { params: OrgParams, querystring: RegisterQuery } }, async (request, reply) => {
      const query = request.query as RegisterQuery;
      const page = await receipting.register(request.actor, (request.params as OrgP).org, query);
      return reply.page(RegisterPage({ ctx: request.viewCtx(), ...page, query }));
    });

    app.get('/o/:org/receipts/register.csv', { config: { access: 'signed-in' }, schema: { params: OrgParams, querystring: RegisterQuery } }, async (request, reply) => {
      const { filename, csv } = await receipting.registerCsv(request.actor, (request.params as OrgP).org, request.query as RegisterQuery);
      return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${filename}"`).header('cache-control', 'private, no-store').send(csv);
    });

    app.get('/o/:org/receipts/:receipt', { config: { access: 'signed-in' }, schema: { params: ReceiptParams } }, async (request, reply) =>
      reply.page(await renderReceipt(request, request.params as ReceiptParams, null)),
    );

    app.get('/o/:org/receipts/:receipt/pdf', { config: { access: 'signed-in' }, schema: { params: ReceiptParams } }, async (request, reply) => {
      const p = request.params as ReceiptParams;
      const { filename, data } = await receipting.receiptPdf(request.actor, p.org, p.receipt);
      return reply.type('application/pdf').header('content-disposition', `attachment; filename="${filename}"`).header('cache-control', 'private, no-store').send(data);
    });

    formRoute(app, {
      url: '/o/:org/receipts/:receipt/replace',
      access: 'signed-in',
      params: ReceiptParams,
      body: ReplaceBody,
      render: (request, input, params) => renderReceipt(request, params, input),
      async handle(request, reply, body, params) {
        const { replacement } = await receipting.replaceFromForm(request.actor, params.org, params.receipt, body);
        return reply.seeOther(receiptUrl(params.org, replacement.id), 'notices.receiptReplaced');
      },
    });

    app.post('/o/:org/receipts/:receipt/send', { config: { access: 'signed-in' }, schema: { params: ReceiptParams, body: EmptyBody } }, async (request, reply) => {
      const p = request.params as ReceiptParams;
      await receipting.resend(request.actor, p.org, p.receipt);
      return reply.seeOther(receiptUrl(p.org, p.receipt), 'notices.receiptResent');
    });

    app.get('/account/receipts', { config: { access: 'signed-in' } }, async (request, reply) =>
      reply.page(MyReceiptsPage({ ctx: request.viewCtx(), receipts: await receipting.myReceipts(request.actor) })),
    );
  };
}

export { myReceiptsUrl };
