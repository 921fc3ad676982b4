package org.reservegrid.auth.api;

import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.RejectedExecutionException;
import org.reservegrid.auth.flow.Refusals;
import org.reservegrid.auth.password.Busy;
import org.reservegrid.spring.api.ApiException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.transaction.CannotCreateTransactionException;
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
                        e -> e instanceof DataAccessResourceFailureException
                                || e instanceof TransientDataAccessException
                                // What a flow's TransactionTemplate throws when it gets no connection.
                                || e instanceof CannotCreateTransactionException,
                        e -> new ApiException(
                                HttpStatus.SERVICE_UNAVAILABLE,
                                "database_unavailable",
                                "the account database is unavailable; try again shortly",
                                // The documented 503 shape: when to retry, in the body and in Retry-After.
                                Map.of("retry_after_seconds", DATABASE_RETRY_AFTER_SECONDS)));
    }

    @Override
    public void close() {
        scheduler.dispose();
    }
}
