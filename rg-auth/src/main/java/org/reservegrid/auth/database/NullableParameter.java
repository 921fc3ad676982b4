package org.reservegrid.auth.database;

import java.sql.Types;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.SqlParameterValue;

/** SQL parameters that may be NULL, typed so both H2 and PostgreSQL bind the NULL correctly. */
public final class NullableParameter {
    private NullableParameter() {}

    public static SqlParameterValue text(@Nullable String value) {
        return new SqlParameterValue(Types.VARCHAR, value);
    }

    public static SqlParameterValue bigint(@Nullable Long value) {
        return new SqlParameterValue(Types.BIGINT, value);
    }
}
