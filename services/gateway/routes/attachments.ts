/**
 * Attachments (8.2.2 acts, memos and photos; 8.2.3 justification): multipart upload into GridFS and
 * download. The type is read from the file's first bytes, not from what the client claims, so only
 * real photos and PDFs are stored.
 *
 * An upload costs the gateway little before it is known to be wanted: the Content-Type, the declared
 * Content-Length and the uploader's daily quota are checked before a byte of the body is read (and
 * such a refusal closes the connection instead of reading the body); the quota is counted when the
 * upload starts, so uploads in flight count and parallel ones cannot all pass; and the file streams
 * into GridFS a chunk at a time, its type sniffed from the first bytes, a refused or oversize stream
 * aborted and its chunks deleted.
 */
import multer from 'multer';
import type { ErrorRequestHandler, Request, RequestHandler, Response } from 'express';
import type { Readable } from 'node:stream';
import { z } from 'zod';
import type { User } from '../../../contracts/users.ts';
import type { AttachmentInfo, PendingUpload } from '../../../data/attachments.repository.ts';
import type { ApiDeps } from '../deps.ts';
import { fieldDetails, HttpError } from '../http-errors.ts';
import { route, type AnyRoute } from './define.ts';

/** What may be attached: photos and PDF scans of acts and memos. */
export const ALLOWED_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'application/pdf'] as const;
type AllowedType = (typeof ALLOWED_TYPES)[number];

/** The file's real type from its signature, or undefined when it is none of ALLOWED_TYPES. */
export function sniffType(b: Buffer): AllowedType | undefined {
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b.length >= 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (b.length >= 12 && b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP') return 'image/webp';
  if (b.length >= 5 && b.toString('latin1', 0, 5) === '%PDF-') return 'application/pdf';
  return undefined;
}

/** Bytes `sniffType` needs to tell every allowed type. */
const SNIFF_BYTES = 12;

const EXTENSION: Record<AllowedType, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp', 'application/pdf': 'pdf' };

/** What a multipart body may carry beside the file's bytes: boundaries, part headers, a few short fields. */
const MULTIPART_OVERHEAD = 64 * 1024;
const FIELD_BYTES = 1024;

const attachmentOut = z
  .object({ id: z.string(), filename: z.string(), contentType: z.string(), size: z.number().int(), uploadedAt: z.string(), uploadedBy: z.object({ id: z.string(), role: z.string() }) })
  .meta({ id: 'Attachment' });

const unsupportedType = (): HttpError => new HttpError(415, 'unsupported_type', `only ${ALLOWED_TYPES.join(', ')} may be attached`, { allowed: ALLOWED_TYPES });
const tooLarge = (limit: number): HttpError => new HttpError(413, 'too_large', `the file is larger than ${limit} bytes`, { maxBytes: limit });

/** The boundary parameter of a multipart Content-Type (RFC 2046: 1 to 70 characters), if there is one. */
const hasBoundary = (contentType: string): boolean => /;\s*boundary\s*=\s*(?:"[^"]{1,70}"|[^\s;"]{1,70})/i.test(contentType);

/**
 * Refusals decided from the headers alone, before the body is read: not multipart (415), no boundary
 * (400), a declared length over the limit (413), the uploader's quota of the day used up (429;
 * applicants `uploads.account`, staff `uploads.staff`). The quota is taken here, when the upload
 * starts, so uploads still sending count against it.
 */
function admit(deps: ApiDeps): RequestHandler {
  const limit = deps.limits.uploadBytes;
  return async (req, res, next) => {
    try {
      if (!req.is('multipart/form-data')) throw new HttpError(415, 'unsupported_media_type', 'send the file as multipart/form-data in the field "file"');
      if (!hasBoundary(req.get('content-type') ?? '')) {
        throw new HttpError(400, 'invalid_upload', 'headers.content-type: multipart/form-data needs its boundary parameter (multipart/form-data; boundary=…)', fieldDetails('headers.content-type', 'multipart/form-data without a boundary parameter'));
      }
      const declared = req.get('content-length');
      if (declared !== undefined && Number(declared) > limit + MULTIPART_OVERHEAD) throw tooLarge(limit);
      const user = res.locals.user as User;
      await deps.rateLimits.consume(user.role === 'applicant' ? 'uploads.account' : 'uploads.staff', user.id);
    } catch (err) {
      // Answer without reading the body: the connection closes after the answer instead of draining it.
      res.set('Connection', 'close');
      throw err;
    }
    next();
  };
}

