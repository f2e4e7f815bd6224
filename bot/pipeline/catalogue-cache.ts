import { regionNameIn } from '../../domain/replies/region-names';
import type { PrismaClient } from '../../generated/prisma/client';
import type { CatalogueIndex, CatalogueProduct } from '../../domain/parsing/catalogue-index';
import { catalogueIndexFromRows } from '../../domain/parsing/load-catalogue';
import { parseFxRate, type FxRateRow } from '../../domain/pricing/fx';
import type { OverrideRow, Tier, TierPriceRow } from '../../domain/pricing/types';
import { toIsoDate } from '../../domain/dates';
import { tierRowsInForce } from '../../domain/pricing/quantity-breaks';

export interface ProductInfo extends CatalogueProduct {
  supplierCostMinor: number;
  supplierPackageCode: string;
  regionName: string;
  /** The region's name in Chinese, from its aliases (for replies in Chinese). */
  regionNameZh: string | null;
}

export interface CatalogueSnapshot {
  index: CatalogueIndex;
  products: Map<string, ProductInfo>;
  tierRows: TierPriceRow[];
  overrides: OverrideRow[];
  fxRows: FxRateRow[];
  supplierCostMinor: Map<string, number>;
  /** Retail prices, USD minor units: what commission resellers buy at. */
  retailPriceMinor: Map<string, number>;
  loadedAt: number;
  /** catalogue_version.version when the load began (a change committed during the load makes the next check load again). */
  version: bigint;
}

/** How stale a price may be: a change made anywhere (staff app, CLI, another process, SQL) is quoted within this. */
const CHECK_AFTER_MS = 1_000;
/** Read again even without a change: a tier table scheduled for a date takes over within a minute of midnight UTC. */
const RELOAD_AFTER_MS = 60_000;

/**
 * Prices and catalogue read from the database and kept while they stand. A trigger bumps
 * catalogue_version on every change to the tables read here (prisma/migrations/20261129100000_catalogue_version);
 * at most once a second a message's reading checks that one row, and reloads when it moved.
 */
export class CatalogueCache {
  private snapshot: CatalogueSnapshot | null = null;
  private loading: Promise<CatalogueSnapshot> | null = null;
  private checking: Promise<bigint> | null = null;
  private checkedAt = 0;

  constructor(private readonly prisma: PrismaClient) {}

  async get(): Promise<CatalogueSnapshot> {
    const snapshot = this.snapshot;
    if (snapshot && Date.now() - snapshot.loadedAt < RELOAD_AFTER_MS) {
      if (Date.now() - this.checkedAt < CHECK_AFTER_MS) return snapshot;
      this.checking ??= this.currentVersion().finally(() => {
        this.checkedAt = Date.now();
        this.checking = null;
      });
      if ((await this.checking) === snapshot.version) return snapshot;
    }
    this.loading ??= this.load().finally(() => {
      this.loading = null;
    });
    return this.loading;
  }

  private async currentVersion(): Promise<bigint> {
    const row = await this.prisma.catalogueVersion.findUnique({ where: { id: 1 }, select: { version: true } });
    return row?.version ?? 0n;
  }

  private async load(): Promise<CatalogueSnapshot> {
    // The version before the tables: a change committed meanwhile is either in them or seen by the next check.
    const version = await this.currentVersion();
    this.checkedAt = Date.now();
    // One connection (five parallel reads took five at once, which a database short of slots refused).
    const [products, regions, tiers, overrides, fx] = await this.prisma.$transaction([
      this.prisma.product.findMany(),
      this.prisma.region.findMany(),
      this.prisma.productPriceTier.findMany(),
      this.prisma.customerSpecificPrice.findMany(),
      this.prisma.fxRate.findMany(),
    ]);
    const regionName = new Map(regions.map((r) => [r.code, r.name]));
    const regionNameZh = new Map(regions.map((r) => [r.code, r.aliases.find((a) => /[\u4e00-\u9fff]/.test(a)) ?? null]));
    const snapshot: CatalogueSnapshot = {
      index: catalogueIndexFromRows({ products, regions }),
      products: new Map(
        products.map((p) => [
          p.sku,
          {
            sku: p.sku,
            type: p.type,
            regionCode: p.regionCode,
            dataGb: p.dataGb,
            validityDays: p.validityDays,
            supplierCostMinor: Number(p.supplierCostMinor),
            supplierPackageCode: p.supplierPackageCode,
            regionName: regionName.get(p.regionCode) ?? p.regionCode,
            regionNameZh: regionNameZh.get(p.regionCode) ?? null,
          },
        ]),
      ),
      // The tables in force today (reloaded every minute, so a table scheduled for a date takes over within a minute of midnight UTC).
      tierRows: tierRowsInForce(
        tiers.map((t) => ({ sku: t.sku, tier: t.tier as Tier, minQty: t.minQty, unitPriceMinor: Number(t.unitPriceMinor), effectiveFrom: t.effectiveFrom.toISOString().slice(0, 10) })),
        new Date().toISOString().slice(0, 10),
      ).map(({ effectiveFrom: _, ...row }) => row),
      overrides: overrides.map((o) => ({
        id: o.id,
        customerId: o.customerId,
        sku: o.sku,
        unitPriceMinor: Number(o.unitPriceMinor),
        reason: o.reason,
        validFrom: toIsoDate(o.validFrom),
        validTo: toIsoDate(o.validTo),
        approvedBy: o.approvedBy,
        approvedAt: o.approvedAt?.toISOString() ?? null,
      })),
      fxRows: fx.map((r) => ({ rateDate: toIsoDate(r.rateDate), currency: r.currency, unitsPerUsdScaled: parseFxRate(r.unitsPerUsd.toString()) })),
      supplierCostMinor: new Map(products.map((p) => [p.sku, Number(p.supplierCostMinor)])),
      retailPriceMinor: new Map(products.map((p) => [p.sku, Number(p.retailPriceMinor)])),
      loadedAt: Date.now(),
      version,
    };
    this.snapshot = snapshot;
    return snapshot;
  }
}

const PRODUCT_WORDS: Record<string, { days: string; unlimited: string; physical: string }> = {
  en: { days: 'days', unlimited: 'unlimited', physical: 'physical SIM' },
  es: { days: 'días', unlimited: 'ilimitado', physical: 'SIM física' },
  pt: { days: 'dias', unlimited: 'ilimitado', physical: 'SIM físico' },
};

/** "Japan 10GB 15 days", "Thailand unlimited 10 days physical SIM", "日本 10GB 15天", "Europe (33 countries) 10GB 30 días". */
export function describeProduct(product: ProductInfo | undefined, sku: string, language = 'en'): string {
  if (!product) return sku;
  if (language === 'zh') {
    const data = product.dataGb === null ? '无限流量' : `${product.dataGb}GB`;
    return `${product.regionNameZh ?? product.regionName} ${data} ${product.validityDays}天${product.type === 'sim' ? ' 实体卡' : ''}`;
  }
  const words = PRODUCT_WORDS[language] ?? PRODUCT_WORDS.en!;
  const data = product.dataGb === null ? words.unlimited : `${product.dataGb}GB`;
  return `${regionNameIn(language, product.regionCode, product.regionName)} ${data} ${product.validityDays} ${words.days}${product.type === 'sim' ? ` ${words.physical}` : ''}`;
}
