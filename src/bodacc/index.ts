/** What other components may use from the BODACC notices. */
export { importBodaccNotices, openProposalsOfDossier, closeProposal, listNotices, statusForProcedure } from './bodacc.service';
export type { BodaccImportSummary, ProposalView } from './bodacc.service';
export { bodaccFolderTask } from './bodacc-folder.task';
export { bodaccRoutes } from './bodacc.routes';
export { parseBodaccFile, noticeEffect } from './bodacc.rules';
export { BodaccNoticeRecord, BodaccProposal } from './bodacc.entity';
