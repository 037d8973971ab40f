/**
 * Why a decision was refused. Each interface maps the code to its own answer (HTTP status,
 * GraphQL `extensions.code`) with an exhaustive switch. `not_visible`: the decision was
 * recorded durably but the read model did not show it in time (distributed mode, projectors
 * behind or down); deciding again is pointless, it applies once projected.
 */
export type ApprovalErrorCode = 'not_found' | 'already_decided' | 'expired' | 'invalid' | 'not_visible';

export class ApprovalError extends Error {
  constructor(
    readonly code: ApprovalErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ApprovalError';
  }
}