/** busboy's complaints about a malformed body (plain Errors, told apart by their messages). */
const MALFORMED = /^(Malformed |Unexpected end of |Multipart: |Unsupported content type|Missing Content-Type|Request (aborted|closed))/;

/** The stored file of this request (the storage engine's result). */
const storedOf = new WeakMap<Request, AttachmentInfo>();

/**
 * A multer storage engine that streams the file part into GridFS: it reads the first bytes, sniffs
 * the type (415 before anything is stored), then writes chunk by chunk; past the size limit it
 * aborts the upload, which deletes the chunks already written.
 */
function gridFsStorage(deps: ApiDeps): multer.StorageEngine {
  async function store(req: Request, file: Express.Multer.File): Promise<AttachmentInfo> {
    const user = (req.res as Response).locals.user as User;
    const source = file.stream as Readable & { truncated?: boolean };
    let oversize = false;
    let refused: HttpError | undefined;
    let upload: PendingUpload | undefined;
    // Past the limit busboy stops the stream's data; stop the upload at once, not at the part's end.
    source.on('limit', () => {
      oversize = true;
      void upload?.abort().catch(() => undefined);
    });
    const open = async (head: Buffer): Promise<void> => {
      const type = sniffType(head);
      if (!type) {
        refused = unsupportedType();
        return;
      }
      const base = (file.originalname || 'attachment').replace(/[\\/\0]/g, '_').slice(0, 200);
      const filename = base.includes('.') ? base : `${base}.${EXTENSION[type]}`;
      upload = await deps.attachments.openUpload({ filename, contentType: type, uploadedBy: { id: user.id, role: user.role } });
      await upload.write(head);
    };
    try {
      let head = Buffer.alloc(0);
      // The stream is read to its end whatever happens, so the parser goes on to the rest of the body.
      for await (const chunk of source as AsyncIterable<Buffer>) {
        if (oversize || refused) continue;
        if (upload) await upload.write(chunk);
        else {
          head = Buffer.concat([head, chunk]);
          if (head.length >= SNIFF_BYTES) await open(head);
        }
      }
      if (!oversize && !refused && !upload) await open(head);
      if (oversize || source.truncated) throw tooLarge(deps.limits.uploadBytes);
      if (refused) throw refused;
      if (!upload) throw new Error('the upload was not opened');
      return await upload.finish();
    } catch (err) {
      await upload?.abort();
      throw err;
    }
  }
  return {
    _handleFile(req, file, cb) {
      store(req, file).then(
        (stored) => {
          storedOf.set(req, stored);
          cb(null, { path: stored.id, size: stored.size });
        },
        (err: unknown) => cb(err),
      );
    },
    _removeFile(req, file, cb) {
      storedOf.delete(req);
      deps.attachments.remove(file.path).then(
        () => cb(null),
        (err: unknown) => cb(err instanceof Error ? err : new Error(String(err))),
      );
    },
  };
}

/** The multipart parser with its limits; multer's and busboy's errors become the API's 400/413. */
function multipart(deps: ApiDeps): RequestHandler[] {
  const limit = deps.limits.uploadBytes;
  const parser = multer({
    storage: gridFsStorage(deps),
    defParamCharset: 'utf8',
    limits: { fileSize: limit, files: 1, fields: 5, parts: 6, fieldSize: FIELD_BYTES, headerPairs: 20 },
  }).single('file');
  const translate: ErrorRequestHandler = (err: unknown, _req, _res, next) => {
    if (err instanceof multer.MulterError) {
      if (err.code === 'LIMIT_FILE_SIZE') next(tooLarge(limit));
      else next(new HttpError(400, 'invalid_upload', `${err.message}${err.field ? ` (field ${err.field})` : ''}; send one file in the field "file"`));
      return;
    }
    if (err instanceof Error && !(err instanceof HttpError) && MALFORMED.test(err.message)) {
      next(new HttpError(400, 'invalid_upload', `body: ${err.message}; send one file in the multipart field "file"`, fieldDetails('body', err.message)));
      return;
    }
    next(err);
  };
  return [admit(deps), parser, translate as unknown as RequestHandler];
}

