import { Module } from '@nestjs/common';
import { CatalogueReply } from './catalogue-reply';
import { CatalogueVersion } from './catalogue-version';

/** The catalogue's version in Redis: moved by its writers (API and worker), read by its routes. */
@Module({ providers: [CatalogueVersion, CatalogueReply], exports: [CatalogueVersion, CatalogueReply] })
export class CatalogueVersionModule {}
