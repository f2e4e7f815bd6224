// The ledger on PostgreSQL: rules come from domain/ledger, these files only read and write. Every
// function takes the caller's transaction, so an entry commits or rolls back with the state change
// that caused it. PostgreSQL re-checks balance, immutability and overdraft (migration triggers).

export { balanceOf, balancesOfCustomer, type Balance } from './balances';
export { postEntries } from './post-entries';
export { postEntry, type PostResult } from './post-entry';
export { inputHash, type Queryable } from './queryable';
export { loadEntry, reverseEntry, type ReverseResult, type StoredEntry } from './stored-entries';
