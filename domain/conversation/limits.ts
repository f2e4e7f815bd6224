export interface QuantityLimits {
  quantityPerLineMax: number;
  quantityPerOrderMax: number;
  trialOrderQuantityMax: number;
  linesPerOrderMax: number;
  /** Unclear lines asked about in one clarifying question; more go to a person. */
  clarifyLinesMax: number;
}

export type QuantityProblem =
  | { code: 'quantity_must_be_positive'; sku: string | null; quantity: number }
  | { code: 'quantity_above_line_max'; sku: string | null; quantity: number; max: number }
  | { code: 'quantity_above_order_max'; quantity: number; max: number }
  | { code: 'trial_order_too_large'; quantity: number; max: number }
  | { code: 'too_many_lines'; lines: number; max: number };

/** Checked in this order: line count, each line's quantity, the order total, the trial limit. */
export function checkQuantities(
  lines: readonly { sku: string | null; quantity: number }[],
  limits: QuantityLimits,
  trialPending: boolean,
): QuantityProblem | null {
  if (lines.length > limits.linesPerOrderMax) return { code: 'too_many_lines', lines: lines.length, max: limits.linesPerOrderMax };
  for (const line of lines) {
    if (!Number.isInteger(line.quantity) || line.quantity <= 0) return { code: 'quantity_must_be_positive', sku: line.sku, quantity: line.quantity };
    if (line.quantity > limits.quantityPerLineMax) {
      return { code: 'quantity_above_line_max', sku: line.sku, quantity: line.quantity, max: limits.quantityPerLineMax };
    }
  }
  const total = lines.reduce((sum, l) => sum + l.quantity, 0);
  if (total > limits.quantityPerOrderMax) return { code: 'quantity_above_order_max', quantity: total, max: limits.quantityPerOrderMax };
  if (trialPending && total > limits.trialOrderQuantityMax) return { code: 'trial_order_too_large', quantity: total, max: limits.trialOrderQuantityMax };
  return null;
}
