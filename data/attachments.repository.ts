/**
 * Attachments (acts, memos, photos for 8.2.2 and 8.2.3) in GridFS, bucket `attachments`. The file's
 * id is what requests refer to; the metadata says who uploaded it and what it is.
 *
 * An upload nothing refers to yet is listed in the small `unreferenced_uploads` collection (by `_id`,
 * the file's id) until a request takes it (`claim`); `removeUnreferenced` deletes the files listed
 * there longer than a day that no request refers to, so uploads cannot be used as free storage.
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

  const Unreferenced = () => {
    if (!conn.db) throw new Error('MongoDB is not connected');
    return conn.db.collection<{ _id: string; uploadedAt: Date }>('unreferenced_uploads');
  };

  return {
    async upload(file: { content: Buffer; filename: string; contentType: string; uploadedBy: { id: string; role: string } }): Promise<AttachmentInfo> {
      const metadata: FileMetadata = { contentType: file.contentType, uploadedBy: file.uploadedBy };
      const stream = bucket().openUploadStream(file.filename, { metadata });
      // Listed before the bytes are written, so a crash mid-upload leaves nothing unlisted.
      await Unreferenced().insertOne({ _id: stream.id.toHexString(), uploadedAt: new Date() });
      stream.end(file.content);
      await finished(stream);
      const stored = await info(stream.id.toHexString());
      if (!stored) throw new Error('the uploaded file is not in GridFS');
      return stored;
    },

    info,

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
      for (const { _id } of stale) {
        if (!(await isReferenced(_id))) {
          const oid = parseId(_id);
          if (oid) await bucket().delete(oid).catch((err: unknown) => {
            // Already gone (a second gateway's sweep): only the listing is left to remove.
            if (!(err instanceof Error && /not found/i.test(err.message))) throw err;
          });
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

export type AttachmentsRepository = ReturnType<typeof attachmentsRepository>;
