/**
 * Why a decision was refused. Each interface maps the code to its own answer (HTTP status,
 * GraphQL `extensions.code`) with an exhaustive switch.
 */
export type ApprovalErrorCode = 'not_found' | 'already_decided' | 'expired' | 'invalid';

export class ApprovalError extends Error {
  constructor(
    readonly code: ApprovalErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ApprovalError';
  }
}
