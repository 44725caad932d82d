/** What other components may call from messages, notes and the recently-updated dossiers. */
export { sendMessage, messageAttachments, messageAttachmentFor, messageAttachmentPath, unreadCount, listMessages, openMessage, addNote, recentlyUpdatedDossiers, MESSAGE_MAX } from './message.service';
export type { MessageInput, MessageRow, RecentDossierRow } from './message.service';
export { UserMessage } from './message.entity';
export { MessageAttachment } from './message-attachment.entity';
