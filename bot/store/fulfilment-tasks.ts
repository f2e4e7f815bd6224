import { sql as raw } from 'kysely';
import type { Sql } from '../db/sql';
import { q, run } from './query-builder';

// Fulfilment tasks: SIM cards staff ship by hand. Typed from the schema.

/** A task for the order's SIM cards, once per order. */
export async function openFulfilmentTask(sql: Sql, orderId: number): Promise<void> {
  await run(
    sql,
    q.insertInto('fulfilment_tasks')
      .columns(['order_id', 'iccids'])
      .expression(
        q.selectNoFrom([raw<number>`${orderId}`.as('order_id'), raw<string[]>`'{}'`.as('iccids')])
          .where((eb) => eb.not(eb.exists(eb.selectFrom('fulfilment_tasks').select('id').where('order_id', '=', orderId)))),
      ),
  );
}
