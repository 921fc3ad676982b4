package org.reservegrid.auth.database;

import java.sql.Types;
import org.springframework.jdbc.core.SqlParameterValue;

/** SQL parameters that may be NULL, typed so both H2 and PostgreSQL bind the NULL correctly. */
public final class Nullable {
    private Nullable() {}

    public static SqlParameterValue text(org.jspecify.annotations.@org.jspecify.annotations.Nullable String value) {
        return new SqlParameterValue(Types.VARCHAR, value);
    }

    public static SqlParameterValue bigint(org.jspecify.annotations.@org.jspecify.annotations.Nullable Long value) {
        return new SqlParameterValue(Types.BIGINT, value);
    }
}
