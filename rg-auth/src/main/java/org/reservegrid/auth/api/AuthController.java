package org.reservegrid.auth.api;

import static org.reservegrid.auth.api.Requests.optional;
import static org.reservegrid.auth.api.Requests.required;

import java.time.Clock;
import java.util.List;
import org.reservegrid.auth.account.Account;
import org.reservegrid.auth.account.AccountState;
import org.reservegrid.auth.api.Authenticator.Authenticated;
import org.reservegrid.auth.flow.Caller;
import org.reservegrid.auth.flow.LoginResult;
import org.reservegrid.auth.flow.PasswordFlow;
import org.reservegrid.auth.flow.RegistrationFlow;
import org.reservegrid.auth.flow.SessionFlow;
import org.reservegrid.auth.flow.SessionFlow.SecondFactor;
import org.reservegrid.auth.flow.TwoFactorFlow;
import org.reservegrid.auth.session.Session;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** The account API the dashboard and API clients use (docs/rg-auth.md, "API"). */
@RestController
@RequestMapping("/api/auth")
class AuthController {
    private static final Responses.Accepted ACCEPTED = new Responses.Accepted(
            "accepted", "if the address can receive this email, it is on its way; check your inbox");

    private final RegistrationFlow registration;
    private final SessionFlow sessions;
    private final PasswordFlow passwords;
    private final TwoFactorFlow twoFactor;
    private final Authenticator authenticator;
    private final SessionCookie cookie;
    private final Blocking blocking;
    private final Clock clock;

    AuthController(
            RegistrationFlow registration,
            SessionFlow sessions,
            PasswordFlow passwords,
            TwoFactorFlow twoFactor,
            Authenticator authenticator,
            SessionCookie cookie,
            Blocking blocking,
            Clock clock) {
        this.registration = registration;
        this.sessions = sessions;
        this.passwords = passwords;
        this.twoFactor = twoFactor;
        this.authenticator = authenticator;
        this.cookie = cookie;
        this.blocking = blocking;
        this.clock = clock;
    }

    @PostMapping("/register")
    Mono<ResponseEntity<Responses.Accepted>> register(@RequestBody Requests.Register body, ServerWebExchange exchange) {
        String email = required(body.email(), "email");
        String password = required(body.password(), "password");
        Caller caller = authenticator.caller(exchange);
        return blocking.call(() -> {
            registration.register(email, password, caller);
            return ResponseEntity.status(HttpStatus.ACCEPTED).body(ACCEPTED);
        });
    }

    @PostMapping("/verify")
    Mono<Responses.Verified> verify(@RequestBody Requests.Token body, ServerWebExchange exchange) {
        String token = required(body.token(), "token");
        Caller caller = authenticator.caller(exchange);
        return blocking.call(() -> {
            AccountState state = registration.verify(token, caller);
            String message = state == AccountState.ACTIVE
                    ? "email verified; you can log in"
                    : "email verified; an administrator will approve the account";
            return new Responses.Verified(state.value(), message);
        });
    }

    @PostMapping("/resend")
    Mono<ResponseEntity<Responses.Accepted>> resend(@RequestBody Requests.Email body, ServerWebExchange exchange) {
        String email = required(body.email(), "email");
        Caller caller = authenticator.caller(exchange);
        return blocking.call(() -> {
            registration.resend(email, caller);
            return ResponseEntity.status(HttpStatus.ACCEPTED).body(ACCEPTED);
        });
    }

    @PostMapping("/forgot")
    Mono<ResponseEntity<Responses.Accepted>> forgot(@RequestBody Requests.Email body, ServerWebExchange exchange) {
        String email = required(body.email(), "email");
        Caller caller = authenticator.caller(exchange);
        return blocking.call(() -> {
            passwords.forgot(email, caller);
            return ResponseEntity.status(HttpStatus.ACCEPTED).body(ACCEPTED);
        });
    }

    @PostMapping("/reset")
    Mono<Responses.Done> reset(@RequestBody Requests.Reset body, ServerWebExchange exchange) {
        String token = required(body.token(), "token");
        String password = required(body.password(), "password");
        Caller caller = authenticator.caller(exchange);
        return blocking.call(() -> {
            passwords.reset(token, password, caller);
            return new Responses.Done("password_reset");
        });
    }

