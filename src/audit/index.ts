/** What other components may use from the settings audit. */
export { recordSettingChange, currentActor, runAsActor, SYSTEM_ACTOR, AUDIT_AREAS } from './audit.service';
export type { AuditActor, AuditArea, SettingChangeInput } from './audit.service';
export { SettingChange } from './setting-change.entity';
