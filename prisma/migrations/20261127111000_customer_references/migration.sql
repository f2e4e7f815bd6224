-- AlterTable
ALTER TABLE "quotes" ADD COLUMN     "customer_reference" TEXT;

-- AlterTable
ALTER TABLE "orders" ADD COLUMN     "customer_reference" TEXT;


ALTER TABLE "quotes" ADD CONSTRAINT "quotes_customer_reference_length" CHECK (char_length("customer_reference") BETWEEN 1 AND 40);
ALTER TABLE "orders" ADD CONSTRAINT "orders_customer_reference_length" CHECK (char_length("customer_reference") BETWEEN 1 AND 40);
