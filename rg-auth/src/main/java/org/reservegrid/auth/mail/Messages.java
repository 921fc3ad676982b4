package org.reservegrid.auth.mail;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.reservegrid.auth.config.AuthSettings;
import org.springframework.stereotype.Component;

/**
 * The emails rg-auth sends. Links point at the dashboard ({@code VELDRA_AUTH_PUBLIC_URL}), which serves
 * {@code /verify?token=} and {@code /reset?token=} and posts the token back to this service.
 */
@Component
public class Messages {
    private final URI publicUrl;

    public Messages(AuthSettings settings) {
        this.publicUrl = settings.publicUrl();
    }

    public Email verification(String to, String token) {
        return new Email("verify", to, "Verify your ReserveGrid OS account", """
                Someone (hopefully you) registered this address with ReserveGrid OS.

                Verify it by opening this link within 24 hours:
                %s

                Once verified, an administrator approves the account before you can log in.
                If you did not register, ignore this email.
                """.formatted(link("/verify", token)));
    }

    public Email alreadyRegistered(String to) {
        return new Email("already_registered", to, "Your ReserveGrid OS account", """
                Someone tried to register this address with ReserveGrid OS, but it already has an account.

                If that was you and you forgot your password, reset it here:
                %s

                If it was not you, ignore this email; nothing changed.
                """.formatted(publicUrl + "/forgot"));
    }

    public Email reset(String to, String token) {
        return new Email("reset", to, "Reset your ReserveGrid OS password", """
                A password reset was asked for this address.

                Choose a new password by opening this link within 1 hour:
                %s

                Resetting logs out every session of the account. If you did not ask for this, ignore this email;
                your password stays as it is.
                """.formatted(link("/reset", token)));
    }

    public Email approvalNeeded(String admin, String applicant) {
        return new Email(
                "approval_needed", admin, "ReserveGrid OS: " + applicant + " waits for approval", """
                %s verified their email address and waits for approval.

                Approve or reject the account in the dashboard:
                %s
                """.formatted(
                                applicant, publicUrl + "/settings/users"));
    }

    public Email approved(String to) {
        return new Email(
                "approved", to, "Your ReserveGrid OS account is approved", """
                An administrator approved your account. You can log in now:
                %s
                """.formatted(publicUrl + "/login"));
    }

    public Email passwordChanged(String to) {
        return new Email("password_changed", to, "Your ReserveGrid OS password was changed", """
                The password of your ReserveGrid OS account was just changed, and every other session was logged out.

                If that was not you, reset your password at once and tell your administrator:
                %s
                """.formatted(
                        publicUrl + "/forgot"));
    }

    private String link(String path, String token) {
        return publicUrl + path + "?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
    }
}
