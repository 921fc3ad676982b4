package org.reservegrid.auth.api;

import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.cfg.CoercionAction;
import tools.jackson.databind.cfg.CoercionInputShape;
import tools.jackson.databind.type.LogicalType;

/**
 * A number or boolean where the API expects a string is a 400 naming the member, as any other wrong type is.
 * Jackson turns {@code 123456789012} into the string {@code "123456789012"} by default, even with
 * {@code allow-coercion-of-scalars} off (that feature covers numbers and booleans, not text), so a password sent as
 * a JSON number would otherwise be accepted.
 */
@Configuration(proxyBeanMethods = false)
class StrictJson {

    @Bean
    JsonMapperBuilderCustomizer noScalarsAsStrings() {
        return builder -> builder.withCoercionConfig(
                LogicalType.Textual,
                strings -> strings.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail));
    }
}
