/** What other components may call from the attachments (pièces jointes) and the dossier zip. */
export { addAttachments, listAttachments, attachmentPath, writeDossierZip, storedBytes, maxBytesPerDossier } from './attachment.service';
export type { UploadedFile, ZipContent } from './attachment.service';
export { safeDisplayName, uploadProblem, uniqueNames, extensionOf, parseAllowedTypes, contentDisposition } from './attachment.rules';
export { Attachment } from './attachment.entity';
export { uploadStorage } from './upload-storage';
