/**
 * Where uploaded files land before a use case moves them in place: a temporary folder under
 * UPLOAD_DIR, each under a random name (never the sender's), so that a name cannot reach a path.
 * Shared by the dossier attachments, the messages and the debtor page's dispute form.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import multer from 'multer';

export function uploadStorage(uploadDir: string): multer.StorageEngine {
  const tempDir = path.resolve(uploadDir, 'tmp');
  return multer.diskStorage({
    destination: (_req, _file, cb) => {
      fs.promises.mkdir(tempDir, { recursive: true }).then(() => cb(null, tempDir), (err: Error) => cb(err, tempDir));
    },
    filename: (_req, _file, cb) => cb(null, `${crypto.randomBytes(16).toString('hex')}.upload`),
  });
}
