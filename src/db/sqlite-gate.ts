/**
 * TypeORM's better-sqlite3 driver runs everything on ONE connection through ONE query runner. Two
 * requests that await between statements would interleave on it: a plain write made while another
 * request's transaction is open lands inside that transaction (and is lost if it rolls back), and a
 * second transaction becomes a savepoint of the first. The gate restores isolation inside the
 * process: a transaction holds the connection from BEGIN to COMMIT/ROLLBACK, and any statement
 * from outside it waits its turn. Ownership follows the async context (AsyncLocalStorage), so the
 * statements a transaction's callback issues (through its manager or, by mistake, the DataSource)
 * never wait on themselves.
 *
 * Between processes, SQLite's own file locks and busy timeout apply as usual.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { AppError } from '../shared/errors';

/** How long a statement or transaction waits for another transaction of this process to end. */
const WAIT_LIMIT_MS = 60_000;

class Gate {
  private held = false;
  private readonly waiters: (() => void)[] = [];
  readonly owner = new AsyncLocalStorage<true>();

  async acquire(): Promise<() => void> {
    if (this.held) {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          const i = this.waiters.indexOf(wake);
          if (i >= 0) this.waiters.splice(i, 1);
          reject(new AppError('database_busy', 'errors.databaseBusy'));
        }, WAIT_LIMIT_MS);
        const wake = () => {
          clearTimeout(timer);
          resolve();
        };
        this.waiters.push(wake);
      });
    }
    this.held = true;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiters.shift();
      if (next) next();
      else this.held = false;
    };
  }

  /** Runs `fn` holding the connection, unless this async context already holds it. */
  async exclusive<T>(fn: () => Promise<T>): Promise<T> {
    if (this.owner.getStore()) return fn();
    const release = await this.acquire();
    try {
      return await this.owner.run(true, fn);
    } finally {
      release();
    }
  }
}

/**
 * `save`, `remove`, `softRemove` and `recover` open a transaction of their own on the runner
 * (TypeORM's persist executor: BEGIN, one statement per row, COMMIT), outside `transaction()`: they
 * hold the gate for their whole length too, or a statement of work running beside them lands inside
 * their transaction and is undone with it when one of their rows fails.
 */
const SELF_TRANSACTED = ['transaction', 'save', 'remove', 'softRemove', 'recover'] as const;

function gateTransactions(manager: EntityManager, gate: Gate): void {
  const target = manager as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
  for (const name of SELF_TRANSACTED) {
    const original = target[name].bind(manager);
    target[name] = (...args: unknown[]) => gate.exclusive(() => original(...args));
  }
}

const gates = new WeakMap<DataSource, Gate>();

/**
 * Runs `fn` holding the connection (SQLite; on PostgreSQL it just runs): for work that uses
 * better-sqlite3's own statements and transactions (the daily run's writer), which the gate cannot
 * see, so that it never starts while a TypeORM transaction of this process is open.
 */
export function withConnection<T>(dataSource: DataSource, fn: () => Promise<T>): Promise<T> {
  const gate = gates.get(dataSource);
  return gate ? gate.exclusive(fn) : fn();
}

/** Installs the gate on a better-sqlite3 DataSource (no-op on PostgreSQL, which has a pool). */
export function installSqliteGate(dataSource: DataSource): void {
  if (dataSource.options.type !== 'better-sqlite3') return;
  const gate = new Gate();
  gates.set(dataSource, gate);
  gateTransactions(dataSource.manager, gate);
  const runner: QueryRunner = dataSource.driver.createQueryRunner('master');
  const query = runner.query.bind(runner) as (...args: unknown[]) => Promise<unknown>;
  (runner as unknown as { query: (...args: unknown[]) => Promise<unknown> }).query = (...args: unknown[]) => gate.exclusive(() => query(...args));
  // Every createQueryRunner() hands out the same runner with a fresh manager: gate that manager's transactions too.
  const createQueryRunner = dataSource.createQueryRunner.bind(dataSource);
  dataSource.createQueryRunner = (mode) => {
    const r = createQueryRunner(mode);
    gateTransactions(r.manager, gate);
    return r;
  };
}
