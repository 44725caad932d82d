/** The intervention forms of the dossier page's Interventions tab. */
import { z } from 'zod';
import { field } from '../web/form';
import { INTERVENTION_TYPES } from './intervention.entity';

export const interventionSchema = z.object({
  type: field.oneOf(INTERVENTION_TYPES),
  label: field.requiredText(200),
  dueDate: field.requiredDate(),
  priority: field.integer(0, 999),
  assigneeId: field.optionalId(),
});

export const doneSchema = z.object({ result: field.optionalText(200), comment: field.optionalText(4000) });
export const skipSchema = z.object({ reason: field.requiredText(300) });
