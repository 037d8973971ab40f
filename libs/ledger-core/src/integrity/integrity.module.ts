import { Module } from '@nestjs/common';
import { IntegrityController } from './integrity.controller';

/** `GET /v1/integrity/verify` over the stored tables. Needs DatabaseModule. */
@Module({ controllers: [IntegrityController] })
export class IntegrityModule {}
