import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  HttpStatus,
  Param,
  Patch,
  Post,
  Put,
  Query,
  Res,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiTags,
} from '@nestjs/swagger';
import { Response } from 'express';
import { ApiCatalogueRead, CatalogueReply } from '../catalogue-version/catalogue-reply';
import { AuthUser } from '../common/auth-user';
import { CurrentUser } from '../common/decorators/current-user.decorator';
import { PaginatedResponseOf } from '../common/pagination/paginated';
import { ParseIdPipe } from '../common/pipes/parse-id.pipe';
import { CarsService } from './cars.service';
import { CarDto } from './dto/car.dto';
import { CreateCarDto } from './dto/create-car.dto';
import { QueryCarsDto } from './dto/query-cars.dto';
import { ReplaceCarDto } from './dto/replace-car.dto';
import { UpdateCarDto } from './dto/update-car.dto';

@ApiTags('cars')
@ApiBearerAuth()
@Controller('cars')
export class CarsController {
  constructor(
    private readonly cars: CarsService,
    private readonly reply: CatalogueReply,
  ) {}

  /**
   * The catalogue, filtered and paginated; cars removed at the source only with `includeRemoved=true`.
   * Answers the catalogue version as its ETag, and `304` for `If-None-Match` naming it.
   */
  @Get()
  @ApiCatalogueRead(PaginatedResponseOf(CarDto))
  list(
    @Query() query: QueryCarsDto,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Res() response: Response,
  ): Promise<void> {
    return this.reply.send(response, ifNoneMatch, () => this.cars.list(query));
  }

  /** A car; its ETag and `304` as for the list. */
  @Get(':id')
  @ApiCatalogueRead(CarDto)
  @ApiNotFoundResponse()
  get(
    @Param('id', ParseIdPipe) id: number,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Res() response: Response,
  ): Promise<void> {
    return this.reply.send(response, ifNoneMatch, () => this.cars.get(id));
  }

  /** Adds a car model; any signed-in user may. */
  @Post()
  @ApiConflictResponse({ description: 'The same make, model and year exists (any letter case)' })
  create(@CurrentUser() user: AuthUser, @Body() dto: CreateCarDto): Promise<CarDto> {
    return this.cars.create(user, dto);
  }

  /** Changes some fields: the creator or an admin; synced cars admins only. */
  @Patch(':id')
  @ApiNotFoundResponse({ description: 'No such car' })
  @ApiForbiddenResponse({ description: 'Not the creator (or a synced car) and not an admin' })
  @ApiConflictResponse({ description: 'Would collide with another car' })
  update(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseIdPipe) id: number,
    @Body() dto: UpdateCarDto,
  ): Promise<CarDto> {
    return this.cars.update(user, id, dto);
  }

  /** Replaces the car: `make`, `model` and `year` required; a missing category is cleared. */
  @Put(':id')
  @ApiNotFoundResponse({ description: 'No such car' })
  @ApiForbiddenResponse({ description: 'Not the creator (or a synced car) and not an admin' })
  @ApiConflictResponse({ description: 'Would collide with another car' })
  replace(
    @CurrentUser() user: AuthUser,
    @Param('id', ParseIdPipe) id: number,
    @Body() dto: ReplaceCarDto,
  ): Promise<CarDto> {
    return this.cars.update(user, id, dto, true);
  }

  @Delete(':id')
  @ApiNotFoundResponse({ description: 'No such car' })
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse()
  @ApiForbiddenResponse({ description: 'Not the creator (or a synced car) and not an admin' })
  remove(@CurrentUser() user: AuthUser, @Param('id', ParseIdPipe) id: number): Promise<void> {
    return this.cars.remove(user, id);
  }
}
