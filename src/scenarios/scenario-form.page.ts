/** What the scenario and step forms offer to choose from: statuses, controllers, letter templates. */
import { rows, type Db } from '../db/sql';
import { ACTION_TYPES, STEP_ANCHORS } from './scenario-definition';

export async function scenarioFormChoices(db: Db) {
  const statuses = await rows<{ code: string; label: string }>(db, 'SELECT code, label FROM dossier_status ORDER BY position, id');
  const controllers = await rows<{ code: string; name: string }>(db, 'SELECT code, name FROM credit_controller ORDER BY name');
  let templates: { code: string; name: string }[] = [];
  try {
    templates = await rows<{ code: string; name: string }>(db, 'SELECT code, name FROM document_template ORDER BY code');
  } catch {
    templates = [];
  }
  return { statuses, controllers, templates, actionTypes: ACTION_TYPES, anchors: STEP_ANCHORS };
}
