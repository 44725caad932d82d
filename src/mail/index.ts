/** E-mail for other components: queue inside your transaction, deliver later with sendQueued. */
export { queueEmail, queueEmails, sendQueued, requeueMessage, createMailTransport, smtpConfigured, parseRecipients, MAX_ATTEMPTS } from './mail.service';
export type { EmailInput, MailSettings, SendSummary } from './mail.service';
export { OutboxMessage } from './outbox-message.entity';
export { undeliveredEmails } from './outbox.page';
export { sendOutboxTask } from './send-outbox.task';
export type { OutboxStatus } from './outbox-message.entity';
