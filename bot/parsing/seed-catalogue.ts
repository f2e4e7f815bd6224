import { readSeedData } from '../db/seed-data';
import type { CatalogueIndex } from '../../domain/parsing/catalogue-index';
import { catalogueIndexFromRows } from '../../domain/parsing/load-catalogue';

/** The catalogue from prisma/seed, for parsing without a database (`esim-hub parse`, tests). */
export function seedCatalogueIndex(): CatalogueIndex {
  const data = readSeedData();
  return catalogueIndexFromRows({
    products: data.catalogue.map((p) => ({ sku: p.sku, type: p.type, regionCode: p.region_code, dataGb: p.data_gb, validityDays: p.validity_days })),
    regions: data.regions.map((r) => ({ code: r.region_code, name: r.name, aliases: r.aliases })),
  });
}
