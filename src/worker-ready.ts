/**
 * Printed on stdout by the worker, whatever LOG_LEVEL says, once it takes jobs: every queue
 * processor is connected and running, and the schedules are registered. Supervisors and tests
 * wait for it.
 */
export const WORKER_READY_LINE = 'worker ready';
