-- CreateIndex
CREATE INDEX "onboarding_applications_conversation_id_idx" ON "onboarding_applications"("conversation_id");

-- CreateIndex
CREATE INDEX "quotes_conversation_id_status_idx" ON "quotes"("conversation_id", "status");

-- CreateIndex
CREATE INDEX "quote_lines_quote_id_idx" ON "quote_lines"("quote_id");

-- CreateIndex
CREATE INDEX "orders_conversation_id_status_idx" ON "orders"("conversation_id", "status");

-- CreateIndex
CREATE INDEX "order_lines_order_id_idx" ON "order_lines"("order_id");

-- CreateIndex
CREATE INDEX "supplier_orders_order_id_status_idx" ON "supplier_orders"("order_id", "status");

-- CreateIndex
CREATE INDEX "fulfilment_tasks_order_id_idx" ON "fulfilment_tasks"("order_id");

-- CreateIndex
CREATE INDEX "handoff_tickets_conversation_id_status_idx" ON "handoff_tickets"("conversation_id", "status");

