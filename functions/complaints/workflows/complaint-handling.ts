import type { StateMachineSpec } from '../../../shared/capability/types.js';

// SKELETON: replaced by the workflow work before this lands.
export const complaintHandlingStateMachine: StateMachineSpec = {
  id: 'ComplaintHandling',
  invokes: ['ComplaintsWorkflowTasks'],
  definition: { StartAt: 'Done', States: { Done: { Type: 'Succeed' } } },
};
