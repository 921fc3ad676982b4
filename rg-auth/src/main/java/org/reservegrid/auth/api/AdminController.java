package org.reservegrid.auth.api;

import static org.reservegrid.auth.api.Requests.required;

import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.reservegrid.auth.account.Account;
import org.reservegrid.auth.account.AccountState;
import org.reservegrid.auth.account.Role;
import org.reservegrid.auth.audit.AuditEntry;
import org.reservegrid.auth.flow.AdminFlow;
import org.reservegrid.auth.flow.Caller;
import org.reservegrid.auth.session.Session;
import org.reservegrid.spring.api.ApiException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** Admin actions under {@code /api/auth/admin/}; every one needs an admin session. */
@RestController
@RequestMapping("/api/auth/admin")
class AdminController {
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 200;

    private final AdminFlow admin;
    private final Authenticator authenticator;
    private final Blocking blocking;

    AdminController(AdminFlow admin, Authenticator authenticator, Blocking blocking) {
        this.admin = admin;
        this.authenticator = authenticator;
        this.blocking = blocking;
    }

    @GetMapping("/users")
    Mono<Responses.Users> users(
            @RequestParam(defaultValue = "pending") String state,
            @RequestParam(required = false) @Nullable Long before,
            @RequestParam(required = false) @Nullable Integer limit,
            ServerWebExchange exchange) {
        AccountState filter = Arrays.stream(AccountState.values())
                .filter(candidate -> candidate.value().equals(state))
                .findFirst()
                .orElseThrow(() -> ApiException.badRequest(
                        "invalid_parameter",
                        "state must be one of pending, active, disabled, unverified, rejected; got '" + state + "'"));
        int pageSize = limit(limit);
        long beforeId = before(before);
        return blocking.call(() -> {
            adminSession(exchange);
            List<Account> page = admin.list(filter, beforeId, pageSize);
            Long next = page.size() == pageSize ? page.getLast().id() : null;
            return new Responses.Users(
                    page.stream().map(Responses.AccountView::of).toList(), next);
        });
    }

    @PostMapping("/users/{id}/approve")
    Mono<Responses.AccountView> approve(
            @PathVariable long id,
            @RequestBody(required = false) Requests.@Nullable Approve body,
            ServerWebExchange exchange) {
        Role role = body == null || body.role() == null ? null : role(body.role());
        Caller caller = authenticator.caller(exchange);
        return blocking.call(() -> Responses.AccountView.of(admin.approve(adminSession(exchange), id, role, caller)));
    }

    @PostMapping("/users/{id}/reject")
    Mono<Responses.AccountView> reject(@PathVariable long id, ServerWebExchange exchange) {
        Caller caller = authenticator.caller(exchange);
        return blocking.call(() -> Responses.AccountView.of(admin.reject(adminSession(exchange), id, caller)));
    }

    @PostMapping("/users/{id}/disable")
    Mono<Responses.AccountView> disable(@PathVariable long id, ServerWebExchange exchange) {
        Caller caller = authenticator.caller(exchange);
        return blocking.call(() -> Responses.AccountView.of(admin.disable(adminSession(exchange), id, caller)));
    }

    @PostMapping("/users/{id}/enable")
    Mono<Responses.AccountView> enable(@PathVariable long id, ServerWebExchange exchange) {
        Caller caller = authenticator.caller(exchange);
        return blocking.call(() -> Responses.AccountView.of(admin.enable(adminSession(exchange), id, caller)));
    }

    @PostMapping("/users/{id}/role")
    Mono<Responses.AccountView> role(
            @PathVariable long id, @RequestBody Requests.RoleChange body, ServerWebExchange exchange) {
        Role role = role(required(body.role(), "role"));
        Caller caller = authenticator.caller(exchange);
        return blocking.call(() -> Responses.AccountView.of(admin.setRole(adminSession(exchange), id, role, caller)));
    }

    @GetMapping("/audit")
    Mono<Responses.Audit> audit(
            @RequestParam(required = false) @Nullable Long before,
            @RequestParam(required = false) @Nullable Integer limit,
            ServerWebExchange exchange) {
        int pageSize = limit(limit);
        long beforeId = before(before);
        return blocking.call(() -> {
            adminSession(exchange);
            List<AuditEntry> page = admin.audit(beforeId, pageSize);
            Long next = page.size() == pageSize ? page.getLast().id() : null;
            return new Responses.Audit(page, next);
        });
    }

    @GetMapping("/two-factor")
    Mono<Responses.TwoFactorPolicy> twoFactor(ServerWebExchange exchange) {
        return blocking.call(() -> {
            adminSession(exchange);
            return new Responses.TwoFactorPolicy(admin.twoFactorRequired());
        });
    }

    @PutMapping("/two-factor")
    Mono<Responses.TwoFactorPolicy> requireTwoFactor(
            @RequestBody Requests.TwoFactorRequirement body, ServerWebExchange exchange) {
        Boolean required = body.required();
        if (required == null) {
            throw ApiException.badRequest("missing_field", "the body must have the member 'required' (true or false)");
        }
        Caller caller = authenticator.caller(exchange);
        return blocking.call(() -> {
            Session session = authenticator.authenticate(exchange).session();
            if (session.account().role() != Role.ADMIN) {
                throw org.reservegrid.auth.flow.Refusals.forbidden("only admins may do this");
            }
            // Turning the requirement on is allowed before one's own set-up; the admin then sets it up.
            admin.requireTwoFactor(session, required, caller);
            return new Responses.TwoFactorPolicy(required);
        });
    }

    private Session adminSession(ServerWebExchange exchange) {
        Session session = authenticator.authenticate(exchange).session();
        admin.requireAdmin(session);
        return session;
    }

    private static Role role(String value) {
        return Role.parse(value)
                .orElseThrow(() -> ApiException.badRequest(
                        "invalid_role", "role must be admin, operator or viewer; got '" + value + "'"));
    }

    private static int limit(@Nullable Integer limit) {
        if (limit == null) {
            return DEFAULT_LIMIT;
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ApiException.badRequest(
                    "invalid_parameter", "limit must be between 1 and " + MAX_LIMIT + ", got " + limit);
        }
        return limit;
    }

    private static long before(@Nullable Long before) {
        if (before == null) {
            return Long.MAX_VALUE;
        }
        if (before < 1) {
            throw ApiException.badRequest("invalid_parameter", "before must be a positive id, got " + before);
        }
        return before;
    }
}
