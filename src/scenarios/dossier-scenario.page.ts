/** What a dossier's scenario panel shows (a page model): its scenario state, the scenarios to pick, the next step, whether it is closed. */
import { rows, type Db } from '../db/sql';
import { dossierScenarioState } from './dossier-scenario.service';

export async function dossierScenarioPanel(db: Db, id: number) {
  const state = await dossierScenarioState(db, id);
  const scenarios = await rows<{ id: number; name: string; active: unknown }>(db, 'SELECT id, name, active FROM scenario ORDER BY name');
  const next = await rows<{ label: string; due_date: string }>(
    db,
    "SELECT label, due_date FROM intervention WHERE dossier_id = ? AND state = 'todo' AND source = 'scenario' ORDER BY due_date, id LIMIT 1",
    [id],
  );
  // A closed dossier is read-only until reopened: the panel only shows its scenario.
  const [status] = await rows<{ kind: string }>(db, 'SELECT s.kind FROM dossier d JOIN dossier_status s ON s.id = d.status_id WHERE d.id = ?', [id]);
  return { state, scenarios, next: next[0] ?? null, closed: status?.kind === 'closed' };
}
