import { buildCatalogueIndex, type CatalogueIndex, type CatalogueProduct, type CatalogueRegion } from './catalogue-index';

/** Rows as they come from the database or the seed CSVs. */
export interface CatalogueRows {
  products: { sku: string; type: string; regionCode: string; dataGb: number | null; validityDays: number; active?: boolean }[];
  regions: { code: string; name: string; aliases: string[] }[];
}

export function catalogueIndexFromRows(rows: CatalogueRows): CatalogueIndex {
  const products: CatalogueProduct[] = rows.products
    .filter((p) => p.active !== false)
    .map((p) => ({ sku: p.sku, type: p.type === 'sim' ? 'sim' : 'esim', regionCode: p.regionCode, dataGb: p.dataGb, validityDays: p.validityDays }));
  const regions: CatalogueRegion[] = rows.regions.map((r) => ({ code: r.code, name: r.name, aliases: r.aliases }));
  return buildCatalogueIndex(products, regions);
}
