package org.reservegrid.auth.api;

import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.RejectedExecutionException;
import org.jspecify.annotations.Nullable;
import org.reservegrid.auth.flow.Refusals;
import org.reservegrid.auth.password.Busy;
import org.reservegrid.spring.api.ApiException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Runs the flows (JDBC and Argon2id, both blocking) off the event loop, on a bounded pool: 64 threads and at most
 * 2,000 queued requests; beyond that a 503 {@code busy} instead of an unbounded queue. A database that cannot be
 * reached answers 503 {@code database_unavailable}.
 */
@Component
class Blocking implements AutoCloseable {
    private static final int DATABASE_RETRY_AFTER_SECONDS = 5;

    private final Scheduler scheduler = Schedulers.newBoundedElastic(64, 2_000, "auth-work", 60, true);

    <T> Mono<T> call(Callable<T> work) {
        return Mono.fromCallable(work)
                .subscribeOn(scheduler)
                .onErrorMap(RejectedExecutionException.class, e -> Refusals.busy())
                .onErrorMap(Busy.class, e -> Refusals.busy())
                .onErrorMap(
                        Blocking::databaseUnavailable,
                        e -> new ApiException(
                                HttpStatus.SERVICE_UNAVAILABLE,
                                "database_unavailable",
                                "the account database is unavailable; try again shortly",
                                // The documented 503 shape: when to retry, in the body and in Retry-After.
                                Map.of("retry_after_seconds", DATABASE_RETRY_AFTER_SECONDS)));
    }

    /**
     * Whether a failure means the database cannot be reached. Besides Spring's data-access exceptions, a flow's
     * TransactionTemplate throws CannotCreateTransactionException when it gets no connection and
     * TransactionSystemException when the connection broke mid-transaction (its rollback fails too): neither is a
     * DataAccessException. SQLSTATE class 08 is a connection exception.
     */
    static boolean databaseUnavailable(@Nullable Throwable failure) {
        int depth = 0;
        for (Throwable e = failure; e != null && depth < 16; e = e.getCause(), depth++) {
            if (e instanceof DataAccessResourceFailureException
                    || e instanceof TransientDataAccessException
                    || e instanceof CannotCreateTransactionException) {
                return true;
            }
            if (e instanceof TransactionSystemException transaction
                    && transaction.getApplicationException() != null
                    && databaseUnavailable(transaction.getApplicationException())) {
                return true;
            }
            if (e instanceof SQLException sql
                    && sql.getSQLState() != null
                    && sql.getSQLState().startsWith("08")) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() {
        scheduler.dispose();
    }
}
