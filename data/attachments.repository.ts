/**
 * Attachments (acts, memos, photos for 8.2.2 and 8.2.3) in GridFS, bucket `attachments`. The file's
 * id is what requests refer to; the metadata says who uploaded it and what it is.
 *
 * Uploads are streamed: `openUpload` gives a GridFS write stream the gateway pipes the request's file
 * part into, so a gateway holds at most a chunk (255 kB) of each upload in memory. An upload refused
 * half-way (wrong type, over the size limit, the client gone) is `abort`ed, which deletes the chunks
 * already written and the file's listing.
 *
 * An upload nothing refers to yet is listed in the small `unreferenced_uploads` collection (by `_id`,
 * the file's id) until a request takes it (`claim`); `removeUnreferenced` deletes the files listed
 * there before a cut-off (the gateway's UNREFERENCED_UPLOAD_HOURS) that no request refers to, so
 * uploads cannot be used as free storage.
 */
import mongoose, { type Connection } from 'mongoose';
import type { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';

const { GridFSBucket, ObjectId } = mongoose.mongo;

export interface AttachmentInfo {
  id: string;
  filename: string;
  contentType: string;
  size: number;
  uploadedAt: string;
  uploadedBy: { id: string; role: string };
}

interface FileMetadata {
  contentType: string;
  uploadedBy: { id: string; role: string };
}

/** Longer than any upload can last (the gateway's HTTP server ends a request after 5 minutes). */
const UPLOAD_MAX_MS = 3600_000;

const parseId = (id: string): InstanceType<typeof ObjectId> | null => (ObjectId.isValid(id) && /^[0-9a-f]{24}$/i.test(id) ? new ObjectId(id) : null);

export function attachmentsRepository(conn: Connection) {
  const bucket = (): InstanceType<typeof GridFSBucket> => {
    if (!conn.db) throw new Error('MongoDB is not connected');
    return new GridFSBucket(conn.db, { bucketName: 'attachments' });
  };

  async function info(id: string): Promise<AttachmentInfo | null> {
    const _id = parseId(id);
    if (!_id) return null;
    const [f] = await bucket().find({ _id }).limit(1).toArray();
    if (!f) return null;
    const meta = (f.metadata ?? {}) as Partial<FileMetadata>;
    return {
      id: f._id.toHexString(),
      filename: f.filename,
      contentType: meta.contentType ?? 'application/octet-stream',
      size: f.length,
      uploadedAt: f.uploadDate.toISOString(),
      uploadedBy: meta.uploadedBy ?? { id: 'unknown', role: 'unknown' },
    };
  }

  /** Deletes a file and its chunks; a file already gone (a second gateway's sweep, an upload never completed) is no error. */
  async function removeFile(_id: InstanceType<typeof ObjectId>): Promise<void> {
    await bucket().delete(_id).catch((err: unknown) => {
      if (!(err instanceof Error && /not found/i.test(err.message))) throw err;
    });
  }

  const Unreferenced = () => {
    if (!conn.db) throw new Error('MongoDB is not connected');
    return conn.db.collection<{ _id: string; uploadedAt: Date; uploading?: boolean }>('unreferenced_uploads');
  };

  return {
    /**
     * Starts a streamed upload: `write` the file's bytes in order, then `finish()`, or `abort()` to
     * remove what was written. The file is listed as unreferenced before its first byte is written,
     * so a crash mid-upload leaves nothing unlisted.
     */
    async openUpload(file: { filename: string; contentType: string; uploadedBy: { id: string; role: string } }): Promise<PendingUpload> {
      const metadata: FileMetadata = { contentType: file.contentType, uploadedBy: file.uploadedBy };
      const stream = bucket().openUploadStream(file.filename, { metadata });
      const id = stream.id.toHexString();
      await Unreferenced().insertOne({ _id: id, uploadedAt: new Date(), uploading: true });
      // Writes go one at a time: a write's callback comes after the chunk it filled is inserted, so
      // once the last one settled no insert is in flight and an abort deletes every chunk.
      let last: Promise<void> = Promise.resolve();
      let aborting: Promise<void> | undefined;
      return {
        id,
        write(chunk) {
          last = new Promise<void>((resolve, reject) => stream.write(chunk, (err) => (err ? reject(err) : resolve())));
          return last;
        },
        async finish() {
          stream.end();
          await finished(stream);
          // The grace period counts from the last byte.
          await Unreferenced().updateOne({ _id: id }, { $set: { uploadedAt: new Date(), uploading: false } }, { upsert: true });
          const stored = await info(id);
          if (!stored) throw new Error('the uploaded file is not in GridFS');
          return stored;
        },
        abort() {
          aborting ??= (async () => {
            await last.catch(() => undefined);
            // Refuses further writes; the delete below removes the chunks (and the file, were it complete).
            await stream.abort().catch(() => undefined);
            await removeFile(stream.id);
            await Unreferenced().deleteOne({ _id: id });
          })();
          return aborting;
        },
      };
    },

    info,

    /** Removes a stored file and its listing (an upload refused after it was stored). */
    async remove(id: string): Promise<void> {
      const oid = parseId(id);
      if (oid) await removeFile(oid);
      await Unreferenced().deleteOne({ _id: id });
    },

    /** Requests now refer to these files: they are no longer candidates for removal (≤ 20 deletes by `_id`). */
    async claim(ids: readonly string[]): Promise<void> {
      for (const id of ids) await Unreferenced().deleteOne({ _id: id });
    },

    /**
     * Removes the files uploaded before `before` that nothing refers to (`isReferenced` decides, so a
     * request registered but not yet claimed keeps its files); returns the ids removed.
     */
    async removeUnreferenced(before: Date, isReferenced: (id: string) => Promise<boolean>): Promise<string[]> {
      const stale = await Unreferenced().find({ uploadedAt: { $lt: before } }).limit(500).toArray();
      const removed: string[] = [];
      // An upload still being written is left alone (removing its first chunks would corrupt it)
      // unless it started so long ago that its gateway must have died mid-upload.
      const abandoned = before.getTime() - UPLOAD_MAX_MS;
      for (const { _id, uploadedAt, uploading } of stale) {
        if (uploading && uploadedAt.getTime() >= abandoned) continue;
        if (!(await isReferenced(_id))) {
          const oid = parseId(_id);
          if (oid) await removeFile(oid);
          removed.push(_id);
        }
        await Unreferenced().deleteOne({ _id });
      }
      return removed;
    },

    /** The file's bytes; call only after `info` found it. */
    download(id: string): Readable {
      const _id = parseId(id);
      if (!_id) throw new RangeError(`not an attachment id: ${id}`);
      return bucket().openDownloadStream(_id);
    },

    /** The ids among `ids` that are not stored attachments. */
    async missing(ids: readonly string[]): Promise<string[]> {
      const valid = ids.map((id) => ({ id, oid: parseId(id) }));
      const oids = valid.flatMap((v) => (v.oid ? [v.oid] : []));
      const found = new Set((oids.length ? await bucket().find({ _id: { $in: oids } }).toArray() : []).map((f) => f._id.toHexString()));
      return valid.filter((v) => !v.oid || !found.has(v.oid.toHexString())).map((v) => v.id);
    },
  };
}

/** An upload in progress (see `openUpload`). */
export interface PendingUpload {
  id: string;
  /** Appends bytes; resolves once GridFS took them (a full 255 kB chunk: once it is inserted). */
  write(chunk: Buffer): Promise<void>;
  finish(): Promise<AttachmentInfo>;
  /** Stops the upload and deletes every chunk already written; every call waits for the same clean-up. */
  abort(): Promise<void>;
}

export type AttachmentsRepository = ReturnType<typeof attachmentsRepository>;
