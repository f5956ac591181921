/**
 * Attachments (8.2.2 acts, memos and photos; 8.2.3 justification): multipart upload into GridFS and
 * download. The type is read from the file's first bytes, not from what the client claims, so only
 * real photos and PDFs are stored.
 */
import multer from 'multer';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { z } from 'zod';
import type { User } from '../../../contracts/users.ts';
import type { AttachmentInfo } from '../../../data/attachments.repository.ts';
import type { ApiDeps } from '../deps.ts';
import { HttpError } from '../http-errors.ts';
import { route, type AnyRoute } from './define.ts';

/** What may be attached: photos and PDF scans of acts and memos. */
export const ALLOWED_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'application/pdf'] as const;

/** The file's real type from its signature, or undefined when it is none of ALLOWED_TYPES. */
export function sniffType(b: Buffer): (typeof ALLOWED_TYPES)[number] | undefined {
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b.length >= 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (b.length >= 12 && b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP') return 'image/webp';
  if (b.length >= 5 && b.toString('latin1', 0, 5) === '%PDF-') return 'application/pdf';
  return undefined;
}

const EXTENSION: Record<(typeof ALLOWED_TYPES)[number], string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp', 'application/pdf': 'pdf' };

const attachmentOut = z
  .object({ id: z.string(), filename: z.string(), contentType: z.string(), size: z.number().int(), uploadedAt: z.string(), uploadedBy: z.object({ id: z.string(), role: z.string() }) })
  .meta({ id: 'Attachment' });

/** Multipart parsing with the limits; multer's errors become the API's 400/413. */
function multipart(limit: number): RequestHandler[] {
  const parser = multer({ storage: multer.memoryStorage(), defParamCharset: 'utf8', limits: { fileSize: limit, files: 1, fields: 5, parts: 6 } }).single('file');
  const parse: RequestHandler = (req, res, next) => {
    if (!req.is('multipart/form-data')) {
      next(new HttpError(415, 'unsupported_media_type', 'send the file as multipart/form-data in the field "file"'));
      return;
    }
    parser(req, res, next);
  };
  const translate: ErrorRequestHandler = (err: unknown, _req, _res, next) => {
    if (err instanceof multer.MulterError) {
      if (err.code === 'LIMIT_FILE_SIZE') next(new HttpError(413, 'too_large', `the file is larger than ${limit} bytes`, { maxBytes: limit }));
      else next(new HttpError(400, 'invalid_upload', `${err.message}${err.field ? ` (field ${err.field})` : ''}; send one file in the field "file"`));
      return;
    }
    next(err);
  };
  return [parse, translate as unknown as RequestHandler];
}

/**
 * Who may read a file: Contact Center staff any; an executor what it uploaded and what is attached
 * to its executor's requests (the card lists every file attached to it); an applicant what they
 * uploaded (the executor's acts and memos are internal to the Contact Center).
 */
async function mayDownload(deps: ApiDeps, user: User, info: AttachmentInfo): Promise<boolean> {
  if (info.uploadedBy.id === user.id) return true;
  if (user.role === 'executor') return user.executorId !== undefined && deps.requests.isAttachedTo(info.id, { executorId: user.executorId });
  return user.role !== 'applicant';
}

const contentDisposition = (filename: string): string => {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
};

export const attachmentRoutes: AnyRoute[] = [
  route({
    id: 'attachments.upload',
    method: 'post',
    path: '/attachments',
    tag: 'attachments',
    summary: 'Upload an attachment',
    description:
      'One file in the multipart field `file`: a JPEG, PNG or WebP photo or a PDF, up to MAX_UPLOAD_MB. Refer to it by id in attachmentIds; a file nothing refers to is removed after UNREFERENCED_UPLOAD_HOURS (a day). An applicant uploads at most UPLOADS_PER_APPLICANT_PER_DAY files a day (429).',
    rawBody: {
      content: {
        'multipart/form-data': { schema: z.object({ file: z.string().meta({ format: 'binary', description: 'The file' }) }) },
      },
    },
    middleware: (deps) => multipart(deps.limits.uploadBytes),
    responses: {
      201: { description: 'Stored', schema: attachmentOut },
      413: { description: 'Too large' },
      415: { description: 'Not a photo or PDF' },
      429: { description: "rate_limited: the applicant's uploads of the day; see Retry-After" },
    },
    handler: async ({ req, user, deps }) => {
      if (user.role === 'applicant') await deps.rateLimits.consume('uploads.account', user.id);
      const file = req.file;
      if (!file) throw new HttpError(400, 'invalid_input', 'body.file: send one file in the multipart field "file"', { fields: [{ field: 'body.file', message: 'required' }] });
      const type = sniffType(file.buffer);
      if (!type) throw new HttpError(415, 'unsupported_type', `only ${ALLOWED_TYPES.join(', ')} may be attached`, { allowed: ALLOWED_TYPES });
      const base = (file.originalname || 'attachment').replace(/[\\/\0]/g, '_').slice(0, 200);
      const filename = base.includes('.') ? base : `${base}.${EXTENSION[type]}`;
      const stored = await deps.attachments.upload({ content: file.buffer, filename, contentType: type, uploadedBy: { id: user.id, role: user.role } });
      return { status: 201, body: stored };
    },
  }),
  route({
    id: 'attachments.download',
    method: 'get',
    path: '/attachments/{id}',
    tag: 'attachments',
    summary: 'Download an attachment',
    description:
      "Contact Center staff download any attachment; an executor the files it uploaded and those attached to its executor's requests; an applicant only the files they uploaded.",
    params: z.object({ id: z.string().regex(/^[0-9a-f]{24}$/i, 'expected an attachment id (24 hex digits)') }),
    responses: {
      200: { description: 'The file', content: { 'application/octet-stream': { schema: z.string().meta({ format: 'binary' }) } } },
      403: { description: 'Not yours' },
      404: { description: 'No such attachment' },
    },
    handler: async ({ params, user, deps, res }) => {
      const info = await deps.attachments.info(params.id);
      if (!info) throw new HttpError(404, 'not_found', `no attachment ${params.id}`);
      if (!(await mayDownload(deps, user, info))) {
        throw new HttpError(403, 'not_yours', user.role === 'applicant' ? 'applicants download only the files they uploaded' : "executors download the files they uploaded and those of their executor's requests");
      }
      res.set({
        'Content-Type': info.contentType,
        'Content-Length': String(info.size),
        'Content-Disposition': contentDisposition(info.filename),
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'private, max-age=3600',
      });
      const stream = deps.attachments.download(params.id);
      await new Promise<void>((resolve, reject) => {
        stream.on('error', reject);
        res.on('finish', resolve);
        res.on('close', resolve);
        stream.pipe(res);
      });
      return undefined;
    },
  }),
];
