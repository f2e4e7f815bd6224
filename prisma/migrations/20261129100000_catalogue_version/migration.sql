-- Each process keeps the catalogue and prices in memory. Without a signal it read them again once a
-- minute, so for up to a minute after staff saved a price (or took a product off sale) the bot still
-- quoted the old one, and a change made by the CLI or another process was never told. Every change to
-- the tables the price cache reads now bumps one row, in the same transaction; the cache checks that
-- row at most once a second (bot/pipeline/catalogue-cache.ts). One statement-level trigger per table:
-- a CSV import of a thousand rows is one bump per statement, not per row.
CREATE TABLE "catalogue_version" (
    "id" INTEGER NOT NULL,
    "version" BIGINT NOT NULL DEFAULT 0,
    "changed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "catalogue_version_pkey" PRIMARY KEY ("id")
);

INSERT INTO "catalogue_version" ("id", "version") VALUES (1, 1);

CREATE OR REPLACE FUNCTION esim_hub_catalogue_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO catalogue_version (id, version, changed_at) VALUES (1, 1, now())
    ON CONFLICT (id) DO UPDATE SET version = catalogue_version.version + 1, changed_at = now();
  RETURN NULL;
END $$;

CREATE TRIGGER products_catalogue_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "products"
  FOR EACH STATEMENT EXECUTE FUNCTION esim_hub_catalogue_changed();
CREATE TRIGGER regions_catalogue_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "regions"
  FOR EACH STATEMENT EXECUTE FUNCTION esim_hub_catalogue_changed();
CREATE TRIGGER product_price_tiers_catalogue_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "product_price_tiers"
  FOR EACH STATEMENT EXECUTE FUNCTION esim_hub_catalogue_changed();
CREATE TRIGGER customer_specific_prices_catalogue_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "customer_specific_prices"
  FOR EACH STATEMENT EXECUTE FUNCTION esim_hub_catalogue_changed();
CREATE TRIGGER fx_rates_catalogue_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "fx_rates"
  FOR EACH STATEMENT EXECUTE FUNCTION esim_hub_catalogue_changed();