/**
 * Who may read a file: Contact Center staff any; an executor what it uploaded and what is attached
 * to its executor's requests (the card lists every file attached to it); an applicant what they
 * uploaded (the executor's acts and memos are internal to the Contact Center).
 */
async function mayDownload(deps: ApiDeps, user: User, info: AttachmentInfo): Promise<boolean> {
  if (info.uploadedBy.id === user.id) return true;
  if (user.role === 'executor') return user.executorId !== undefined && deps.requests.isAttachedTo(info.id, { executorId: user.executorId });
  // Analysts read figures, not people: photos of homes and acts naming residents are not theirs to read (domain/privacy.ts).
  return user.role !== 'applicant' && user.role !== 'analyst';
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
      'One file in the multipart field `file`: a JPEG, PNG or WebP photo or a PDF, up to MAX_UPLOAD_MB. Refer to it by id in attachmentIds; a file nothing refers to is removed after UNREFERENCED_UPLOAD_HOURS (an hour). An applicant starts at most UPLOADS_PER_APPLICANT_PER_DAY uploads a day, a staff user UPLOADS_PER_STAFF_PER_DAY (429); every upload started counts, refused or not. A Content-Length over the limit (413), a Content-Type without its boundary (400) and a used-up quota (429) are answered before the body is read, and the connection is then closed.',
    rawBody: {
      content: {
        'multipart/form-data': { schema: z.object({ file: z.string().meta({ format: 'binary', description: 'The file' }) }) },
      },
    },
    middleware: (deps) => multipart(deps),
    responses: {
      201: { description: 'Stored', schema: attachmentOut },
      400: { description: 'invalid_upload: a malformed multipart body or a Content-Type without its boundary (details name the field); invalid_input: no file in the field "file"' },
      413: { description: 'too_large: the file, or the declared Content-Length, is over MAX_UPLOAD_MB' },
      415: { description: 'unsupported_media_type: not multipart/form-data; unsupported_type: not a photo or PDF' },
      429: { description: "rate_limited: the uploader's uploads of the day (details.limit uploads.account or uploads.staff); see Retry-After" },
    },
    handler: async ({ req }) => {
      const stored = storedOf.get(req);
      if (!stored) throw new HttpError(400, 'invalid_input', 'body.file: send one file in the multipart field "file"', { fields: [{ field: 'body.file', message: 'required' }] });
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
      "Contact Center staff download any attachment; an executor the files it uploaded and those attached to its executor's requests; an applicant and an analyst only the files they uploaded (the others carry personal data).",
    params: z.object({ id: z.string().regex(/^[0-9a-f]{24}$/i, 'expected an attachment id (24 hex digits)') }),
    responses: {
      // The file is served as the type read from its first bytes at upload: one of ALLOWED_TYPES.
      200: { description: 'The file, as the type its first bytes showed at upload', content: Object.fromEntries(ALLOWED_TYPES.map((t) => [t, { schema: z.string().meta({ format: 'binary' }) }])) },
      403: { description: 'Not yours' },
      404: { description: 'No such attachment' },
    },
    handler: async ({ params, user, deps, res }) => {
      const info = await deps.attachments.info(params.id);
      if (!info) throw new HttpError(404, 'not_found', `no attachment ${params.id}`);
      if (!(await mayDownload(deps, user, info))) {
        const why = { applicant: 'applicants download only the files they uploaded', analyst: 'analysts download only the files they uploaded: the others carry personal data' }[user.role as string];
        throw new HttpError(403, 'not_yours', why ?? "executors download the files they uploaded and those of their executor's requests");
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