    @PostMapping("/login")
    Mono<ResponseEntity<Responses.Login>> login(@RequestBody Requests.Login body, ServerWebExchange exchange) {
        String email = required(body.email(), "email");
        String password = required(body.password(), "password");
        SecondFactor second =
                new SecondFactor(optional(body.totp(), "totp"), optional(body.recoveryCode(), "recovery_code"));
        Caller caller = authenticator.caller(exchange);
        return blocking.call(() -> {
            LoginResult result = sessions.login(email, password, second, caller);
            Responses.Login response = new Responses.Login(
                    result.token(),
                    Authenticator.csrfFor(result.token()),
                    result.expiresAt(),
                    Responses.AccountView.of(result.account()));
            return ResponseEntity.ok()
                    .header(
                            HttpHeaders.SET_COOKIE,
                            cookie.issue(result.token(), result.expiresAt(), clock.instant())
                                    .toString())
                    .body(response);
        });
    }

    @PostMapping("/logout")
    Mono<ResponseEntity<Responses.LoggedOut>> logout(ServerWebExchange exchange) {
        Caller caller = authenticator.caller(exchange);
        return blocking.call(() -> {
            Authenticated auth = authenticator.authenticate(exchange);
            sessions.logout(auth.session(), caller);
            return ResponseEntity.ok()
                    .header(HttpHeaders.SET_COOKIE, cookie.clear().toString())
                    .body(new Responses.LoggedOut("logged_out", 1));
        });
    }

    @PostMapping("/logout-all")
    Mono<ResponseEntity<Responses.LoggedOut>> logoutAll(ServerWebExchange exchange) {
        Caller caller = authenticator.caller(exchange);
        return blocking.call(() -> {
            Authenticated auth = authenticator.authenticate(exchange);
            int revoked = sessions.logoutAll(auth.session(), caller);
            return ResponseEntity.ok()
                    .header(HttpHeaders.SET_COOKIE, cookie.clear().toString())
                    .body(new Responses.LoggedOut("logged_out", revoked));
        });
    }

    @GetMapping("/me")
    Mono<Responses.Me> me(ServerWebExchange exchange) {
        return blocking.call(() -> {
            Authenticated auth = authenticator.authenticate(exchange);
            Session session = auth.session();
            Account account = session.account();
            return new Responses.Me(
                    account.id(),
                    account.email(),
                    account.role().value(),
                    account.state().value(),
                    session.createdAt(),
                    session.expiresAt(),
                    auth.csrfToken(),
                    account.totpEnabled(),
                    twoFactor.setupRequired(account));
        });
    }

    @PostMapping("/password")
    Mono<Responses.Done> changePassword(@RequestBody Requests.ChangePassword body, ServerWebExchange exchange) {
        String current = required(body.current(), "current");
        String next = required(body.newPassword(), "new");
        Caller caller = authenticator.caller(exchange);
        return blocking.call(() -> {
            Authenticated auth = authenticator.authenticate(exchange);
            passwords.change(auth.session(), current, next, caller);
            return new Responses.Done("password_changed");
        });
    }

    @PostMapping("/totp/setup")
    Mono<Responses.TwoFactorSetup> totpSetup(ServerWebExchange exchange) {
        return blocking.call(() -> {
            TwoFactorFlow.Setup setup =
                    twoFactor.setup(authenticator.authenticate(exchange).session());
            return new Responses.TwoFactorSetup(setup.secret(), setup.otpauthUri());
        });
    }

    @PostMapping("/totp/enable")
    Mono<Responses.RecoveryCodes> totpEnable(@RequestBody Requests.Code body, ServerWebExchange exchange) {
        String code = required(body.code(), "code");
        Caller caller = authenticator.caller(exchange);
        return blocking.call(() -> {
            List<String> codes =
                    twoFactor.enable(authenticator.authenticate(exchange).session(), code, caller);
            return new Responses.RecoveryCodes(codes);
        });
    }

    @PostMapping("/totp/disable")
    Mono<Responses.Done> totpDisable(@RequestBody Requests.DisableTwoFactor body, ServerWebExchange exchange) {
        String password = required(body.password(), "password");
        String code = required(body.code(), "code");
        Caller caller = authenticator.caller(exchange);
        return blocking.call(() -> {
            twoFactor.disable(authenticator.authenticate(exchange).session(), password, code, caller);
            return new Responses.Done("two_factor_disabled");
        });
    }
}
