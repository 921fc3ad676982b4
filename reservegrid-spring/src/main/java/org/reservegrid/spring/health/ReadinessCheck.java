package org.reservegrid.spring.health;

import java.util.function.Supplier;

/**
 * One condition a service must meet before it is ready for traffic, contributed as a bean; {@code /ready} is 200
 * only while every check of the service is up. {@link #check()} runs on each {@code /ready} request, on an HTTP
 * event loop: it reads state the service already keeps and never blocks.
 */
public interface ReadinessCheck {

    /** The check's key in the {@code checks} object of {@code /ready}: short, snake_case, unique in the service. */
    String name();

    /** The check's current result. */
    CheckResult check();

    /** A check from a name and a function, for the common case of a lambda over the service's state. */
    static ReadinessCheck of(String name, Supplier<CheckResult> check) {
        return new ReadinessCheck() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public CheckResult check() {
                return check.get();
            }
        };
    }
}
