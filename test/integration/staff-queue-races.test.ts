import { claimTicket, QueueError, releaseTicket } from '../../bot/staff/queue';
import { addStaffUser } from '../../bot/staff/staff-users';
import { createTestDatabase, targets, type TestDatabase } from '../support/test-database';

// Issue 13: two staff members clicking "claim" on the same ticket at the same moment. The status
// was checked before the transaction and updated without a condition, so both were told they held
// it and both could reply as the holder.

describe.each(targets)('the handoff queue under concurrency on %s', (target) => {
  let db: TestDatabase;
  let ana: number;
  let ben: number;
  beforeAll(async () => {
    db = await createTestDatabase(target, { seed: true });
    ana = await addStaffUser(db, { email: 'ana@esimhub.test', password: 'a long enough password', name: 'Ana' });
    ben = await addStaffUser(db, { email: 'ben@esimhub.test', password: 'a long enough password', name: 'Ben' });
  });
  afterAll(async () => {
    await db?.close();
  });

  async function openTicket(n: number): Promise<number> {
    const conversation = await db.prisma.conversation.create({ data: { channel: 'web', conversationKey: `web:+3461234${String(n).padStart(4, '0')}`, customerId: 'B2B-003', state: 'idle' } });
    const ticket = await db.prisma.handoffTicket.create({ data: { conversationId: conversation.id, customerId: 'B2B-003', channel: 'web', reason: 'person_requested', detail: 'quiero hablar con una persona' } });
    return ticket.id;
  }

  test('of two claims at once, exactly one wins and the other is told who holds the ticket', async () => {
    for (let round = 0; round < 10; round += 1) {
      const ticketId = await openTicket(round);
      const results = await Promise.allSettled([claimTicket(db, ticketId, ana), claimTicket(db, ticketId, ben)]);
      const won = results.filter((r) => r.status === 'fulfilled');
      const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(1);
      expect(lost[0]!.reason).toBeInstanceOf(QueueError);
      const ticket = await db.prisma.handoffTicket.findUniqueOrThrow({ where: { id: ticketId } });
      const holder = ticket.claimedById === ana ? 'ana@esimhub.test' : 'ben@esimhub.test';
      expect((lost[0]!.reason as Error).message).toBe(`ticket ${ticketId} is held by ${holder}`);
      expect(ticket.status).toBe('claimed');
      // The holder claiming again is fine; the other one releasing it is refused; the holder releases.
      const other = ticket.claimedById === ana ? ben : ana;
      await claimTicket(db, ticketId, ticket.claimedById!);
      await expect(releaseTicket(db, ticketId, other)).rejects.toThrow(`ticket ${ticketId} is held by ${holder}`);
      await releaseTicket(db, ticketId, ticket.claimedById!);
      await expect(claimTicket(db, ticketId, other)).rejects.toThrow(`ticket ${ticketId} was already released`);
    }
  });

  test('a release racing a claim of an open ticket leaves it in one state, never claimed by someone after its release', async () => {
    for (let round = 10; round < 20; round += 1) {
      const ticketId = await openTicket(round);
      await Promise.allSettled([claimTicket(db, ticketId, ana), releaseTicket(db, ticketId, ben)]);
      const ticket = await db.prisma.handoffTicket.findUniqueOrThrow({ where: { id: ticketId } });
      const conversation = await db.prisma.conversation.findUniqueOrThrow({ where: { id: ticket.conversationId! } });
      if (ticket.status === 'claimed') expect([ticket.claimedById, conversation.state]).toEqual([ana, 'handed_off']);
      else expect([ticket.status, conversation.state]).toEqual(['released', 'idle']);
    }
  });
});
