import { Module } from '@nestjs/common';
import { CatalogueVersionModule } from '../catalogue-version/catalogue-version.module';
import { CarsController } from './cars.controller';
import { CarsRepository } from './cars.repository';
import { CarsService } from './cars.service';

@Module({
  imports: [CatalogueVersionModule],
  controllers: [CarsController],
  providers: [CarsService, CarsRepository],
  exports: [CarsService, CarsRepository],
})
export class CarsModule {}
