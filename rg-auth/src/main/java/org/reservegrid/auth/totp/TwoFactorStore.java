package org.reservegrid.auth.totp;

import static org.reservegrid.auth.database.Times.utc;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.reservegrid.auth.token.Tokens;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * TOTP state beside the account row: the last accepted step, recovery codes (SHA-256 only) and the admins'
 * requirement setting ({@code auth_settings.two_factor_required}).
 */
@Repository
public class TwoFactorStore {
    public static final int RECOVERY_CODES = 10;
    private static final String ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String REQUIRED = "two_factor_required";

    private final JdbcClient jdbc;

    public TwoFactorStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public long lastStep(long accountId) {
        return jdbc.sql("SELECT totp_last_step FROM accounts WHERE id = ?")
                .param(accountId)
                .query(Long.class)
                .single();
    }

    /** Moves the last accepted step forward; false when a concurrent login used this step already. */
    public boolean acceptStep(long accountId, long step) {
        return jdbc.sql("UPDATE accounts SET totp_last_step = ? WHERE id = ? AND totp_last_step < ?")
                        .params(step, accountId, step)
                        .update()
                == 1;
    }

    /** Replaces the account's recovery codes with new ones, returned once in plain text. */
    public List<String> newRecoveryCodes(long accountId) {
        jdbc.sql("DELETE FROM recovery_codes WHERE account_id = ?")
                .param(accountId)
                .update();
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < RECOVERY_CODES; i++) {
            String code = randomCode();
            codes.add(code);
            jdbc.sql("INSERT INTO recovery_codes (account_id, code_hash) VALUES (?, ?)")
                    .params(accountId, Tokens.hash(code))
                    .update();
        }
        return codes;
    }

    /** Uses a recovery code up; false when it is unknown or used. */
    public boolean useRecoveryCode(long accountId, String code, Instant now) {
        String normalized = code.strip().toLowerCase(Locale.ROOT).replace(" ", "");
        if (normalized.length() > 32) {
            return false;
        }
        return jdbc.sql(
                                "UPDATE recovery_codes SET used_at = ? WHERE account_id = ? AND code_hash = ? AND used_at IS NULL")
                        .params(utc(now), accountId, Tokens.hash(normalized))
                        .update()
                == 1;
    }

    public void dropRecoveryCodes(long accountId) {
        jdbc.sql("DELETE FROM recovery_codes WHERE account_id = ?")
                .param(accountId)
                .update();
    }

    public boolean required() {
        return jdbc.sql("SELECT setting_value FROM auth_settings WHERE setting_name = ?")
                .param(REQUIRED)
                .query(String.class)
                .optional()
                .map("true"::equals)
                .orElse(false);
    }

    public void setRequired(boolean required) {
        int updated = jdbc.sql("UPDATE auth_settings SET setting_value = ? WHERE setting_name = ?")
                .params(Boolean.toString(required), REQUIRED)
                .update();
        if (updated == 0) {
            jdbc.sql("INSERT INTO auth_settings (setting_name, setting_value) VALUES (?, ?)")
                    .params(REQUIRED, Boolean.toString(required))
                    .update();
        }
    }

    private static String randomCode() {
        StringBuilder code = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            code.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return code.toString();
    }
}
