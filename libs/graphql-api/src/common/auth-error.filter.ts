import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { AuthError } from '@mcp-ledger/auth';
import type { FastifyReply } from 'fastify';
import { ApiError } from './api-errors';

/**
 * A refused permission is an expected answer, not a crash. In a resolver it leaves as an
 * ApiError (FORBIDDEN / UNAUTHENTICATED); in a REST handler as the JSON refusal every HTTP
 * interface uses. Either way it is not logged as an unhandled error.
 */
@Catch(AuthError)
export class AuthErrorFilter implements ExceptionFilter {
  catch(error: AuthError, host: ArgumentsHost): ApiError | void {
    if (host.getType() === 'http') {
      void host.switchToHttp().getResponse<FastifyReply>().code(error.status).send(error.toBody());
      return;
    }
    return new ApiError(error.graphqlCode === 'FORBIDDEN' ? 'FORBIDDEN' : 'UNAUTHENTICATED', error.message);
  }
}
